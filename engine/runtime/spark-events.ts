// Builders for Spark listener events in Spark 3.x's JSON event-log format (JsonProtocol), with
// the same field names as real logs, so a local run is an event log like any other.
// Additions Spark ignores: a "Timestamp" on ExecutorMetricsUpdate (Spark does not log those
// updates, so it has no field for when a sample was taken) and the custom events HOT_KEYS_EVENT
// and MAP_OUTPUT_STATISTICS_EVENT.

export type SparkEvent = Record<string, unknown> & { Event: string };

/** Heavy-hitter join keys of one shuffle partition, read by the importer into JobRun.hotKeys. */
export const HOT_KEYS_EVENT = 'org.skewscope.SparkListenerHotKeys';

export const SPARK_VERSION = '3.3.0';

/** Spark's ExecutorMetrics names, all present (as Spark writes them), unknown ones as 0. */
export interface HeapSample {
  used: number;
  limit: number;
  external: number;
  minorGcCount: number;
  minorGcTime: number;
  majorGcCount: number;
  majorGcTime: number;
}

export function executorMetrics(s: HeapSample): Record<string, number> {
  return {
    JVMHeapMemory: s.used,
    JVMOffHeapMemory: s.external,
    OnHeapExecutionMemory: 0,
    OffHeapExecutionMemory: 0,
    OnHeapStorageMemory: 0,
    OffHeapStorageMemory: 0,
    OnHeapUnifiedMemory: 0,
    OffHeapUnifiedMemory: 0,
    DirectPoolMemory: 0,
    MappedPoolMemory: 0,
    ProcessTreeJVMVMemory: 0,
    ProcessTreeJVMRSSMemory: 0,
    ProcessTreePythonVMemory: 0,
    ProcessTreePythonRSSMemory: 0,
    ProcessTreeOtherVMemory: 0,
    ProcessTreeOtherRSSMemory: 0,
    MinorGCCount: s.minorGcCount,
    MinorGCTime: s.minorGcTime,
    MajorGCCount: s.majorGcCount,
    MajorGCTime: s.majorGcTime,
    TotalGCTime: s.minorGcTime + s.majorGcTime,
  };
}

/** Peaks field by field, as Spark's ExecutorMetrics.compareAndUpdatePeakValues. */
export function peakOf(a: Record<string, number> | undefined, b: Record<string, number>): Record<string, number> {
  if (!a) return { ...b };
  const out: Record<string, number> = { ...a };
  for (const [k, v] of Object.entries(b)) if (!(k in out) || v > out[k]) out[k] = v;
  return out;
}

export const logStart = (): SparkEvent => ({ Event: 'SparkListenerLogStart', 'Spark Version': SPARK_VERSION });

export const resourceProfileAdded = (cores: number, memoryMb: number): SparkEvent => ({
  Event: 'SparkListenerResourceProfileAdded',
  'Resource Profile Id': 0,
  'Executor Resource Requests': {
    cores: { 'Resource Name': 'cores', Amount: cores, 'Discovery Script': '', Vendor: '' },
    memory: { 'Resource Name': 'memory', Amount: memoryMb, 'Discovery Script': '', Vendor: '' },
  },
  'Task Resource Requests': { cpus: { 'Resource Name': 'cpus', Amount: 1.0 } },
});

export const environmentUpdate = (sparkProperties: Record<string, string>, jvm: Record<string, string>): SparkEvent => ({
  Event: 'SparkListenerEnvironmentUpdate',
  'JVM Information': jvm,
  'Spark Properties': sparkProperties,
  'Hadoop Properties': {},
  'System Properties': {},
  'Classpath Entries': {},
});

export const applicationStart = (name: string, appId: string, time: number, user: string): SparkEvent => ({
  Event: 'SparkListenerApplicationStart',
  'App Name': name,
  'App ID': appId,
  Timestamp: time,
  User: user,
});

export const applicationEnd = (time: number): SparkEvent => ({ Event: 'SparkListenerApplicationEnd', Timestamp: time });

export const blockManagerAdded = (executorId: string, host: string, maxMemory: number, time: number): SparkEvent => ({
  Event: 'SparkListenerBlockManagerAdded',
  'Block Manager ID': { 'Executor ID': executorId, Host: host, Port: 0 },
  'Maximum Memory': maxMemory,
  Timestamp: time,
  'Maximum Onheap Memory': maxMemory,
  'Maximum Offheap Memory': 0,
});

export const blockManagerRemoved = (executorId: string, host: string, time: number): SparkEvent => ({
  Event: 'SparkListenerBlockManagerRemoved',
  'Block Manager ID': { 'Executor ID': executorId, Host: host, Port: 0 },
  Timestamp: time,
});

export const executorAdded = (executorId: string, host: string, cores: number, time: number): SparkEvent => ({
  Event: 'SparkListenerExecutorAdded',
  Timestamp: time,
  'Executor ID': executorId,
  'Executor Info': { Host: host, 'Total Cores': cores, 'Log Urls': {}, Attributes: {}, Resources: {}, 'Resource Profile Id': 0 },
});

