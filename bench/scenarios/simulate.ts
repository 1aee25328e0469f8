// Simulates one labelled Spark application and writes it as Spark's JSON event log.
// The physics is simple and stated, and the labels come from what was injected, never from the
// detectors: task time = start-up + bytes / throughput (8–20 MB/s scan, 6–15 MB/s join, per task)
// × lognormal noise (σ 0.15) × the executor's
// speed; a heap = base + GC sawtooth + working set of running tasks (+ a leak where injected);
// executors report heap the way Spark 3 does with spark.executor.metrics.pollingInterval=1s:
// one peak per task end ("Task Executor Metrics") over the polls made while it ran; the driver's
// samples are ExecutorMetricsUpdate events every few seconds.
import { Rng } from './rng.js';
import * as ev from './spark-events.js';
import type { StageRecord, TaskRecord } from './spark-events.js';

export type ScenarioKind =
  | 'clean'
  | 'stragglers'
  | 'slow-executor'
  | 'skew'
  | 'executor-oom'
  | 'heap-growth-safe'
  | 'driver-oom-listing'
  | 'driver-listing-safe'
  // The same two with every executor's heap also polled each second as ExecutorMetricsUpdate, as
  // Skewscope's local engine writes it (a Spark cluster's log has task-end peaks only).
  | 'executor-oom-polled'
  | 'heap-growth-safe-polled';

export interface ScenarioTruth {
  kind: ScenarioKind;
  seed: number;
  /** Task attempts slowed on purpose: injected stragglers, every task of a slow executor, skewed partitions. */
  stragglerTaskIds: number[];
  /** Executors slowed on purpose, or that lost tasks to an injected OOM. */
  badExecutors: string[];
  skewedStageIds: number[];
  /** The heap that ran out, when, when its true heap first reached 50 % of the limit, and when the growth that killed it began. */
  oom?: { executorId: string; at: number; crossedSafeAt: number; growthStartAt: number };
}

export interface Scenario {
  appId: string;
  lines: string[];
  truth: ScenarioTruth;
}

const GiB = 1024 ** 3;
const MiB = 1024 ** 2;
const POLL_MS = 1000;

interface Exec {
  id: string;
  host: string;
  speed: number;
  base: number;
  sawAmp: number;
  sawPeriod: number;
  sawPhase: number;
  tasks: TaskRecord[];
  leak?: { from: number; to: number; bytesPerMs: number };
}

interface PlannedTask {
  index: number;
  inputBytes: number;
  shuffleBytes: number;
  shuffleRecords: number;
  /** Seconds of work at speed 1, before the executor's speed. */
  workMs: number;
  slowed: boolean;
}

