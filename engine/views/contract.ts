// The app API contract: what the UI asks for and what it gets back. One contract, two transports
// (Electron IPC through the preload bridge, HTTP + server-sent events in browser mode). The renderer
// imports these TYPES only. Every time is epoch milliseconds; `asOf` asks for the run as it was at t.
import type { TunerApi, TunerEvent } from '../tuner/tuner-api.js';
import type { IngestWarning, Task, TaskMetrics } from '../model/job-run.js';
import type { AwsConnection, GlueRunsResult } from '../aws/aws-app-api.js';

export type ViewName = 'overview' | 'memory' | 'timeline' | 'executors' | 'stages' | 'findings' | 'tuner';

export type RunOutcome = 'succeeded' | 'failed' | 'running' | 'unknown';

export interface RunInfo {
  id: string;
  appId: string;
  name: string;
  sourceKind: string;
  sourcePath: string;
  startTime: number;
  /** Last time the run has data for (end time, or the newest event while live). */
  endTime: number;
  outcome: RunOutcome;
  /** Still receiving events (live engine run or a replayed stream). */
  live: boolean;
  taskCount: number;
  executorCount: number;
  warnings: IngestWarning[];
}

export interface UserError {
  message: string;
  file?: string;
  line?: number;
}

export interface OpenResult {
  runs: RunInfo[];
  warnings: IngestWarning[];
  error?: UserError;
}

export type Severity = 'info' | 'warning' | 'critical';

export interface FindingView {
  id: string;
  title: string;
  severity: Severity;
  rule: string;
  recommendation: string;
  evidence: {
    stageIds?: number[];
    executorIds?: string[];
    taskIds?: number[];
    keys?: string[];
    metrics?: Record<string, number | string>;
  };
  /** Where the evidence is best seen. */
  view: Exclude<ViewName, 'overview' | 'findings'>;
}

export type RiskLevel = 'none' | 'low' | 'medium' | 'high';

export interface RiskView {
  executorId: string;
  level: RiskLevel;
  confidence?: number;
  /** When the warning could first have been given. */
  since?: number;
  /** Projected time the heap reaches its limit. */
  predictedLimitTime?: number;
  message: string;
}

/** The run's vital numbers, cheap to compute at any t; findings and OOM risk come from `findings`. */
export interface OverviewData {
  run: RunInfo;
  asOf: number;
  sparkVersion?: string;
  sparkUser?: string;
  duration: number;
  counts: {
    jobs: number;
    failedJobs: number;
    stages: number;
    failedStages: number;
    tasks: number;
    failedTasks: number;
    killedTasks: number;
    runningTasks: number;
    executors: number;
    lostExecutors: number;
  };
  peakHeap?: { executorId: string; bytes: number; limitBytes?: number; time: number };
  /** A short sparkline of concurrently running tasks, for the header strip. */
  activity: { t: number[]; running: number[] };
}

export interface MemorySeriesView {
  executorId: string;
  kind: string;
  t: number[];
  used: number[];
  limitBytes?: number;
  limitSource?: string;
  resolutionMs?: number;
}

export interface MemoryMarker {
  time: number;
  executorId: string;
  kind: 'oom' | 'lost' | 'added' | 'removed';
  label: string;
}

export interface MemoryData {
  asOf: number;
  start: number;
  end: number;
  series: MemorySeriesView[];
  markers: MemoryMarker[];
  risk: RiskView[];
  /** Plain words on how coarse the samples are, e.g. "task-end peaks only, median gap 4.2 s". */
  coarseness: string;
}

/** Task status codes in TimelineData.tasks.status. */
export const TASK_STATUS_CODES = ['SUCCESS', 'FAILED', 'KILLED', 'RUNNING', 'UNKNOWN'] as const;

export interface TimelineLane {
  executorId: string;
  host: string;
  cores: number;
  addTime: number;
  removeTime?: number;
  removeReason?: string;
}

/** Columnar so 100,000 tasks cross the wire and index fast. Times are ms since `start`. */
export interface TimelineData {
  start: number;
  end: number;
  lanes: TimelineLane[];
  tasks: {
    taskId: number[];
    lane: number[];
    launch: number[];
    /** -1 while running. */
    finish: number[];
    status: number[];
    stageId: number[];
    straggler: number[];
  };
  stages: { stageId: number; attemptId: number; name: string; submissionTime?: number; completionTime?: number; status: string }[];
  jobs: { jobId: number; name: string; submissionTime?: number; completionTime?: number; status: string }[];
}

export interface ExecutorRow {
  id: string;
  hostPort: string;
  isActive: boolean;
  rddBlocks: number;
  memoryUsed: number;
  maxMemory: number;
  diskUsed: number;
  totalCores: number;
  activeTasks: number;
  failedTasks: number;
  completedTasks: number;
  totalTasks: number;
  totalDuration: number;
  totalGCTime: number;
  totalInputBytes: number;
  totalShuffleRead: number;
  totalShuffleWrite: number;
  addTime: number;
  removeTime?: number;
  removeReason?: string;
  peakJvmHeap?: number;
  peakExecutionMemory?: number;
  peakStorageMemory?: number;
  heapLimit?: number;
  stragglerTasks: number;
  straggler: boolean;
}

export interface ExecutorsData {
  asOf: number;
  rows: ExecutorRow[];
}

