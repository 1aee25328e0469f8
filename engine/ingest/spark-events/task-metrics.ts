// "Task Metrics" of a TaskEnd, as every Spark version since 1.0 wrote them, into flat TaskMetrics.
import type { TaskMetrics } from '../../model/job-run.js';
import type { FieldReader, Json } from './event-fields.js';

const PUSH_FIELDS: [string, keyof TaskMetrics][] = [
  ['Corrupt Merged Block Chunks', 'shuffleCorruptMergedBlockChunks'],
  ['Merged Fetch Fallback Count', 'shuffleMergedFetchFallbackCount'],
  ['Merged Remote Blocks Fetched', 'shuffleMergedRemoteBlocksFetched'],
  ['Merged Local Blocks Fetched', 'shuffleMergedLocalBlocksFetched'],
  ['Merged Remote Chunks Fetched', 'shuffleMergedRemoteChunksFetched'],
  ['Merged Local Chunks Fetched', 'shuffleMergedLocalChunksFetched'],
  ['Merged Remote Bytes Read', 'shuffleMergedRemoteBytesRead'],
  ['Merged Local Bytes Read', 'shuffleMergedLocalBytesRead'],
  ['Merged Remote Requests Duration', 'shuffleMergedRemoteReqsDuration'],
];

export function readTaskMetrics(f: FieldReader, m: Json): TaskMetrics {
  const sr = f.obj(m, 'Shuffle Read Metrics');
  const sw = f.obj(m, 'Shuffle Write Metrics');
  const input = f.obj(m, 'Input Metrics');
  const output = f.obj(m, 'Output Metrics');
  const metrics: TaskMetrics = {
    executorDeserializeTime: f.n0(m, 'Executor Deserialize Time'),
    executorDeserializeCpuTime: f.n0(m, 'Executor Deserialize CPU Time'),
    executorRunTime: f.n0(m, 'Executor Run Time'),
    executorCpuTime: f.n0(m, 'Executor CPU Time'),
    resultSize: f.n0(m, 'Result Size'),
    jvmGcTime: f.n0(m, 'JVM GC Time'),
    resultSerializationTime: f.n0(m, 'Result Serialization Time'),
    memoryBytesSpilled: f.n0(m, 'Memory Bytes Spilled'),
    diskBytesSpilled: f.n0(m, 'Disk Bytes Spilled'),
    peakExecutionMemory: f.n0(m, 'Peak Execution Memory'),
    inputBytes: input ? f.n0(input, 'Bytes Read') : 0,
    inputRecords: input ? f.n0(input, 'Records Read') : 0,
    outputBytes: output ? f.n0(output, 'Bytes Written') : 0,
    outputRecords: output ? f.n0(output, 'Records Written') : 0,
    shuffleRemoteBlocksFetched: sr ? f.n0(sr, 'Remote Blocks Fetched') : 0,
    shuffleLocalBlocksFetched: sr ? f.n0(sr, 'Local Blocks Fetched') : 0,
    shuffleFetchWaitTime: sr ? f.n0(sr, 'Fetch Wait Time') : 0,
    shuffleRemoteBytesRead: sr ? f.n0(sr, 'Remote Bytes Read') : 0,
    shuffleRemoteBytesReadToDisk: sr ? f.n0(sr, 'Remote Bytes Read To Disk') : 0,
    shuffleLocalBytesRead: sr ? f.n0(sr, 'Local Bytes Read') : 0,
    shuffleReadRecords: sr ? f.n0(sr, 'Total Records Read') : 0,
    shuffleRemoteReqsDuration: sr ? f.n0(sr, 'Remote Requests Duration') : 0,
    // Spark 1.x wrote "Shuffle Bytes Written"/"Shuffle Write Time" without records.
    shuffleWriteBytes: sw ? f.n0(sw, 'Shuffle Bytes Written') : 0,
    shuffleWriteTime: sw ? f.n0(sw, 'Shuffle Write Time') : 0,
    shuffleWriteRecords: sw ? f.n0(sw, 'Shuffle Records Written') : 0,
  };
  const onHeap = f.n0(m, 'Peak On Heap Execution Memory');
  if (onHeap !== 0) metrics.peakOnHeapExecutionMemory = onHeap;
  const offHeap = f.n0(m, 'Peak Off Heap Execution Memory');
  if (offHeap !== 0) metrics.peakOffHeapExecutionMemory = offHeap;
  // Spark 3.2 snapshots called the block "Shuffle Push Read Metrics".
  const push = sr ? (f.obj(sr, 'Push Based Shuffle') ?? f.obj(sr, 'Shuffle Push Read Metrics')) : undefined;
  if (push) {
    for (const [jsonName, field] of PUSH_FIELDS) {
      const v = f.n0(push, jsonName);
      if (v !== 0) (metrics as unknown as Record<string, number>)[field] = v;
    }
  }
  return metrics;
}