export function simulate(kind: ScenarioKind, seed: number): Scenario {
  const rng = new Rng(seed * 7919 + kindSalt(kind));
  const t0 = 1_760_000_000_000 + seed * 10_000_000;
  const appId = `app-${kind}-${String(seed).padStart(4, '0')}`;
  const nExec = rng.int(6, 16);
  const cores = rng.pick([2, 4]);
  const execHeap = rng.pick([4, 8]) * GiB;
  const driverHeap = rng.pick([2, 4]) * GiB;
  const wsFrac = rng.uniform(0.03, 0.06);
  const events: { t: number; order: number; e: ev.Event }[] = [];
  const push = (t: number, order: number, e: ev.Event) => events.push({ t, order, e });
  const truth: ScenarioTruth = { kind, seed, stragglerTaskIds: [], badExecutors: [], skewedStageIds: [] };

  push(t0, 0, ev.logStart());
  push(t0, 1, ev.environment({
    'spark.app.id': appId,
    'spark.executor.memory': `${execHeap / GiB}g`,
    'spark.driver.memory': `${driverHeap / GiB}g`,
    'spark.executor.cores': String(cores),
    'spark.executor.metrics.pollingInterval': '1s',
    'spark.eventLog.logStageExecutorMetrics': 'true',
    'spark.sql.adaptive.enabled': 'false',
  }));
  push(t0, 2, ev.appStart(appId, t0));

  const execs: Exec[] = [];
  for (let i = 1; i <= nExec; i++) {
    const e: Exec = {
      id: String(i),
      host: `ip-10-0-${Math.floor(i / 4)}-${10 + i}.ec2.internal`,
      speed: rng.uniform(0.95, 1.05),
      base: rng.uniform(0.15, 0.28),
      sawAmp: rng.uniform(0.03, 0.08),
      sawPeriod: rng.uniform(4000, 12000),
      sawPhase: rng.uniform(0, 12000),
      tasks: [],
    };
    execs.push(e);
    push(t0 + 3000 + i * 50, 3, ev.executorAdded(e.id, e.host, cores, t0 + 3000 + i * 50));
  }

  // The driver lists the input before the first job; in the driver scenarios its heap grows with it.
  const driverBase = rng.uniform(0.1, 0.2);
  const driverPoll = rng.uniform(2000, 8000);
  const listingMs = Math.round(kind === 'driver-oom-listing' || kind === 'driver-listing-safe' ? rng.uniform(2, 15) * 60_000 : rng.uniform(5_000, 30_000));
  const plateau = kind === 'driver-listing-safe' ? rng.uniform(0.35, 0.75) : driverBase;
  const driverSaw = rng.uniform(0.02, 0.05);
  const driverHeapAt = (t: number): number => {
    const x = Math.min(1, Math.max(0, (t - t0) / listingMs));
    const target = kind === 'driver-oom-listing' ? 1.02 : plateau;
    return driverHeap * (driverBase + (target - driverBase) * x + driverSaw * (((t - t0) % 9000) / 9000));
  };

  if (kind === 'driver-oom-listing') {
    let crossed = 0;
    let oomAt = 0;
    for (let t = t0; ; t += 100) {
      const h = driverHeapAt(t) / driverHeap;
      if (!crossed && h >= 0.5) crossed = t;
      if (h >= 1) {
        oomAt = t;
        break;
      }
    }
    for (let t = t0 + driverPoll; t < oomAt; t += driverPoll) push(t, 4, ev.driverMetrics(t, driverHeapAt(t)));
    truth.oom = { executorId: 'driver', at: oomAt, crossedSafeAt: crossed, growthStartAt: t0 };
    return finish(appId, events, truth);
  }

  const heapAt = (e: Exec, t: number): number => {
    let h = execHeap * (e.base + e.sawAmp * (((t - e.sawPhase) % e.sawPeriod + e.sawPeriod) % e.sawPeriod) / e.sawPeriod);
    for (const task of e.tasks) if (task.launch <= t && t < task.finish) h += Math.min(0.25, wsFrac * task.inputBytes / medianIn + wsFrac * task.shuffleBytes / medianSh) * execHeap;
    // The leak is held until `to` (the end of its stage), then released.
    if (e.leak && t >= e.leak.from && t <= e.leak.to) h += (t - e.leak.from) * e.leak.bytesPerMs;
    return h;
  };

  // Stage 0 scans files; stage 1 reads the shuffle and joins.
  const n0 = rng.int(80, 300);
  const n1 = rng.int(60, 200);
  const fileBytes = rng.uniform(64, 160) * MiB;
  // Per-task throughput of a Glue-style JSON scan and a shuffle join (parse, cast, hash).
  const scanRate = rng.uniform(8, 20) * MiB;
  const joinRate = rng.uniform(6, 15) * MiB;
  const scan: PlannedTask[] = [];
  for (let i = 0; i < n0; i++) {
    const bytes = Math.round(fileBytes * rng.uniform(0.85, 1.15));
    scan.push({ index: i, inputBytes: bytes, shuffleBytes: 0, shuffleRecords: 0, workMs: 300 + (bytes / scanRate) * 1000 * rng.logNormal(0.15), slowed: false });
  }
  const totalShuffle = scan.reduce((a, t) => a + t.inputBytes, 0) * 0.5;
  const join: PlannedTask[] = [];
  for (let i = 0; i < n1; i++) {
    const bytes = Math.round((totalShuffle / n1) * rng.uniform(0.85, 1.15));
    join.push({ index: i, inputBytes: 0, shuffleBytes: bytes, shuffleRecords: Math.round(bytes / 120), workMs: 300 + (bytes / joinRate) * 1000 * rng.logNormal(0.15), slowed: false });
  }
  const medianIn = fileBytes;
  const medianSh = totalShuffle / n1;

  if (kind === 'stragglers') {
    for (const stage of [scan, join]) {
      for (const i of rng.sample(stage.length, Math.max(1, Math.round(stage.length * rng.uniform(0.01, 0.05))))) {
        stage[i].workMs *= rng.uniform(3, 8);
        stage[i].slowed = true;
      }
    }
  }
  if (kind === 'skew') {
    for (const i of rng.sample(join.length, rng.int(1, 3))) {
      const f = rng.uniform(8, 40);
      join[i].shuffleBytes = Math.round(join[i].shuffleBytes * f);
      join[i].shuffleRecords = Math.round(join[i].shuffleRecords * f);
      join[i].workMs = 300 + (join[i].workMs - 300) * f;
      join[i].slowed = true;
    }
    truth.skewedStageIds.push(1);
  }
  const healthy = execs.slice();
  if (kind === 'slow-executor') {
    const slow = rng.pick(execs);
    slow.speed = rng.uniform(2.5, 4);
    truth.badExecutors.push(slow.id);
    healthy.splice(healthy.indexOf(slow), 1);
  }
  const polled = kind.endsWith('-polled');
  const leakKind = kind.replace('-polled', '');
  const leaky = leakKind === 'executor-oom' || leakKind === 'heap-growth-safe' ? rng.pick(healthy) : undefined;

  let nextTaskId = 0;
  const jobT = t0 + listingMs;
  const s0: StageRecord = { stageId: 0, name: 'parquet at Scan.scala:41', numTasks: n0, parents: [] };
  const s1: StageRecord = { stageId: 1, name: 'save at Join.scala:88', numTasks: n1, parents: [0] };
  push(jobT, 10, ev.jobStart(0, jobT, [s0, s1]));

  s0.submitted = jobT + 20;
  const r0 = schedule(scan, s0.submitted, execs, cores, nextTaskId, 0, undefined);
  nextTaskId = r0.nextTaskId;
  s0.completed = r0.end + 15;
  s1.submitted = s0.completed + 10;

  // Stage 1: first without any death, to find when a leaking executor would die; then for real.
  let death: { exec: Exec; at: number } | undefined;
  if (leaky) {
    const dry = schedule(join, s1.submitted, execs, cores, nextTaskId, 1, undefined);
    for (const t of dry.tasks) execs.find((e) => e.id === t.executorId)?.tasks.push(t);
    const typical = leaky.base + leaky.sawAmp / 2 + cores * wsFrac;
    const span = dry.end - s1.submitted;
    if (leakKind === 'executor-oom') {
      const reachAt = s1.submitted + span * rng.uniform(0.3, 0.7);
      leaky.leak = { from: s1.submitted, to: Infinity, bytesPerMs: ((1.02 - typical) * execHeap) / (reachAt - s1.submitted) };
      for (let t = s1.submitted; t < dry.end + 3_600_000; t += 100) {
        if (heapAt(leaky, t) >= execHeap) {
          death = { exec: leaky, at: t };
          break;
        }
      }
    } else {
      const peak = rng.uniform(0.6, 0.85);
      leaky.leak = { from: s1.submitted, to: dry.end, bytesPerMs: (Math.max(0.1, peak - typical) * execHeap) / span };
    }
    for (const e of execs) e.tasks = e.tasks.filter((t) => t.stageId !== 1);
  }
  const r1 = schedule(join, s1.submitted, execs, cores, nextTaskId, 1, death);
  s1.completed = r1.end + 15;
  const jobEndT = s1.completed + 5;

  for (const t of [...r0.tasks, ...r1.tasks]) execs.find((e) => e.id === t.executorId)?.tasks.push(t);
  // Task-end peaks: the executor's heap at the polls made while the task ran.
  for (const e of execs) {
    for (const t of e.tasks) {
      let peak: number | undefined;
      for (let p = Math.ceil(t.launch / POLL_MS) * POLL_MS; p <= t.finish; p += POLL_MS) {
        const h = heapAt(e, p);
        if (peak === undefined || h > peak) peak = h;
      }
      if (!t.failure) t.heapPeak = peak;
    }
  }
  if (death) {
    let crossed = 0;
    for (let t = s1.submitted - 60_000; t <= death.at; t += 100) {
      if (heapAt(death.exec, t) >= 0.5 * execHeap) {
        crossed = t;
        break;
      }
    }
    truth.oom = { executorId: death.exec.id, at: death.at, crossedSafeAt: crossed, growthStartAt: s1.submitted };
    truth.badExecutors.push(death.exec.id);
    push(death.at, 30, ev.executorRemoved(death.exec.id, death.at, r1.deathReason ?? ''));
  }

  for (const [stage, r, shuffle] of [[s0, r0, false], [s1, r1, true]] as const) {
    push(stage.submitted as number, 11, ev.stageSubmitted(stage));
    for (const t of r.tasks) {
      push(t.launch, 20, ev.taskStart(t));
      push(t.finish, 21, ev.taskEnd(t, shuffle));
      if (r.slowed.has(t.taskId)) truth.stragglerTaskIds.push(t.taskId);
    }
    push(stage.completed as number, 40, ev.stageCompleted(stage));
  }
  for (const e of execs) if (e.speed > 2) for (const t of e.tasks) if (!truth.stragglerTaskIds.includes(t.taskId)) truth.stragglerTaskIds.push(t.taskId);
  push(jobEndT, 41, ev.jobEnd(0, jobEndT));
  for (let t = t0 + driverPoll; t < jobEndT; t += driverPoll) push(t, 5, ev.driverMetrics(t, driverHeapAt(t)));
  if (polled) {
    for (const e of execs) {
      const until = death && death.exec === e ? death.at : jobEndT;
      for (let t = Math.ceil((t0 + 3000) / POLL_MS) * POLL_MS; t < until; t += POLL_MS) push(t, 6, ev.executorMetrics(e.id, t, heapAt(e, t)));
    }
  }
  push(jobEndT + 500, 50, ev.appEnd(jobEndT + 500));
  return finish(appId, events, truth);
}

