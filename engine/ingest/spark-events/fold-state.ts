// The live entities the Spark event folder keeps while it reads: one application attempt.
// Entities are the model's own objects, updated in place; nothing of the raw events is kept.
import type { Environment, Executor, HotKey, Job, StageAttempt, Task } from '../../model/job-run.js';
import { blankExecutor } from '../../model/job-run.js';
import type { FieldReader, Json } from './event-fields.js';
import { MemorySamples } from './memory-series.js';

export interface AppInfo {
  id?: string;
  name?: string;
  attemptId?: string;
  startTime?: number;
  endTime?: number;
  sparkUser?: string;
  sparkVersion?: string;
}

export class FoldState {
  readonly app: AppInfo = {};
  readonly environment: Environment = { sparkProperties: {}, systemProperties: {}, jvmInformation: {}, hadoopProperties: {} };
  readonly jobs = new Map<number, Job>();
  /** Keyed by stageKey(stageId, attemptId). */
  readonly stages = new Map<number, StageAttempt>();
  readonly tasks = new Map<number, Task>();
  readonly executors = new Map<string, Executor>();
  /** Task cpus per resource profile id, for executors' maxTasks. */
  readonly taskCpus = new Map<number, number>();
  readonly memory = new MemorySamples();
  /** From the local engine's hot-keys events (hot-keys-event.ts). */
  readonly hotKeys: HotKey[] = [];
  /** Latest time any event carried: the best "now" for events that have no time of their own. */
  clock = 0;
  eventsRead = 0;
  /** Interned hosts, executor ids and localities: tasks repeat a few values millions of times. */
  private readonly strings = new Map<string, string>();

  constructor(readonly f: FieldReader) {}

  intern(s: string): string {
    const known = this.strings.get(s);
    if (known !== undefined) return known;
    this.strings.set(s, s);
    return s;
  }

  tick(t: number | undefined): void {
    if (t !== undefined && t > this.clock) this.clock = t;
  }

  executor(id: string, addTime: number): Executor {
    let e = this.executors.get(id);
    if (!e) {
      e = blankExecutor(id, addTime);
      this.executors.set(id, e);
    }
    return e;
  }

  /** The stage attempt a Stage Info describes, created PENDING as Spark does at job start. */
  stageFromInfo(info: Json): StageAttempt | undefined {
    const f = this.f;
    const stageId = f.num(info, 'Stage ID');
    if (stageId === undefined) return undefined;
    const attemptId = f.num(info, 'Stage Attempt ID') ?? f.num(info, 'Attempt ID') ?? 0;
    const key = stageKey(stageId, attemptId);
    let s = this.stages.get(key);
    if (!s) {
      s = {
        stageId,
        attemptId,
        name: '',
        details: '',
        numTasks: 0,
        status: 'PENDING',
        schedulingPool: 'default',
        rddIds: [],
        parentIds: [],
        jobIds: [],
        resourceProfileId: 0,
        executorPeaks: {},
        accumulatorUpdates: [],
      };
      this.stages.set(key, s);
    }
    s.name = f.str(info, 'Stage Name') ?? s.name;
    s.details = f.str(info, 'Details') ?? s.details;
    s.numTasks = f.num(info, 'Number of Tasks') ?? s.numTasks;
    s.resourceProfileId = f.num(info, 'Resource Profile Id') ?? s.resourceProfileId;
    const rdds = f.arr(info, 'RDD Info');
    if (rdds) s.rddIds = rdds.flatMap((r) => (r && typeof r === 'object' ? (f.num(r as Json, 'RDD ID') ?? []) : []));
    const parents = f.arr(info, 'Parent IDs');
    if (parents) s.parentIds = parents.filter((p): p is number => typeof p === 'number');
    const pushEnabled = f.bool(info, 'Shuffle Push Enabled');
    if (pushEnabled !== undefined) s.isShufflePushEnabled = pushEnabled;
    const mergers = f.num(info, 'Shuffle Push Mergers Count');
    if (mergers !== undefined) s.shuffleMergersCount = mergers;
    return s;
  }

  stage(stageId: number, attemptId: number): StageAttempt | undefined {
    return this.stages.get(stageKey(stageId, attemptId));
  }
}

export function stageKey(stageId: number, attemptId: number): number {
  return stageId * 100_000 + attemptId;
}