export const executorRemoved = (executorId: string, reason: string, time: number): SparkEvent => ({
  Event: 'SparkListenerExecutorRemoved',
  Timestamp: time,
  'Executor ID': executorId,
  'Removed Reason': reason,
});

export interface StageInfo {
  stageId: number;
  name: string;
  numTasks: number;
  parentIds: number[];
  details: string;
  submissionTime?: number;
  completionTime?: number;
  failureReason?: string;
}

function stageInfoJson(s: StageInfo): Record<string, unknown> {
  const o: Record<string, unknown> = {
    'Stage ID': s.stageId,
    'Stage Attempt ID': 0,
    'Stage Name': s.name,
    'Number of Tasks': s.numTasks,
    'RDD Info': [
      {
        'RDD ID': s.stageId,
        Name: s.name,
        Callsite: s.name,
        'Parent IDs': s.parentIds,
        'Storage Level': { 'Use Disk': false, 'Use Memory': false, Deserialized: false, Replication: 1 },
        Barrier: false,
        'Number of Partitions': s.numTasks,
        'Number of Cached Partitions': 0,
        'Memory Size': 0,
        'Disk Size': 0,
      },
    ],
    'Parent IDs': s.parentIds,
    Details: s.details,
  };
  if (s.submissionTime !== undefined) o['Submission Time'] = s.submissionTime;
  if (s.completionTime !== undefined) o['Completion Time'] = s.completionTime;
  if (s.failureReason !== undefined) o['Failure Reason'] = s.failureReason;
  o.Accumulables = [];
  o['Resource Profile Id'] = 0;
  return o;
}

export const jobStart = (jobId: number, time: number, stages: StageInfo[], properties: Record<string, string>): SparkEvent => ({
  Event: 'SparkListenerJobStart',
  'Job ID': jobId,
  'Submission Time': time,
  'Stage Infos': stages.map(stageInfoJson),
  'Stage IDs': stages.map((s) => s.stageId),
  Properties: properties,
});

export const jobEnd = (jobId: number, time: number, failure?: string): SparkEvent => ({
  Event: 'SparkListenerJobEnd',
  'Job ID': jobId,
  'Completion Time': time,
  'Job Result': failure === undefined ? { Result: 'JobSucceeded' } : { Result: 'JobFailed', Exception: { Message: failure, 'Stack Trace': [] } },
});

export const stageSubmitted = (s: StageInfo, properties: Record<string, string>): SparkEvent => ({
  Event: 'SparkListenerStageSubmitted',
  'Stage Info': stageInfoJson(s),
  Properties: properties,
});

export const stageCompleted = (s: StageInfo): SparkEvent => ({ Event: 'SparkListenerStageCompleted', 'Stage Info': stageInfoJson(s) });

export const stageExecutorMetrics = (executorId: string, stageId: number, metrics: Record<string, number>): SparkEvent => ({
  Event: 'SparkListenerStageExecutorMetrics',
  'Executor ID': executorId,
  'Stage ID': stageId,
  'Stage Attempt ID': 0,
  'Executor Metrics': metrics,
});

/** One polled sample. `stageIds` are the executor's active stages; none → Spark's driver key (-1, -1). */
export const executorMetricsUpdate = (executorId: string, time: number, stageIds: number[], metrics: Record<string, number>): SparkEvent => ({
  Event: 'SparkListenerExecutorMetricsUpdate',
  'Executor ID': executorId,
  Timestamp: time,
  'Metrics Updated': [],
  'Executor Metrics Updated': (stageIds.length ? stageIds : [-1]).map((id) => ({
    'Stage ID': id,
    'Stage Attempt ID': id === -1 ? -1 : 0,
    'Executor Metrics': metrics,
  })),
});

export interface TaskInfo {
  taskId: number;
  index: number;
  attempt: number;
  launchTime: number;
  executorId: string;
  host: string;
  finishTime: number;
  failed: boolean;
  killed: boolean;
  /** Named task accumulables (SQL-metric style), e.g. where the task's time went. */
  accumulables?: { id: number; name: string; update: number; value: number }[];
}

function taskInfoJson(t: TaskInfo): Record<string, unknown> {
  return {
    'Task ID': t.taskId,
    Index: t.index,
    Attempt: t.attempt,
    'Partition ID': t.index,
    'Launch Time': t.launchTime,
    'Executor ID': t.executorId,
    Host: t.host,
    Locality: 'PROCESS_LOCAL',
    Speculative: false,
    'Getting Result Time': 0,
    'Finish Time': t.finishTime,
    Failed: t.failed,
    Killed: t.killed,
    Accumulables: (t.accumulables ?? []).map((a) => ({
      ID: a.id,
      Name: a.name,
      Update: String(a.update),
      Value: String(a.value),
      Internal: false,
      'Count Failed Values': true,
    })),
  };
}

