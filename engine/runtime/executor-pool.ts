// The executors: heap-limited workers, their live heap samples and per-stage peaks, and what
// happens when one dies. An ERR_WORKER_OUT_OF_MEMORY is an executor OOM; the pool reports the
// loss (with the tasks it was running) and the driver decides about replacements and retries.
import type { Worker } from 'node:worker_threads';
import { heapLimits } from './heap-limits.js';
import { spawnWorker } from './spawn-worker.js';
import { executorMetrics, peakOf, type HeapSample } from './spark-events.js';
import type { FromExecutor, TaskAttempt } from './task-types.js';

export const EXECUTOR_HOST = 'localhost';

export interface ExecutorLoss {
  executorId: string;
  reason: string;
  oom: boolean;
  runningTaskIds: number[];
}

export interface PoolEvents {
  onAdded(executorId: string, time: number): void;
  onSample(executorId: string, time: number, heap: HeapSample, activeStages: number[]): void;
  onTaskEnd(executorId: string, msg: FromExecutor & { type: 'task-end' }, taskPeaks: Record<string, number>): void;
  onHotKeys(msg: FromExecutor & { type: 'hot-keys' }): void;
  onLost(loss: ExecutorLoss, time: number): void;
}

export class Executor {
  readonly running = new Map<number, TaskAttempt>();
  alive = true;
  /** Peaks since the previous task end (Spark's "Task Executor Metrics"). */
  peaksSinceTaskEnd: Record<string, number> | undefined;
  /** Peaks per stage while that stage's tasks ran here (SparkListenerStageExecutorMetrics). */
  readonly stagePeaks = new Map<number, Record<string, number>>();
  /** Highest used heap over the executor's life, and its limit. */
  peakUsed = 0;
  limit = 0;

  constructor(
    readonly id: string,
    readonly cores: number,
    readonly worker: Worker,
  ) {}

  get freeSlots(): number {
    return this.alive ? this.cores - this.running.size : 0;
  }

  record(heap: HeapSample): void {
    const m = executorMetrics(heap);
    this.peaksSinceTaskEnd = peakOf(this.peaksSinceTaskEnd, m);
    for (const t of this.running.values()) this.stagePeaks.set(t.stageId, peakOf(this.stagePeaks.get(t.stageId), m));
    if (heap.used > this.peakUsed) this.peakUsed = heap.used;
    this.limit = heap.limit;
  }

  activeStages(): number[] {
    return [...new Set([...this.running.values()].map((t) => t.stageId))];
  }
}

export class ExecutorPool {
  readonly executors = new Map<string, Executor>();
  private nextId = 1;

  constructor(
    private readonly cores: number,
    private readonly heapMb: number,
    private readonly events: PoolEvents,
  ) {}

  add(): Executor {
    const id = String(this.nextId++);
    const worker = spawnWorker('executor-worker', { executorId: id }, heapLimits(this.heapMb));
    const ex = new Executor(id, this.cores, worker);
    this.executors.set(id, ex);
    worker.on('message', (msg: FromExecutor) => {
      if (!ex.alive) return;
      ex.record(msg.heap);
      if (msg.type === 'sample') {
        this.events.onSample(id, msg.time, msg.heap, ex.activeStages());
        return;
      }
      if (msg.type === 'hot-keys') {
        this.events.onHotKeys(msg);
        return;
      }
      const peaks = ex.peaksSinceTaskEnd ?? executorMetrics(msg.heap);
      ex.peaksSinceTaskEnd = undefined;
      ex.running.delete(msg.taskId);
      this.events.onTaskEnd(id, msg, peaks);
    });
    // Without an 'error' listener a worker's OOM would take the whole process down.
    worker.on('error', (err: Error & { code?: string }) => {
      const oom = err.code === 'ERR_WORKER_OUT_OF_MEMORY';
      const reason = oom
        ? `Executor ${id} ran out of heap memory (java.lang.OutOfMemoryError: Java heap space): the V8 heap reached its limit of ${this.heapMb} MB (${err.code})`
        : `Executor ${id} crashed: ${err.message}`;
      this.lose(ex, reason, oom);
    });
    worker.on('exit', (code) => this.lose(ex, `Executor ${id} exited with code ${code}`, false));
    this.events.onAdded(id, Date.now());
    return ex;
  }

  private lose(ex: Executor, reason: string, oom: boolean): void {
    if (!ex.alive) return;
    ex.alive = false;
    // No sample arrives at the moment of death: the heap was at its limit.
    if (oom && ex.limit) ex.peakUsed = ex.limit;
    const runningTaskIds = [...ex.running.keys()];
    ex.running.clear();
    this.events.onLost({ executorId: ex.id, reason, oom, runningTaskIds }, Date.now());
  }

  launch(ex: Executor, task: TaskAttempt): void {
    ex.running.set(task.taskId, task);
    ex.worker.postMessage({ type: 'run', task });
  }

  /** Terminates every worker; no loss is reported for them (the run is over). */
  async shutdown(): Promise<void> {
    const all = [...this.executors.values()];
    for (const ex of all) ex.alive = false;
    await Promise.all(all.map((ex) => ex.worker.terminate()));
  }
}
