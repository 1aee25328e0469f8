// Spark 3.x listener events as JsonProtocol writes them, with only the fields a real log has.
// The one liberty is a top-level "Timestamp" on ExecutorMetricsUpdate, as Skewscope's local
// engine writes it: Spark's own update carries no time.

export type Event = Record<string, unknown>;

export interface TaskRecord {
  taskId: number;
  index: number;
  attempt: number;
  stageId: number;
  executorId: string;
  host: string;
  launch: number;
  finish: number;
  inputBytes: number;
  shuffleBytes: number;
  shuffleRecords: number;
  /** Executor JVM heap peak while the task ran, as polled (undefined: no poll fell in the task). */
  heapPeak?: number;
  failure?: { kind: 'yarn-memory' | 'java-oom'; message: string };
}

const info = (t: TaskRecord, done: boolean) => ({
  'Task ID': t.taskId,
  Index: t.index,
  Attempt: t.attempt,
  'Partition ID': t.index,
  'Launch Time': t.launch,
  'Executor ID': t.executorId,
  Host: t.host,
  Locality: 'PROCESS_LOCAL',
  Speculative: false,
  'Getting Result Time': 0,
  'Finish Time': done ? t.finish : 0,
  Failed: done && !!t.failure,
  Killed: false,
  Accumulables: [],
});

export const taskStart = (t: TaskRecord): Event => ({ Event: 'SparkListenerTaskStart', 'Stage ID': t.stageId, 'Stage Attempt ID': 0, 'Task Info': info(t, false) });

export function taskEnd(t: TaskRecord, shuffleStage: boolean): Event {
  const run = t.finish - t.launch - 20;
  const reason = !t.failure
    ? { Reason: 'Success' }
    : t.failure.kind === 'yarn-memory'
      ? { Reason: 'ExecutorLostFailure', 'Executor ID': t.executorId, 'Exit Caused By App': true, 'Loss Reason': t.failure.message }
      : {
          Reason: 'ExceptionFailure',
          'Class Name': 'java.lang.OutOfMemoryError',
          Description: t.failure.message,
          'Stack Trace': [{ 'Declaring Class': 'java.util.Arrays', 'Method Name': 'copyOf', 'File Name': 'Arrays.java', 'Line Number': 3236 }],
          'Full Stack Trace': `java.lang.OutOfMemoryError: ${t.failure.message}\n\tat java.util.Arrays.copyOf(Arrays.java:3236)`,
          'Accumulator Updates': [],
        };
  const e: Event = {
    Event: 'SparkListenerTaskEnd',
    'Stage ID': t.stageId,
    'Stage Attempt ID': 0,
    'Task Type': shuffleStage ? 'ResultTask' : 'ShuffleMapTask',
    'Task End Reason': reason,
    'Task Info': info(t, true),
  };
  if (t.heapPeak !== undefined) e['Task Executor Metrics'] = { JVMHeapMemory: Math.round(t.heapPeak), JVMOffHeapMemory: 90_000_000 };
  if (!t.failure) {
    e['Task Metrics'] = {
      'Executor Deserialize Time': 10,
      'Executor Deserialize CPU Time': 5_000_000,
      'Executor Run Time': run,
      'Executor CPU Time': run * 800_000,
      'Peak Execution Memory': 0,
      'Result Size': 2000,
      'JVM GC Time': Math.round(run * 0.03),
      'Result Serialization Time': 0,
      'Memory Bytes Spilled': 0,
      'Disk Bytes Spilled': 0,
      'Shuffle Read Metrics': {
        'Remote Blocks Fetched': shuffleStage ? 10 : 0,
        'Local Blocks Fetched': shuffleStage ? 2 : 0,
        'Fetch Wait Time': 0,
        'Remote Bytes Read': Math.round(t.shuffleBytes * 0.8),
        'Remote Bytes Read To Disk': 0,
        'Local Bytes Read': t.shuffleBytes - Math.round(t.shuffleBytes * 0.8),
        'Total Records Read': t.shuffleRecords,
      },
      'Shuffle Write Metrics': {
        'Shuffle Bytes Written': shuffleStage ? 0 : Math.round(t.inputBytes / 2),
        'Shuffle Write Time': shuffleStage ? 0 : run * 10_000,
        'Shuffle Records Written': shuffleStage ? 0 : Math.round(t.inputBytes / 400),
      },
      'Input Metrics': { 'Bytes Read': t.inputBytes, 'Records Read': Math.round(t.inputBytes / 200) },
      'Output Metrics': { 'Bytes Written': 0, 'Records Written': 0 },
      'Updated Blocks': [],
    };
  }
  return e;
}

