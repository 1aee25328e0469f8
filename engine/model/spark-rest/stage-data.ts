// Spark REST v1 StageData (with details: tasks and executorSummary) derived from the model.
import type { JobRun, StageAttempt, Task, TaskMetrics, TaskStatus } from '../job-run.js';
import { emptyTaskMetrics } from '../job-run.js';
import { runIndex, tasksOf } from './run-index.js';
import { countTasks, peakMetrics, taskOutcome } from './task-outcome.js';
import { sparkDate } from './spark-time.js';
import { taskData, taskDurationMs, type TaskDataJson } from './task-data.js';
import { taskMetricDistributions } from './task-summary.js';
import { executorMetricsDistributions } from './executor-distributions.js';
import { STAGE_SUMMARY_QUANTILES } from '../quantiles.js';

export interface StageDataOptions {
  details?: boolean;
  /** With details: only tasks of these statuses in `tasks`. */
  taskStatus?: TaskStatus[];
  withSummaries?: boolean;
  quantiles?: readonly number[];
}

const OPTIONAL_KEYS = [
  'peakOnHeapExecutionMemory',
  'peakOffHeapExecutionMemory',
  'shuffleCorruptMergedBlockChunks',
  'shuffleMergedFetchFallbackCount',
  'shuffleMergedRemoteBlocksFetched',
  'shuffleMergedLocalBlocksFetched',
  'shuffleMergedRemoteChunksFetched',
  'shuffleMergedLocalChunksFetched',
  'shuffleMergedRemoteBytesRead',
  'shuffleMergedLocalBytesRead',
  'shuffleMergedRemoteReqsDuration',
] as const;

type Totals = Required<TaskMetrics>;

// Field by field rather than over a key list: a keyed read per metric per task was the REST
// summaries' main cost on runs of hundreds of thousands of tasks.
export function sumMetrics(tasks: Iterable<Task>): Totals {
  const total = { ...emptyTaskMetrics() } as Totals;
  for (const k of OPTIONAL_KEYS) total[k] = 0;
  for (const t of tasks) {
    const m = t.metrics as Partial<Totals> | undefined;
    if (!m) continue;
    total.executorDeserializeTime += m.executorDeserializeTime ?? 0;
    total.executorDeserializeCpuTime += m.executorDeserializeCpuTime ?? 0;
    total.executorRunTime += m.executorRunTime ?? 0;
    total.executorCpuTime += m.executorCpuTime ?? 0;
    total.resultSize += m.resultSize ?? 0;
    total.jvmGcTime += m.jvmGcTime ?? 0;
    total.resultSerializationTime += m.resultSerializationTime ?? 0;
    total.memoryBytesSpilled += m.memoryBytesSpilled ?? 0;
    total.diskBytesSpilled += m.diskBytesSpilled ?? 0;
    total.peakExecutionMemory += m.peakExecutionMemory ?? 0;
    total.inputBytes += m.inputBytes ?? 0;
    total.inputRecords += m.inputRecords ?? 0;
    total.outputBytes += m.outputBytes ?? 0;
    total.outputRecords += m.outputRecords ?? 0;
    total.shuffleRemoteBlocksFetched += m.shuffleRemoteBlocksFetched ?? 0;
    total.shuffleLocalBlocksFetched += m.shuffleLocalBlocksFetched ?? 0;
    total.shuffleFetchWaitTime += m.shuffleFetchWaitTime ?? 0;
    total.shuffleRemoteBytesRead += m.shuffleRemoteBytesRead ?? 0;
    total.shuffleRemoteBytesReadToDisk += m.shuffleRemoteBytesReadToDisk ?? 0;
    total.shuffleLocalBytesRead += m.shuffleLocalBytesRead ?? 0;
    total.shuffleReadRecords += m.shuffleReadRecords ?? 0;
    total.shuffleRemoteReqsDuration += m.shuffleRemoteReqsDuration ?? 0;
    total.shuffleWriteBytes += m.shuffleWriteBytes ?? 0;
    total.shuffleWriteTime += m.shuffleWriteTime ?? 0;
    total.shuffleWriteRecords += m.shuffleWriteRecords ?? 0;
    total.peakOnHeapExecutionMemory += m.peakOnHeapExecutionMemory ?? 0;
    total.peakOffHeapExecutionMemory += m.peakOffHeapExecutionMemory ?? 0;
    total.shuffleCorruptMergedBlockChunks += m.shuffleCorruptMergedBlockChunks ?? 0;
    total.shuffleMergedFetchFallbackCount += m.shuffleMergedFetchFallbackCount ?? 0;
    total.shuffleMergedRemoteBlocksFetched += m.shuffleMergedRemoteBlocksFetched ?? 0;
    total.shuffleMergedLocalBlocksFetched += m.shuffleMergedLocalBlocksFetched ?? 0;
    total.shuffleMergedRemoteChunksFetched += m.shuffleMergedRemoteChunksFetched ?? 0;
    total.shuffleMergedLocalChunksFetched += m.shuffleMergedLocalChunksFetched ?? 0;
    total.shuffleMergedRemoteBytesRead += m.shuffleMergedRemoteBytesRead ?? 0;
    total.shuffleMergedLocalBytesRead += m.shuffleMergedLocalBytesRead ?? 0;
    total.shuffleMergedRemoteReqsDuration += m.shuffleMergedRemoteReqsDuration ?? 0;
  }
  return total;
}

