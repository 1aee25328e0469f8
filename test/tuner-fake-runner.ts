// A scripted JobRunner for the tuner's tests: heap demand grows linearly with the files a run
// takes, the heap climbs towards that demand as tasks finish, and a run whose heap reaches the
// limit dies of OOM. Time is virtual (samples are 250 ms apart, as the local engine's) so tests never wait.
import type { JobRun, MemorySeries, Task } from '../engine/model/job-run.js';
import type { JobRunner, MapOutputStatistics, RunHandle, RunOutcome, RunRequest } from '../engine/tuner/job-runner.js';
import { boundSize } from '../engine/tuner/bound.js';

export interface FakeLake {
  /** Files in the backlog. */
  backlogFiles: number;
  bytesPerFile: number;
  /** Idle heap ÷ limit. */
  base: number;
  /** Extra heap ÷ limit per file taken. */
  perFile: number;
  /** Virtual ms per file of work. */
  msPerFile: number;
  /** The heap jumps from the idle level straight to the OOM (nothing to predict from). */
  suddenDeath?: boolean;
  /** Every run fails for a reason that is not memory. */
  brokenInput?: boolean;
  /**
   * A map stage then a join: the heap stays idle until this fraction of the work, when the map
   * output statistics arrive, then the join builds its largest partition and the heap climbs.
   */
  joinAt?: number;
  /** Bytes of the largest shuffle partition per file taken (map output statistics; needs joinAt). */
  partitionBytesPerFile?: number;
}

export const LIMIT = 1_000_000_000;
const SAMPLE_MS = 250;
const TASKS = 20;

export class FakeRunner implements JobRunner {
  readonly name = 'fake';
  readonly supportsSampling = true;
  readonly requests: RunRequest[] = [];
  /** Virtual ms each run would have lasted had it been left alone (until done or dead). */
  readonly naturalMs: number[] = [];

  constructor(readonly lake: FakeLake) {}

  /** Peak heap ÷ limit a run of `files` files reaches (uncapped: ≥ 1 means it dies). */
  demand(files: number, sampleFraction = 1): number {
    return this.lake.base + this.lake.perFile * files * sampleFraction;
  }