export const taskStart = (stageId: number, t: TaskInfo): SparkEvent => ({
  Event: 'SparkListenerTaskStart',
  'Stage ID': stageId,
  'Stage Attempt ID': 0,
  'Task Info': taskInfoJson(t),
});

/** What an executor measured while running one task attempt. */
export interface TaskMeasure {
  runTimeMs: number;
  cpuTimeNs: number;
  gcTimeMs: number;
  peakExecutionMemory: number;
  inputBytes: number;
  inputRecords: number;
  shuffleReadBytes: number;
  shuffleReadRecords: number;
  shuffleBlocksFetched: number;
  shuffleFetchWaitMs: number;
  shuffleWriteBytes: number;
  shuffleWriteRecords: number;
  shuffleWriteTimeNs: number;
  outputBytes: number;
  outputRecords: number;
  resultSize: number;
}

export function taskMetricsJson(m: TaskMeasure): Record<string, unknown> {
  return {
    'Executor Deserialize Time': 0,
    'Executor Deserialize CPU Time': 0,
    'Executor Run Time': m.runTimeMs,
    'Executor CPU Time': m.cpuTimeNs,
    'Peak Execution Memory': m.peakExecutionMemory,
    'Result Size': m.resultSize,
    'JVM GC Time': m.gcTimeMs,
    'Result Serialization Time': 0,
    'Memory Bytes Spilled': 0,
    'Disk Bytes Spilled': 0,
    'Shuffle Read Metrics': {
      'Remote Blocks Fetched': 0,
      'Local Blocks Fetched': m.shuffleBlocksFetched,
      'Fetch Wait Time': m.shuffleFetchWaitMs,
      'Remote Bytes Read': 0,
      'Remote Bytes Read To Disk': 0,
      'Local Bytes Read': m.shuffleReadBytes,
      'Total Records Read': m.shuffleReadRecords,
    },
    'Shuffle Write Metrics': {
      'Shuffle Bytes Written': m.shuffleWriteBytes,
      'Shuffle Write Time': m.shuffleWriteTimeNs,
      'Shuffle Records Written': m.shuffleWriteRecords,
    },
    'Input Metrics': { 'Bytes Read': m.inputBytes, 'Records Read': m.inputRecords },
    'Output Metrics': { 'Bytes Written': m.outputBytes, 'Records Written': m.outputRecords },
    'Updated Blocks': [],
  };
}

export type TaskEndReason =
  | { Reason: 'Success' }
  | { Reason: 'ExceptionFailure'; 'Class Name': string; Description: string; 'Stack Trace': []; 'Full Stack Trace': string; 'Accumulator Updates': [] }
  | { Reason: 'ExecutorLostFailure'; 'Executor ID': string; 'Exit Caused By App': boolean; 'Loss Reason': string }
  | { Reason: 'TaskKilled'; 'Kill Reason': string; 'Accumulator Updates': [] };

export const taskEnd = (
  stageId: number,
  taskType: 'ShuffleMapTask' | 'ResultTask',
  reason: TaskEndReason,
  t: TaskInfo,
  executorPeaks: Record<string, number> | undefined,
  measure: TaskMeasure | undefined,
): SparkEvent => {
  const o: SparkEvent = {
    Event: 'SparkListenerTaskEnd',
    'Stage ID': stageId,
    'Stage Attempt ID': 0,
    'Task Type': taskType,
    'Task End Reason': reason,
    'Task Info': taskInfoJson(t),
  };
  if (executorPeaks) o['Task Executor Metrics'] = executorPeaks;
  if (measure) o['Task Metrics'] = taskMetricsJson(measure);
  return o;
};

export const hotKeys = (
  stageId: number,
  partitionId: number,
  taskId: number,
  totalRecords: number,
  keys: { key: string; count: number; error: number }[],
): SparkEvent => ({
  Event: HOT_KEYS_EVENT,
  'Stage ID': stageId,
  'Stage Attempt ID': 0,
  'Partition ID': partitionId,
  'Task ID': taskId,
  'Total Records': totalRecords,
  Keys: keys.map((k) => ({ Key: k.key, Records: k.count, Error: k.error })),
});

/**
 * Bytes of each shuffle partition of a map stage that finished: Spark's MapOutputStatistics (what
 * adaptive execution reads to split skewed join partitions), which Spark keeps in the driver and
 * does not log. Logged here when the stage completes, before any reducer starts; Spark's History
 * Server drops it as unknown. The tuner predicts a join's peak heap from it.
 */
export const MAP_OUTPUT_STATISTICS_EVENT = 'org.skewscope.SparkListenerMapOutputStatistics';

export const mapOutputStatistics = (stageId: number, bytesByPartitionId: number[]): SparkEvent => ({
  Event: MAP_OUTPUT_STATISTICS_EVENT,
  'Stage ID': stageId,
  'Stage Attempt ID': 0,
  'Bytes By Partition Id': bytesByPartitionId,
});