export function stageData(run: JobRun, s: StageAttempt, opts: StageDataOptions = {}) {
  const tasks = tasksOf(run, s);
  const counts = countTasks(tasks);
  const indices = new Set<number>();
  for (const t of tasks) if (taskOutcome(t) === 'succeeded') indices.add(t.index);
  const m = sumMetrics(tasks);
  const quantiles = opts.quantiles ?? STAGE_SUMMARY_QUANTILES;
  const summaries = opts.details ? executorStageSummaries(s, tasks) : undefined;
  return {
    status: s.status,
    stageId: s.stageId,
    attemptId: s.attemptId,
    numTasks: s.numTasks,
    numActiveTasks: counts.active,
    numCompleteTasks: counts.completed,
    numFailedTasks: counts.failed,
    numKilledTasks: counts.killed,
    numCompletedIndices: indices.size,
    submissionTime: s.submissionTime !== undefined ? sparkDate(s.submissionTime) : undefined,
    firstTaskLaunchedTime: s.firstTaskLaunchedTime !== undefined ? sparkDate(s.firstTaskLaunchedTime) : undefined,
    completionTime: s.completionTime !== undefined ? sparkDate(s.completionTime) : undefined,
    failureReason: s.failureReason,
    executorDeserializeTime: m.executorDeserializeTime,
    executorDeserializeCpuTime: m.executorDeserializeCpuTime,
    executorRunTime: m.executorRunTime,
    executorCpuTime: m.executorCpuTime,
    resultSize: m.resultSize,
    jvmGcTime: m.jvmGcTime,
    resultSerializationTime: m.resultSerializationTime,
    memoryBytesSpilled: m.memoryBytesSpilled,
    diskBytesSpilled: m.diskBytesSpilled,
    peakExecutionMemory: m.peakExecutionMemory,
    inputBytes: m.inputBytes,
    inputRecords: m.inputRecords,
    outputBytes: m.outputBytes,
    outputRecords: m.outputRecords,
    shuffleRemoteBlocksFetched: m.shuffleRemoteBlocksFetched,
    shuffleLocalBlocksFetched: m.shuffleLocalBlocksFetched,
    shuffleFetchWaitTime: m.shuffleFetchWaitTime,
    shuffleRemoteBytesRead: m.shuffleRemoteBytesRead,
    shuffleRemoteBytesReadToDisk: m.shuffleRemoteBytesReadToDisk,
    shuffleLocalBytesRead: m.shuffleLocalBytesRead,
    shuffleReadBytes: m.shuffleRemoteBytesRead + m.shuffleLocalBytesRead,
    shuffleReadRecords: m.shuffleReadRecords,
    shuffleCorruptMergedBlockChunks: m.shuffleCorruptMergedBlockChunks,
    shuffleMergedFetchFallbackCount: m.shuffleMergedFetchFallbackCount,
    shuffleMergedRemoteBlocksFetched: m.shuffleMergedRemoteBlocksFetched,
    shuffleMergedLocalBlocksFetched: m.shuffleMergedLocalBlocksFetched,
    shuffleMergedRemoteChunksFetched: m.shuffleMergedRemoteChunksFetched,
    shuffleMergedLocalChunksFetched: m.shuffleMergedLocalChunksFetched,
    shuffleMergedRemoteBytesRead: m.shuffleMergedRemoteBytesRead,
    shuffleMergedLocalBytesRead: m.shuffleMergedLocalBytesRead,
    shuffleRemoteReqsDuration: m.shuffleRemoteReqsDuration,
    shuffleMergedRemoteReqsDuration: m.shuffleMergedRemoteReqsDuration,
    shuffleWriteBytes: m.shuffleWriteBytes,
    shuffleWriteTime: m.shuffleWriteTime,
    shuffleWriteRecords: m.shuffleWriteRecords,
    name: s.name,
    description: s.description,
    details: s.details,
    schedulingPool: s.schedulingPool,
    rddIds: s.rddIds,
    accumulatorUpdates: s.accumulatorUpdates.map((a) => ({ id: a.id, name: a.name, value: a.value })),
    tasks: opts.details ? taskMap(run, tasks, opts.taskStatus) : undefined,
    executorSummary: summaries,
    speculationSummary: opts.details ? speculationSummary(s, tasks) : undefined,
    killedTasksSummary: counts.killedSummary,
    resourceProfileId: s.resourceProfileId,
    peakExecutorMetrics: peakMetrics(tasks, Object.values(s.executorPeaks)),
    taskMetricsDistributions: opts.withSummaries ? taskMetricDistributions(tasks, quantiles) : undefined,
    executorMetricsDistributions: opts.withSummaries ? executorMetricsDistributions(summaries ?? executorStageSummaries(s, tasks), quantiles) : undefined,
    isShufflePushEnabled: s.isShufflePushEnabled ?? false,
    shuffleMergersCount: s.shuffleMergersCount ?? 0,
  };
}