  async start(request: RunRequest): Promise<RunHandle> {
    this.requests.push(request);
    const lake = this.lake;
    const files = Math.min(boundSize(request.bound) ?? lake.backlogFiles, lake.backlogFiles);
    const frac = request.sampleFraction ?? 1;
    const demand = this.demand(files, frac);
    const workMs = Math.max(4 * SAMPLE_MS, files * lake.msPerFile * frac);
    const joinAt = lake.joinAt ?? 0;
    const deathAt =
      demand >= 1 ? (lake.suddenDeath ? 2 * SAMPLE_MS : workMs * (joinAt + ((1 - joinAt) * (1 - lake.base)) / (demand - lake.base))) : undefined;
    this.naturalMs.push(deathAt ?? workMs);
    const t0 = 1_700_000_000_000;
    const run = emptyRun(t0);
    const listeners: ((r: JobRun) => void)[] = [];
    const mapOutputListeners: ((s: MapOutputStatistics) => void)[] = [];
    let mapOutputSent = false;
    let cancelled = false;
    let resolve!: (o: RunOutcome) => void;
    const outcome = new Promise<RunOutcome>((r) => (resolve = r));
    const finish = (o: Omit<RunOutcome, 'run' | 'bytesRead'>) =>
      resolve({ ...o, bytesRead: o.filesRead * lake.bytesPerFile, run });

    const step = (now: number) => {
      const progress = Math.min(1, now / workMs);
      const joinProgress = Math.max(0, (progress - joinAt) / (1 - joinAt));
      const heap = lake.suddenDeath && demand >= 1 ? lake.base : lake.base + (demand - lake.base) * joinProgress;
      if (lake.partitionBytesPerFile !== undefined && !mapOutputSent && progress >= joinAt) {
        mapOutputSent = true;
        const largest = lake.partitionBytesPerFile * files * frac;
        for (const l of mapOutputListeners) l({ stageId: 0, bytesByPartitionId: [largest / 4, largest, largest / 2] });
        if (cancelled) return finish({ status: 'cancelled', oom: false, durationMs: now, filesRead: Math.floor(files * progress) });
      }
      const done = Math.floor(progress * TASKS);
      const ex = run.memory[1];
      ex.t.push(t0 + now);
      ex.used.push(Math.min(heap, 1) * LIMIT);
      run.memory[0].t.push(t0 + now);
      run.memory[0].used.push(0.05 * LIMIT);
      while (run.tasks.length < done) run.tasks.push(task(run.tasks.length, t0, (workMs / TASKS) * run.tasks.length, workMs / TASKS));
      const filesRead = Math.floor(files * progress);
      if (cancelled) return finish({ status: 'cancelled', oom: false, durationMs: now, filesRead });
      if (deathAt !== undefined && now >= deathAt) return finish({ status: 'failed', cause: 'executor-oom', oom: true, durationMs: now, filesRead });
      if (lake.brokenInput && progress >= 0.5) return finish({ status: 'failed', cause: 'malformed-data', oom: false, durationMs: now, filesRead });
      for (const l of listeners) l(run);
      if (progress >= 1) return finish({ status: 'succeeded', oom: false, durationMs: now, filesRead: files });
      setImmediate(() => step(now + SAMPLE_MS));
    };
    setImmediate(() => step(0));
    return {
      onUpdate: (l) => void listeners.push(l),
      onMapOutput: (l) => void mapOutputListeners.push(l),
      cancel: async () => {
        cancelled = true;
        await outcome;
      },
      outcome,
    };
  }
}

function series(executorId: string): MemorySeries {
  return { executorId, kind: 'local-sample', t: [], used: [], limitBytes: LIMIT, limitSource: 'local-heap-limit', resolutionMs: SAMPLE_MS };
}

function task(i: number, t0: number, start: number, dur: number): Task {
  return {
    taskId: i, index: i, attempt: 0, partitionId: i, stageId: 0, stageAttemptId: 0,
    launchTime: t0 + start, finishTime: t0 + start + dur, gettingResultTime: 0,
    executorId: '1', host: 'localhost', status: 'SUCCESS', taskLocality: 'PROCESS_LOCAL', speculative: false,
  };
}

function emptyRun(t0: number): JobRun {
  return {
    id: 'fake', source: { kind: 'local', path: 'fake' },
    application: { id: 'fake', name: 'fake', attempts: [{ startTime: t0, endTime: -1, lastUpdated: t0, duration: 0, sparkUser: 'test', completed: false, appSparkVersion: '3.5.0' }] },
    environment: { sparkProperties: {}, systemProperties: {}, jvmInformation: {}, hadoopProperties: {} },
    jobs: [],
    stages: [{ stageId: 0, attemptId: 0, name: 'scan', details: '', numTasks: TASKS, status: 'ACTIVE', submissionTime: t0, schedulingPool: 'default', rddIds: [], parentIds: [], jobIds: [0], resourceProfileId: 0, executorPeaks: {}, accumulatorUpdates: [] }],
    tasks: [],
    executors: [
      { id: 'driver', host: 'localhost', hostPort: 'localhost:0', totalCores: 0, addTime: t0, maxMemory: LIMIT, executorLogs: {}, attributes: {}, resources: {}, resourceProfileId: 0, isExcluded: false, excludedInStages: [] },
      { id: '1', host: 'localhost', hostPort: 'localhost:1', totalCores: 1, addTime: t0, maxMemory: LIMIT, executorLogs: {}, attributes: {}, resources: {}, resourceProfileId: 0, isExcluded: false, excludedInStages: [] },
    ],
    memory: [series('driver'), series('1')],
    hotKeys: [],
    warnings: [],
  };
}