export interface StageRecord {
  stageId: number;
  name: string;
  numTasks: number;
  parents: number[];
  submitted?: number;
  completed?: number;
}

const stageInfo = (s: StageRecord) => ({
  'Stage ID': s.stageId,
  'Stage Attempt ID': 0,
  'Stage Name': s.name,
  'Number of Tasks': s.numTasks,
  'RDD Info': [],
  'Parent IDs': s.parents,
  Details: '',
  ...(s.submitted !== undefined ? { 'Submission Time': s.submitted } : {}),
  ...(s.completed !== undefined ? { 'Completion Time': s.completed } : {}),
  Accumulables: [],
  'Resource Profile Id': 0,
});

export const jobStart = (jobId: number, t: number, stages: StageRecord[]): Event => ({
  Event: 'SparkListenerJobStart',
  'Job ID': jobId,
  'Submission Time': t,
  'Stage Infos': stages.map((s) => stageInfo({ ...s, submitted: undefined, completed: undefined })),
  'Stage IDs': stages.map((s) => s.stageId),
  Properties: {},
});
export const stageSubmitted = (s: StageRecord): Event => ({ Event: 'SparkListenerStageSubmitted', 'Stage Info': stageInfo({ ...s, completed: undefined }), Properties: {} });
export const stageCompleted = (s: StageRecord): Event => ({ Event: 'SparkListenerStageCompleted', 'Stage Info': stageInfo(s) });
export const jobEnd = (jobId: number, t: number): Event => ({ Event: 'SparkListenerJobEnd', 'Job ID': jobId, 'Completion Time': t, 'Job Result': { Result: 'JobSucceeded' } });

export const logStart = (): Event => ({ Event: 'SparkListenerLogStart', 'Spark Version': '3.3.2' });
export const appStart = (appId: string, t: number): Event => ({ Event: 'SparkListenerApplicationStart', 'App Name': 'bench-scenario', 'App ID': appId, Timestamp: t, User: 'bench' });
export const appEnd = (t: number): Event => ({ Event: 'SparkListenerApplicationEnd', Timestamp: t });
export const environment = (props: Record<string, string>): Event => ({
  Event: 'SparkListenerEnvironmentUpdate',
  'JVM Information': { 'Java Version': '1.8.0_382 (Amazon.com Inc.)' },
  'Spark Properties': props,
  'Hadoop Properties': {},
  'System Properties': {},
  'Classpath Entries': {},
});
export const executorAdded = (id: string, host: string, cores: number, t: number): Event => ({
  Event: 'SparkListenerExecutorAdded',
  Timestamp: t,
  'Executor ID': id,
  'Executor Info': { Host: host, 'Total Cores': cores, 'Log Urls': {}, Attributes: {}, Resources: {}, 'Resource Profile Id': 0 },
});
export const executorRemoved = (id: string, t: number, reason: string): Event => ({ Event: 'SparkListenerExecutorRemoved', Timestamp: t, 'Executor ID': id, 'Removed Reason': reason });
export const driverMetrics = (t: number, heap: number): Event => executorMetrics('driver', t, heap);
export const executorMetrics = (id: string, t: number, heap: number): Event => ({
  Event: 'SparkListenerExecutorMetricsUpdate',
  'Executor ID': id,
  Timestamp: t,
  'Metrics Updated': [],
  'Executor Metrics Updated': [{ 'Stage ID': -1, 'Stage Attempt ID': -1, 'Executor Metrics': { JVMHeapMemory: Math.round(heap), JVMOffHeapMemory: 80_000_000 } }],
});