function taskMap(run: JobRun, tasks: Task[], statuses?: TaskStatus[]): Record<string, TaskDataJson> {
  const executors = runIndex(run).executorsById;
  const out: Record<string, TaskDataJson> = {};
  for (const t of tasks) {
    if (statuses && statuses.length > 0 && !statuses.includes(t.status)) continue;
    out[String(t.taskId)] = taskData(t, executors.get(t.executorId)?.executorLogs ?? {});
  }
  return out;
}

/** Spark 3.4+'s SpeculationStageSummary: the speculative copies launched for this stage attempt. */
function speculationSummary(s: StageAttempt, tasks: Task[]) {
  const speculative = tasks.filter((t) => t.speculative);
  if (speculative.length === 0 && !s.speculativeTasksSubmitted) return undefined;
  const c = countTasks(speculative);
  return {
    numTasks: Math.max(s.speculativeTasksSubmitted ?? 0, speculative.length),
    numActiveTasks: c.active,
    numCompletedTasks: c.completed,
    numFailedTasks: c.failed,
    numKilledTasks: c.killed,
  };
}

export type ExecutorStageSummary = ReturnType<typeof executorStageSummaries>[string];

/** Spark's ExecutorStageSummary per executor that ran a task of the stage or reported peaks for it. */
function executorStageSummaries(s: StageAttempt, tasks: Task[]) {
  const byExec = new Map<string, Task[]>();
  for (const id of Object.keys(s.executorPeaks)) byExec.set(id, []);
  for (const t of tasks) {
    const list = byExec.get(t.executorId);
    if (list) list.push(t);
    else byExec.set(t.executorId, [t]);
  }
  const out: Record<string, ReturnType<typeof executorStageSummary>> = {};
  for (const [id, list] of byExec) out[id] = executorStageSummary(s, id, list);
  return out;
}

function executorStageSummary(s: StageAttempt, id: string, list: Task[]) {
  const c = countTasks(list);
  const m = sumMetrics(list);
  let taskTime = 0;
  for (const t of list) taskTime += taskDurationMs(t) ?? 0;
  const excluded = s.excludedExecutors?.includes(id) ?? false;
  return {
    taskTime,
    failedTasks: c.failed,
    succeededTasks: c.completed,
    killedTasks: c.killed,
    inputBytes: m.inputBytes,
    inputRecords: m.inputRecords,
    outputBytes: m.outputBytes,
    outputRecords: m.outputRecords,
    shuffleRead: m.shuffleRemoteBytesRead + m.shuffleLocalBytesRead,
    shuffleReadRecords: m.shuffleReadRecords,
    shuffleWrite: m.shuffleWriteBytes,
    shuffleWriteRecords: m.shuffleWriteRecords,
    memoryBytesSpilled: m.memoryBytesSpilled,
    diskBytesSpilled: m.diskBytesSpilled,
    isBlacklistedForStage: excluded,
    peakMemoryMetrics: peakMetrics(list, [s.executorPeaks[id]]),
    isExcludedForStage: excluded,
  };
}
