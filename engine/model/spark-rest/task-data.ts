// Spark REST v1 TaskData (status/api/v1/api.scala) from a model Task.
import type { Task, TaskMetrics } from '../job-run.js';
import { sparkDate } from './spark-time.js';

export interface TaskDataJson {
  taskId: number;
  index: number;
  attempt: number;
  partitionId: number;
  launchTime: string;
  resultFetchStart?: string;
  duration?: number;
  executorId: string;
  host: string;
  status: string;
  taskLocality: string;
  speculative: boolean;
  accumulatorUpdates: { id: number; name: string; update?: string; value: string }[];
  errorMessage?: string;
  taskMetrics?: ReturnType<typeof nestedTaskMetrics>;
  executorLogs: Record<string, string>;
  schedulerDelay: number;
  gettingResultTime: number;
}

/** Wall-clock duration as Spark's TaskData.duration; undefined while running; never negative (corrupt times). */
export function taskDurationMs(t: Task): number | undefined {
  return t.status !== 'RUNNING' && t.finishTime > 0 ? Math.max(0, t.finishTime - t.launchTime) : undefined;
}

/** AppStatusUtils.gettingResultTime: from the start of result fetching to the task's end. */
export function gettingResultTime(t: Task, now = Date.now()): number {
  if (t.gettingResultTime <= 0) return 0;
  const duration = taskDurationMs(t);
  return duration !== undefined && duration > 0 ? t.launchTime + duration - t.gettingResultTime : now - t.gettingResultTime;
}

/** AppStatusUtils.schedulerDelay: the part of a task's time not spent deserialising, running, serialising or fetching. */
export function schedulerDelay(t: Task): number {
  const duration = taskDurationMs(t);
  const m = t.metrics;
  if (!m || duration === undefined) return 0;
  return Math.max(
    0,
    duration - m.executorRunTime - m.executorDeserializeTime - m.resultSerializationTime - gettingResultTime(t),
  );
}

/** Fields in Spark's order; absent optional fields are undefined (dropped by JSON). */
export function taskData(t: Task, executorLogs: Record<string, string>): TaskDataJson {
  return {
    taskId: t.taskId,
    index: t.index,
    attempt: t.attempt,
    partitionId: t.partitionId,
    launchTime: sparkDate(t.launchTime),
    resultFetchStart: t.gettingResultTime > 0 ? sparkDate(t.gettingResultTime) : undefined,
    duration: taskDurationMs(t),
    executorId: t.executorId,
    host: t.host,
    status: t.status,
    taskLocality: t.taskLocality,
    speculative: t.speculative,
    accumulatorUpdates: t.accumulatorUpdates ?? [],
    errorMessage: t.errorMessage,
    taskMetrics: t.metrics ? nestedTaskMetrics(t.metrics) : undefined,
    executorLogs,
    schedulerDelay: schedulerDelay(t),
    gettingResultTime: gettingResultTime(t),
  };
}

export function nestedTaskMetrics(m: TaskMetrics) {
  return {
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
    inputMetrics: { bytesRead: m.inputBytes, recordsRead: m.inputRecords },
    outputMetrics: { bytesWritten: m.outputBytes, recordsWritten: m.outputRecords },
    shuffleReadMetrics: {
      remoteBlocksFetched: m.shuffleRemoteBlocksFetched,
      localBlocksFetched: m.shuffleLocalBlocksFetched,
      fetchWaitTime: m.shuffleFetchWaitTime,
      remoteBytesRead: m.shuffleRemoteBytesRead,
      remoteBytesReadToDisk: m.shuffleRemoteBytesReadToDisk,
      localBytesRead: m.shuffleLocalBytesRead,
      recordsRead: m.shuffleReadRecords,
      remoteReqsDuration: m.shuffleRemoteReqsDuration,
      shufflePushReadMetrics: {
        corruptMergedBlockChunks: m.shuffleCorruptMergedBlockChunks ?? 0,
        mergedFetchFallbackCount: m.shuffleMergedFetchFallbackCount ?? 0,
        remoteMergedBlocksFetched: m.shuffleMergedRemoteBlocksFetched ?? 0,
        localMergedBlocksFetched: m.shuffleMergedLocalBlocksFetched ?? 0,
        remoteMergedChunksFetched: m.shuffleMergedRemoteChunksFetched ?? 0,
        localMergedChunksFetched: m.shuffleMergedLocalChunksFetched ?? 0,
        remoteMergedBytesRead: m.shuffleMergedRemoteBytesRead ?? 0,
        localMergedBytesRead: m.shuffleMergedLocalBytesRead ?? 0,
        remoteMergedReqsDuration: m.shuffleMergedRemoteReqsDuration ?? 0,
      },
    },
    shuffleWriteMetrics: { bytesWritten: m.shuffleWriteBytes, writeTime: m.shuffleWriteTime, recordsWritten: m.shuffleWriteRecords },
  };
}