export interface StageRow {
  stageId: number;
  attemptId: number;
  name: string;
  status: string;
  numTasks: number;
  numActiveTasks: number;
  numCompleteTasks: number;
  numFailedTasks: number;
  numKilledTasks: number;
  submissionTime?: number;
  completionTime?: number;
  duration?: number;
  executorRunTime: number;
  inputBytes: number;
  outputBytes: number;
  shuffleReadBytes: number;
  shuffleWriteBytes: number;
  memoryBytesSpilled: number;
  diskBytesSpilled: number;
  stragglers: number;
  skewed: boolean;
}

export interface StagesData {
  asOf: number;
  rows: StageRow[];
}

export interface Quantiles {
  metric: string;
  unit: 'ms' | 'bytes' | 'count';
  /** Min, 25th, Median, 75th, Max (Spark REST default quantiles). */
  values: number[];
}

export interface Histogram {
  metric: string;
  unit: 'ms' | 'bytes';
  /** Bucket lower edges plus the final upper edge (edges.length = counts.length + 1). */
  edges: number[];
  counts: number[];
  median: number;
  max: number;
}

export interface SkewRuleView {
  metric: string;
  rule: string;
  fired: boolean;
  ratio: number;
  detail: string;
}

export interface StageTaskRow {
  taskId: number;
  index: number;
  attempt: number;
  executorId: string;
  host: string;
  status: string;
  launchTime: number;
  duration?: number;
  gcTime: number;
  inputBytes: number;
  shuffleReadBytes: number;
  shuffleWriteBytes: number;
  memoryBytesSpilled: number;
  straggler: boolean;
  errorMessage?: string;
}

export interface StageDetail {
  asOf: number;
  stage: StageRow;
  quantiles: Quantiles[];
  histograms: Histogram[];
  skew: SkewRuleView[];
  tasks: StageTaskRow[];
}

export interface FindingsData {
  asOf: number;
  findings: FindingView[];
  risk: RiskView[];
  /** Tasks the straggler rule names with what was known at asOf (the timeline outlines these while replaying). */
  stragglerTaskIds: number[];
}

export interface TaskDetail {
  task: Task;
  stageName: string;
  duration?: number;
  metrics?: TaskMetrics;
  straggler: boolean;
}

export interface DirEntry {
  name: string;
  path: string;
  kind: 'file' | 'dir';
  size?: number;
}

export interface BrowseResult {
  roots: string[];
  path?: string;
  parent?: string;
  entries: DirEntry[];
  error?: UserError;
}

export interface Capabilities {
  transport: 'electron' | 'http';
  nativeDialogs: boolean;
  saveToDisk: boolean;
}

/** Pushed by the API to every subscriber (IPC messages / SSE). */
export type AppEvent =
  | { type: 'progress'; path: string; bytesRead: number; totalBytes: number }
  | { type: 'runs-changed' }
  | { type: 'run-updated'; runId: string; endTime: number; live: boolean }
  | { type: 'risk'; runId: string; risk: RiskView }
  | { type: 'open-request'; path: string }
  /** Native menu commands the page carries out (it knows the current run and view). */
  | { type: 'menu'; command: 'save-session' | 'open-demo' }
  | { type: 'menu'; command: 'show-view'; view: ViewName }
  | TunerEvent;

/** The calls the UI makes. Argument objects are validated by zod at each transport's edge. */
export interface AppApi extends TunerApi {
  capabilities(): Promise<Capabilities>;
  listRuns(): Promise<RunInfo[]>;
  recent(): Promise<string[]>;
  browse(args: { path?: string }): Promise<BrowseResult>;
  openPath(args: { path: string }): Promise<OpenResult>;
  openDemo(): Promise<OpenResult>;
  /** Replays a log's events over time as a live run (the same path the local engine streams into). */
  startLiveReplay(args: { path?: string; speed: number }): Promise<OpenResult>;
  closeRun(args: { runId: string }): Promise<void>;
  overview(args: { runId: string; asOf?: number }): Promise<OverviewData>;
  /** `withSeries: false` sends markers and risk only (the UI clips the series it already has while scrubbing). */
  memory(args: { runId: string; asOf?: number; withSeries?: boolean }): Promise<MemoryData>;
  timeline(args: { runId: string }): Promise<TimelineData>;
  executors(args: { runId: string; asOf?: number }): Promise<ExecutorsData>;
  stages(args: { runId: string; asOf?: number }): Promise<StagesData>;
  stage(args: { runId: string; stageId: number; attemptId: number; asOf?: number }): Promise<StageDetail>;
  findings(args: { runId: string; asOf?: number }): Promise<FindingsData>;
  task(args: { runId: string; taskId: number }): Promise<TaskDetail>;
  /** Writes a session file; `path` omitted means "the default place". Returns where it went. */
  saveSession(args: { runId: string; path?: string }): Promise<{ path: string }>;
  /** A Glue job's recent runs for the "Open from AWS" picker. */
  glueRuns(args: AwsConnection & { jobName: string }): Promise<GlueRunsResult>;
  /** Opens a Glue run: CloudWatch heap per executor, merged with its event log on S3 when given. */
  openGlueRun(args: AwsConnection & { jobName: string; jobRunId: string; eventLogPath?: string }): Promise<OpenResult>;
}

export type AppMethod = keyof AppApi;
