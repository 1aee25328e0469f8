// Executor entry: a worker_threads Worker started with a V8 heap limit. Runs the tasks the
// driver sends (up to its cores at once, interleaved on this thread), and posts its real heap
// statistics every SAMPLE_MS. When the heap limit is reached V8 kills this isolate: the driver
// sees ERR_WORKER_OUT_OF_MEMORY, which is the executor OOM. Cancelling terminates the worker.
import { parentPort } from 'node:worker_threads';
import { performance } from 'node:perf_hooks';
import { HeapSampler } from './heap-sampler.js';
import { runJoin } from './join-task.js';
import { runScan } from './scan-task.js';
import type { RowSink } from './row-sink.js';
import type { TaskMeasure } from './spark-events.js';
import type { FromExecutor, TaskAttempt, ToExecutor } from './task-types.js';

const SAMPLE_MS = 100;

const port = parentPort!;
const sampler = new HeapSampler();
const post = (m: FromExecutor): void => port.postMessage(m);

setInterval(() => post({ type: 'sample', time: Date.now(), heap: sampler.sample() }), SAMPLE_MS);

function emptyMeasure(): TaskMeasure {
  return {
    runTimeMs: 0,
    cpuTimeNs: 0,
    gcTimeMs: 0,
    peakExecutionMemory: 0,
    inputBytes: 0,
    inputRecords: 0,
    shuffleReadBytes: 0,
    shuffleReadRecords: 0,
    shuffleBlocksFetched: 0,
    shuffleFetchWaitMs: 0,
    shuffleWriteBytes: 0,
    shuffleWriteRecords: 0,
    shuffleWriteTimeNs: 0,
    outputBytes: 0,
    outputRecords: 0,
    resultSize: 0,
  };
}

function sinkMetrics(m: TaskMeasure, sink: RowSink): void {
  m.shuffleWriteBytes = sink.shuffleBytes;
  m.shuffleWriteRecords = sink.shuffleRecords;
  m.shuffleWriteTimeNs = sink.shuffleTimeNs;
  m.outputBytes = sink.outputBytes;
  m.outputRecords = sink.outputRecords;
}

async function run(task: TaskAttempt): Promise<void> {
  const start = performance.now();
  const elu0 = performance.eventLoopUtilization();
  const gc0 = sampler.gcTimeMs;
  const heap0 = sampler.sample().used;
  sampler.resetPeak();
  const m = emptyMeasure();
  let malformed = 0;
  const phases: Record<string, number> = {};
  let error: { className: string; message: string; stack: string } | undefined;
  try {
    if (task.work.kind === 'scan') {
      const s = await runScan(task.work, task.attempt);
      m.inputBytes = s.inputBytes;
      m.inputRecords = s.inputRecords;
      malformed = s.malformed;
      sinkMetrics(m, s.sink);
      phases[task.work.out.kind === 'shuffle' ? 'shuffle write time' : 'write time'] = s.sink.ms;
      phases['parse time'] = performance.now() - start - s.sink.ms;
    } else {
      const s = await runJoin(task.work, task.attempt, (report) => post({ type: 'hot-keys', taskId: task.taskId, heap: sampler.sample(), report }));
      m.shuffleReadBytes = s.read.bytes;
      m.shuffleReadRecords = s.read.records;
      m.shuffleBlocksFetched = s.read.blocks;
      sinkMetrics(m, s.sink);
      phases[task.work.out.kind === 'shuffle' ? 'shuffle write time' : 'write time'] = s.sink.ms;
      phases['shuffle read time'] = s.readMs;
      phases['join time'] = performance.now() - start - s.sink.ms - s.readMs;
    }
  } catch (e) {
    const err = e instanceof Error ? e : new Error(String(e));
    error = { className: err.name === 'Error' ? 'skewscope.TaskError' : err.name, message: err.message, stack: err.stack ?? '' };
  }
  const end = sampler.sample();
  m.runTimeMs = Math.round(performance.now() - start);
  m.cpuTimeNs = Math.round(performance.eventLoopUtilization(elu0).active * 1e6);
  m.gcTimeMs = Math.round(sampler.gcTimeMs - gc0);
  m.peakExecutionMemory = Math.max(0, sampler.peakUsed - heap0);
  post({ type: 'task-end', taskId: task.taskId, time: Date.now(), heap: end, measure: m, malformed, phases: roundAll(phases), error });
}

port.on('message', (msg: ToExecutor) => void run(msg.task));

function roundAll(phases: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(phases).map(([k, v]) => [k, Math.max(0, Math.round(v))]));
}