function finish(appId: string, events: { t: number; order: number; e: ev.Event }[], truth: ScenarioTruth): Scenario {
  events.sort((a, b) => a.t - b.t || a.order - b.order);
  return { appId, lines: events.map((x) => JSON.stringify(x.e)), truth };
}

function kindSalt(kind: ScenarioKind): number {
  let h = 0;
  for (const c of kind) h = (h * 31 + c.charCodeAt(0)) >>> 0;
  return h;
}

/**
 * List scheduling in index order onto the earliest free slot; a task meets its executor's speed.
 * With `death`, that executor's running tasks fail at the death time and are retried elsewhere.
 */
function schedule(
  plan: PlannedTask[],
  start: number,
  execs: Exec[],
  cores: number,
  firstTaskId: number,
  stageId: number,
  death: { exec: Exec; at: number } | undefined,
): { tasks: TaskRecord[]; end: number; nextTaskId: number; slowed: Set<number>; deathReason?: string } {
  const slots: { exec: Exec; free: number }[] = [];
  for (const e of execs) for (let c = 0; c < cores; c++) slots.push({ exec: e, free: start });
  const queue: { p: PlannedTask; attempt: number; readyAt: number }[] = plan.map((p) => ({ p, attempt: 0, readyAt: start }));
  const tasks: TaskRecord[] = [];
  const slowed = new Set<number>();
  let taskId = firstTaskId;
  let end = start;
  let deathReason: string | undefined;
  const reasonKind = death && (death.at % 2 === 0 ? 'yarn-memory' : 'java-oom');
  while (queue.length > 0) {
    let best = -1;
    for (let i = 0; i < slots.length; i++) {
      const s = slots[i];
      if (death && s.exec === death.exec && s.free >= death.at) continue;
      if (best < 0 || s.free < slots[best].free) best = i;
    }
    const slot = slots[best];
    const item = queue.shift() as (typeof queue)[number];
    const launch = Math.max(slot.free, item.readyAt) + 8;
    if (death && slot.exec === death.exec && launch >= death.at) {
      slot.free = Infinity; // the executor is gone: this slot takes nothing more
      queue.unshift(item);
      continue;
    }
    const dur = Math.round(item.p.workMs * slot.exec.speed);
    const t: TaskRecord = {
      taskId: taskId++,
      index: item.p.index,
      attempt: item.attempt,
      stageId,
      executorId: slot.exec.id,
      host: slot.exec.host,
      launch,
      finish: launch + dur,
      inputBytes: item.p.inputBytes,
      shuffleBytes: item.p.shuffleBytes,
      shuffleRecords: item.p.shuffleRecords,
    };
    if (death && slot.exec === death.exec && launch < death.at && t.finish > death.at) {
      t.finish = death.at;
      const message =
        reasonKind === 'yarn-memory'
          ? 'Container killed by YARN for exceeding memory limits. 4.6 GB of 4.4 GB physical memory used. Consider boosting spark.executor.memoryOverhead.'
          : 'Java heap space';
      t.failure = { kind: reasonKind as 'yarn-memory' | 'java-oom', message };
      deathReason = reasonKind === 'yarn-memory' ? message : `Executor ${death.exec.id} exited with code 52 (java.lang.OutOfMemoryError: Java heap space)`;
      queue.unshift({ p: item.p, attempt: item.attempt + 1, readyAt: death.at + 50 });
    } else if (item.p.slowed) {
      slowed.add(t.taskId);
    }
    slot.free = t.finish;
    end = Math.max(end, t.finish);
    tasks.push(t);
  }
  return { tasks, end, nextTaskId: taskId, slowed, deathReason };
}
