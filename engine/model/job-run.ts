// The JobRun model: one application attempt, whatever source it came from.
// Field names follow Spark's REST API v1 (status/api/v1/api.scala) wherever Spark has a name,
// so that summaries can be emitted without renaming. Times are epoch milliseconds.
// Everything here is plain data (no Maps, no classes) so a run can be saved, sent over IPC
// or HTTP, and compared in tests with deep equality.

export type TaskStatus = 'RUNNING' | 'SUCCESS' | 'FAILED' | 'KILLED' | 'UNKNOWN';
export type StageStatus = 'ACTIVE' | 'COMPLETE' | 'FAILED' | 'PENDING' | 'SKIPPED';
export type JobStatus = 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'UNKNOWN';

/** Where a run came from. `path` is what the user opened (file, folder, s3 URI, job run id). */
export interface RunSource {
  kind: 'event-log' | 'cloudwatch' | 'local' | 'session' | 'merged';
  path: string;
  /** Codec of the event log, when there was one: 'none' | 'lz4' | 'snappy' | 'zstd' | 'lzf'. */
  codec?: string;
  /** The log was still being written (`.inprogress`, or a rolling folder without a final appstatus). */
  inProgress?: boolean;
  bytesRead?: number;
  eventsRead?: number;
}

/** Something the importer could not read or had to guess; it names the place so the user can look. */
export interface IngestWarning {
  file: string;
  line?: number;
  byteOffset?: number;
  message: string;
}

export interface ApplicationAttempt {
  attemptId?: string;
  startTime: number;
  endTime: number; // -1 while running, as Spark
  lastUpdated: number;
  duration: number;
  sparkUser: string;
  completed: boolean;
  appSparkVersion: string;
}

export interface Application {
  id: string;
  name: string;
  attempts: ApplicationAttempt[];
}

/** Flat task metrics. Names are StageData's aggregate names, so a stage's totals are field-wise sums. */
export interface TaskMetrics {
  executorDeserializeTime: number;
  executorDeserializeCpuTime: number;
  executorRunTime: number;
  executorCpuTime: number;
  resultSize: number;
  jvmGcTime: number;
  resultSerializationTime: number;
  memoryBytesSpilled: number;
  diskBytesSpilled: number;
  peakExecutionMemory: number;
  inputBytes: number;
  inputRecords: number;
  outputBytes: number;
  outputRecords: number;
  shuffleRemoteBlocksFetched: number;
  shuffleLocalBlocksFetched: number;
  shuffleFetchWaitTime: number;
  shuffleRemoteBytesRead: number;
  shuffleRemoteBytesReadToDisk: number;
  shuffleLocalBytesRead: number;
  shuffleReadRecords: number;
  shuffleRemoteReqsDuration: number;
  shuffleWriteBytes: number;
  shuffleWriteTime: number; // nanoseconds, as Spark
  shuffleWriteRecords: number;
  // Spark 4 splits peak execution memory by heap: present only when a log has non-zero values.
  peakOnHeapExecutionMemory?: number;
  peakOffHeapExecutionMemory?: number;
  // Push-based shuffle reads (Spark 3.2+ "Push Based Shuffle"): present only when a log has non-zero values.
  shuffleCorruptMergedBlockChunks?: number;
  shuffleMergedFetchFallbackCount?: number;
  shuffleMergedRemoteBlocksFetched?: number;
  shuffleMergedLocalBlocksFetched?: number;
  shuffleMergedRemoteChunksFetched?: number;
  shuffleMergedLocalChunksFetched?: number;
  shuffleMergedRemoteBytesRead?: number;
  shuffleMergedLocalBytesRead?: number;
  shuffleMergedRemoteReqsDuration?: number;
}

/** Why a task attempt did not succeed, as Spark's TaskEndReason. */
export interface TaskFailure {
  /** Spark's reason class: ExceptionFailure, ExecutorLostFailure, FetchFailed, TaskKilled, TaskResultLost, TaskCommitDenied, Resubmitted, UnknownReason. */
  reason: string;
  className?: string;
  description?: string;
  stackTrace?: string;
  /** ExecutorLostFailure: whether the loss was caused by the app (counts towards maxFailures). */
  causedByApp?: boolean;
  lossReason?: string;
}

