// Spark REST v1 TaskMetricDistributions (`…/taskSummary`), with the History Server's rules:
// only successful tasks with metrics count (Spark stores others' metrics negated to leave them
// out), each metric is sorted on its own, and quantiles use Spark's index rule (no interpolation).
// Duration, scheduler delay and getting-result time are not negated by Spark, so for those
// every ended task with metrics is in the sorted list, while the count stays the successful one.
import type { Task } from '../job-run.js';
import { quantileIndex } from '../quantiles.js';
import { taskOutcome } from './task-outcome.js';
import { gettingResultTime, schedulerDelay, taskDurationMs } from './task-data.js';

type Pick = (t: Task) => number;

export function taskMetricDistributions(tasks: Task[], quantiles: readonly number[]) {
  const ok = tasks.filter((t) => t.metrics && taskOutcome(t) === 'succeeded');
  const ended = tasks.filter((t) => t.metrics && t.status !== 'RUNNING');
  const count = ok.length;
  if (count === 0) return undefined;
  const q = (from: Task[], pick: Pick): number[] => {
    const values = Float64Array.from(from, pick).sort();
    return quantiles.map((p) => {
      const i = quantileIndex(p, count);
      return i >= 0 && i < values.length ? values[i] : NaN;
    });
  };
  const m = (pick: (x: NonNullable<Task['metrics']>) => number) => q(ok, (t) => pick(t.metrics!));
  return {
    quantiles: [...quantiles],
    duration: q(ended, (t) => taskDurationMs(t) ?? 0),
    executorDeserializeTime: m((x) => x.executorDeserializeTime),
    executorDeserializeCpuTime: m((x) => x.executorDeserializeCpuTime),
    executorRunTime: m((x) => x.executorRunTime),
    executorCpuTime: m((x) => x.executorCpuTime),
    resultSize: m((x) => x.resultSize),
    jvmGcTime: m((x) => x.jvmGcTime),
    resultSerializationTime: m((x) => x.resultSerializationTime),
    gettingResultTime: q(ended, (t) => gettingResultTime(t)),
    schedulerDelay: q(ended, (t) => schedulerDelay(t)),
    peakExecutionMemory: m((x) => x.peakExecutionMemory),
    peakOnHeapExecutionMemory: m((x) => x.peakOnHeapExecutionMemory ?? 0),
    peakOffHeapExecutionMemory: m((x) => x.peakOffHeapExecutionMemory ?? 0),
    memoryBytesSpilled: m((x) => x.memoryBytesSpilled),
    diskBytesSpilled: m((x) => x.diskBytesSpilled),
    inputMetrics: {
      bytesRead: m((x) => x.inputBytes),
      recordsRead: m((x) => x.inputRecords),
    },
    outputMetrics: {
      bytesWritten: m((x) => x.outputBytes),
      recordsWritten: m((x) => x.outputRecords),
    },
    shuffleReadMetrics: {
      readBytes: m((x) => x.shuffleRemoteBytesRead + x.shuffleLocalBytesRead),
      readRecords: m((x) => x.shuffleReadRecords),
      remoteBlocksFetched: m((x) => x.shuffleRemoteBlocksFetched),
      localBlocksFetched: m((x) => x.shuffleLocalBlocksFetched),
      fetchWaitTime: m((x) => x.shuffleFetchWaitTime),
      remoteBytesRead: m((x) => x.shuffleRemoteBytesRead),
      remoteBytesReadToDisk: m((x) => x.shuffleRemoteBytesReadToDisk),
      totalBlocksFetched: m((x) => x.shuffleRemoteBlocksFetched + x.shuffleLocalBlocksFetched),
      remoteReqsDuration: m((x) => x.shuffleRemoteReqsDuration),
      shufflePushReadMetricsDist: {
        corruptMergedBlockChunks: m((x) => x.shuffleCorruptMergedBlockChunks ?? 0),
        mergedFetchFallbackCount: m((x) => x.shuffleMergedFetchFallbackCount ?? 0),
        remoteMergedBlocksFetched: m((x) => x.shuffleMergedRemoteBlocksFetched ?? 0),
        localMergedBlocksFetched: m((x) => x.shuffleMergedLocalBlocksFetched ?? 0),
        remoteMergedChunksFetched: m((x) => x.shuffleMergedRemoteChunksFetched ?? 0),
        localMergedChunksFetched: m((x) => x.shuffleMergedLocalChunksFetched ?? 0),
        remoteMergedBytesRead: m((x) => x.shuffleMergedRemoteBytesRead ?? 0),
        localMergedBytesRead: m((x) => x.shuffleMergedLocalBytesRead ?? 0),
        remoteMergedReqsDuration: m((x) => x.shuffleMergedRemoteReqsDuration ?? 0),
      },
    },
    shuffleWriteMetrics: {
      writeBytes: m((x) => x.shuffleWriteBytes),
      writeRecords: m((x) => x.shuffleWriteRecords),
      writeTime: m((x) => x.shuffleWriteTime),
    },
  };
}