export interface Task {
  taskId: number;
  index: number;
  attempt: number;
  partitionId: number;
  stageId: number;
  stageAttemptId: number;
  launchTime: number;
  /** 0 while running, as Spark's TaskInfo.finishTime. */
  finishTime: number;
  gettingResultTime: number;
  executorId: string;
  host: string;
  status: TaskStatus;
  taskLocality: string;
  speculative: boolean;
  errorMessage?: string;
  failure?: TaskFailure;
  metrics?: TaskMetrics;
  /** TaskEnd "Task Executor Metrics": the executor's peaks while this task ran (Spark 3.0+). */
  executorPeaks?: ExecutorMetrics;
  /** A later TaskEnd "Resubmitted": this success's output was lost with its executor (Spark counts it as a failure). */
  resubmitted?: boolean;
  /** Named user accumulables of this task (not internal, not SQL metrics); absent when none. */
  accumulatorUpdates?: AccumulableUpdate[];
}

/** Spark's v1 AccumulableInfo. */
export interface AccumulableUpdate {
  id: number;
  name: string;
  update?: string;
  value: string;
}

/** Spark's ExecutorMetrics (peakMemoryMetrics): JVMHeapMemory, OnHeapExecutionMemory, ... Absent keys are unknown. */
export type ExecutorMetrics = Record<string, number>;

export interface StageAttempt {
  stageId: number;
  attemptId: number;
  name: string;
  details: string;
  numTasks: number;
  status: StageStatus;
  submissionTime?: number;
  firstTaskLaunchedTime?: number;
  completionTime?: number;
  failureReason?: string;
  schedulingPool: string;
  rddIds: number[];
  parentIds: number[];
  jobIds: number[];
  resourceProfileId: number;
  description?: string;
  /** SparkListenerStageExecutorMetrics: per-executor peaks during this stage attempt. */
  executorPeaks: Record<string, ExecutorMetrics>;
  /** Named, non-internal accumulables reported at stage completion. */
  accumulatorUpdates: { id: number; name: string; value: string }[];
  /** Executors excluded (blacklisted) for this stage attempt; absent when none. */
  excludedExecutors?: string[];
  /** SparkListenerSpeculativeTaskSubmitted events for this stage attempt, when there were any. */
  speculativeTasksSubmitted?: number;
  /** Stage Info "Shuffle Push Enabled" / "Shuffle Push Mergers Count" (Spark 3.3+), when logged. */
  isShufflePushEnabled?: boolean;
  shuffleMergersCount?: number;
}

export interface Job {
  jobId: number;
  name: string;
  description?: string;
  submissionTime?: number;
  completionTime?: number;
  stageIds: number[];
  jobGroup?: string;
  jobTags: string[];
  status: JobStatus;
  /** JobFailed exception text, when the job failed. */
  failureReason?: string;
  sqlExecutionId?: number;
  /** Tasks of the job's stages still to run when it started (Spark's JobData.numTasks). */
  numTasks?: number;
}

export interface Executor {
  id: string; // "driver" for the driver
  host: string;
  hostPort: string;
  totalCores: number;
  addTime: number;
  removeTime?: number;
  removeReason?: string;
  /** Block manager's maximum storage memory (SparkListenerBlockManagerAdded "Maximum Memory"). */
  maxMemory: number;
  maxOnHeapMemory?: number;
  maxOffHeapMemory?: number;
  executorLogs: Record<string, string>;
  attributes: Record<string, string>;
  resources: Record<string, unknown>;
  resourceProfileId: number;
  /** Tasks the executor can run at once: cores / task cpus of its resource profile. */
  maxTasks?: number;
  isExcluded: boolean;
  excludedInStages: number[];
  /** Peaks over the executor's life (what Spark serves as peakMemoryMetrics). */
  peakMemoryMetrics?: ExecutorMetrics;
}

/** How a memory series was observed: the coarser, the less a gap between points means. */
export type MemorySampleKind =
  | 'task-end-peak' // TaskEnd "Task Executor Metrics": peak since the previous task end on that executor
  | 'stage-peak' // SparkListenerStageExecutorMetrics: one peak per stage attempt
  | 'metrics-update' // ExecutorMetricsUpdate: polled value
  | 'cloudwatch' // Glue CloudWatch 30 s gauge
  | 'local-sample'; // our engine's V8 heap sampler

/** One memory series: JVM heap (or V8 heap) of one executor or the driver, as parallel arrays. */
export interface MemorySeries {
  executorId: string; // "driver" | executor id | "ALL" (CloudWatch aggregate)
  kind: MemorySampleKind;
  /** Sample times, ascending. */
  t: number[];
  /** Heap used in bytes at t[i] (NaN where only a fraction is known). */
  used: number[];
  /** Heap limit in bytes, when known. */
  limitBytes?: number;
  /** Where the limit comes from: 'spark.executor.memory', 'spark.driver.memory', 'block-manager-max', 'local-heap-limit', 'cloudwatch-usage'. */
  limitSource?: string;
  /** Typical spacing between samples in ms, so views and analyses can say how coarse the series is. */
  resolutionMs?: number;
}

/** Heavy-hitter join keys per shuffle partition (local engine only: no cluster UI can see keys). */
export interface HotKey {
  stageId: number;
  partitionId: number;
  key: string;
  records: number;
  bytes?: number;
}

export interface Environment {
  sparkProperties: Record<string, string>;
  systemProperties: Record<string, string>;
  jvmInformation: Record<string, string>;
  hadoopProperties: Record<string, string>;
}

export interface JobRun {
  /** Stable id: `<appId>` or `<appId>/<attemptId>`. */
  id: string;
  source: RunSource;
  application: Application;
  attemptId?: string;
  sparkVersion?: string;
  environment: Environment;
  jobs: Job[];
  stages: StageAttempt[];
  tasks: Task[];
  executors: Executor[];
  memory: MemorySeries[];
  hotKeys: HotKey[];
  warnings: IngestWarning[];
  /** The AWS Glue job run behind this run, when it came from Glue (CloudWatch metrics, GetJobRun). */
  glue?: GlueRunInfo;
  /** The driver's input listing as it progressed (local engine; no Spark event says it): files listed by t[i]. */
  listing?: ListingProgress;
}

/** Files listed by the driver over time, so driver heap growth can be priced per file (and boundedFiles chosen). */
export interface ListingProgress {
  t: number[];
  filesListed: number[];
}

/** One CloudWatch metric of a Glue job run: gauges averaged and counts summed per period. */
export interface CloudMetricSeries {
  /** CloudWatch metric name, e.g. "glue.driver.aggregate.bytesRead", "glue.driver.skewness.stage". */
  name: string;
  statistic: 'Average' | 'Sum';
  dimensions: Record<string, string>;
  t: number[];
  values: number[];
  resolutionMs: number;
}

/** What AWS Glue says about a job run (GetJobRun) plus its CloudWatch metrics other than JVM heap. */
export interface GlueRunInfo {
  jobName: string;
  jobRunId: string;
  /** Glue's JobRunState: STARTING, RUNNING, SUCCEEDED, FAILED, STOPPED, TIMEOUT, ERROR, ... */
  state?: string;
  errorMessage?: string;
  startedOn?: number;
  completedOn?: number;
  workerType?: string;
  numberOfWorkers?: number;
  glueVersion?: string;
  /** Heap gauges are in JobRun.memory (kind 'cloudwatch'); everything else CloudWatch had is here. */
  metrics: CloudMetricSeries[];
}

export function emptyTaskMetrics(): TaskMetrics {
  return {
    executorDeserializeTime: 0,
    executorDeserializeCpuTime: 0,
    executorRunTime: 0,
    executorCpuTime: 0,
    resultSize: 0,
    jvmGcTime: 0,
    resultSerializationTime: 0,
    memoryBytesSpilled: 0,
    diskBytesSpilled: 0,
    peakExecutionMemory: 0,
    inputBytes: 0,
    inputRecords: 0,
    outputBytes: 0,
    outputRecords: 0,
    shuffleRemoteBlocksFetched: 0,
    shuffleLocalBlocksFetched: 0,
    shuffleFetchWaitTime: 0,
    shuffleRemoteBytesRead: 0,
    shuffleRemoteBytesReadToDisk: 0,
    shuffleLocalBytesRead: 0,
    shuffleReadRecords: 0,
    shuffleRemoteReqsDuration: 0,
    shuffleWriteBytes: 0,
    shuffleWriteTime: 0,
    shuffleWriteRecords: 0,
  };
}

/** An executor known only by its id and when it appeared; sources fill in what they learn. */
export function blankExecutor(id: string, addTime: number): Executor {
  return {
    id,
    host: '',
    hostPort: '',
    totalCores: 0,
    addTime,
    maxMemory: 0,
    executorLogs: {},
    attributes: {},
    resources: {},
    resourceProfileId: 0,
    isExcluded: false,
    excludedInStages: [],
  };
}

/** Bytes read from shuffle, as Spark's shuffleReadBytes (remote + local). */
export function shuffleReadBytes(m: TaskMetrics): number {
  return m.shuffleRemoteBytesRead + m.shuffleLocalBytesRead;
}

/** Wall-clock duration of a finished task (Spark's TaskData.duration), undefined while running. */
export function taskDuration(t: Task): number | undefined {
  return t.finishTime > 0 ? t.finishTime - t.launchTime : undefined;
}
