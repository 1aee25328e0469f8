// One trial run: start it, watch every live update through the risk gate, cancel it the moment
// the gate says so, and turn what happened into a TrialRun with its evidence.
import type { JobRun } from '../model/job-run.js';
import type { JobRunner, RunOutcome, RunRequest } from './job-runner.js';
import { maxOf, peakHeapBySeries } from './peak-heap.js';
import { decideStop, pct, type RiskAssessor, type StopPolicy } from './risk-gate.js';
import type { RiskEvidence, TrialRun } from './tuning-types.js';
import type { VolumePrediction } from './volume-model.js';

/** The session's prediction of a trial's peak from its largest shuffle partition (undefined: nothing learned yet). */
export type VolumePredictor = (largestPartitionBytes: number) => VolumePrediction | undefined;

export interface TrialWatch {
  /** Live model of the trial, whenever it changes. */
  onUpdate?: (run: JobRun) => void;
  /** Stops the trial for the user (not a verdict on the bound). */
  signal?: AbortSignal;
  /** Predicts the join's peak when a map stage finishes (from the second trial of a session on). */
  volume?: VolumePredictor;
}

export interface TrialResult {
  trial: Omit<TrialRun, 'index'>;
  /** Heap fraction of the peaking series before the work grew it (for the heap model). */
  baseHeap?: number;
  /** Heap limit of the executors, in bytes. */
  executorLimitBytes?: number;
  /** Highest executor heap ÷ limit when the last map stage finished: what the join starts from. */
  heapBeforeJoin?: number;
  /** Bytes of the largest partition the cancelled executor was building when the heap gate fired. */
  buildingBytes?: number;
  outcome: RunOutcome;
}

export async function runTrial(
  runner: JobRunner,
  request: RunRequest,
  policy: StopPolicy,
  assess: RiskAssessor,
  watch: TrialWatch = {},
): Promise<TrialResult> {
  const startedAt = Date.now();
  const handle = await runner.start(request);
  let stop: RiskEvidence | undefined;
  let stopAt = Infinity;
  let cancelling: Promise<void> | undefined;
  // Map output statistics so far, by map stage: the volume the joins will hold.
  const mapStats = new Map<number, number[]>();
  let largestPartitionBytes: number | undefined;
  let heapBeforeJoin: number | undefined;
  /** Bytes of the partition being built when the heap gate fired. */
  let building: number | undefined;
  let latest: JobRun | undefined;
  const check = (run: JobRun | undefined) => {
    if (stop) return;
    const now = (run && latestSampleTime(run)) ?? Date.now();
    const risks = run ? assess(run, now) : [];
    const predicted = largestPartitionBytes !== undefined ? watch.volume?.(largestPartitionBytes) : undefined;
    const decided = decideStop(risks, policy, Math.max(0, now - (run ? runStart(run, startedAt) : startedAt)), predicted);
    if (decided) {
      stop = decided;
      stopAt = now;
      if (run && !decided.volume) building = buildingBytes(run, decided.executorId, mapStats);
      cancelling = handle.cancel(decided.rule);
    }
  };
  handle.onUpdate((run) => {
    watch.onUpdate?.(run);
    latest = run;
    check(run);
  });
  handle.onMapOutput?.((stats) => {
    mapStats.set(stats.stageId, stats.bytesByPartitionId);
    largestPartitionBytes = Math.max(largestPartitionBytes ?? 0, ...stats.bytesByPartitionId);
    if (latest) heapBeforeJoin = executorHeapNow(latest) ?? heapBeforeJoin;
    check(latest);
  });
  const onAbort = () => {
    cancelling ??= handle.cancel('cancelled by the user');
  };
  watch.signal?.addEventListener('abort', onAbort, { once: true });
  if (watch.signal?.aborted) onAbort();
  const outcome = await handle.outcome;
  watch.signal?.removeEventListener('abort', onAbort);
  await cancelling;
  const peakHeapBy = peakHeapBySeries(outcome.run);
  const peakHeap = maxOf(peakHeapBy);
  const base = {
    bound: request.bound,
    sampleFraction: request.sampleFraction,
    peakHeap,
    peakHeapBy,
    durationMs: outcome.durationMs,
    filesRead: outcome.filesRead,
    bytesRead: outcome.bytesRead,
    cause: outcome.cause,
    largestPartitionBytes,
  };
  const baseHeap = idleHeap(outcome.run, peakHeapBy);
  const executorLimitBytes = outcome.run.memory.find((m) => m.executorId !== 'driver' && m.limitBytes)?.limitBytes;
  if (outcome.oom) {
    return {
      outcome,
      baseHeap,
      executorLimitBytes,
      heapBeforeJoin,
      trial: {
        ...base,
        outcome: 'oom',
        predictorMiss: !stop,
        overTarget: true,
        evidence: stop,
        predictedAtMs: stop?.atMs,
        reason: stop
          ? `died of ${outcome.cause ?? 'OOM'} while the cancel (${stop.rule}) was under way`
          : `died of ${outcome.cause ?? 'OOM'} before the predictor fired (a predictor miss)`,
      },
    };
  }
  if (outcome.status === 'cancelled' && !stop) {
    return { outcome, baseHeap, executorLimitBytes, heapBeforeJoin, trial: { ...base, outcome: 'failed', predictorMiss: false, overTarget: false, reason: 'cancelled by the user' } };
  }
  if (outcome.status === 'cancelled' && stop) {
    // An executor that died of OOM before the call means the warning came too late to spare it.
    const diedFirst = outcome.run.executors.filter((e) => e.removeTime !== undefined && e.removeTime <= stopAt && e.removeReason && OOM_TEXT.test(e.removeReason));
    return {
      outcome,
      baseHeap,
      executorLimitBytes,
      heapBeforeJoin,
      buildingBytes: building,
      trial: {
        ...base,
        outcome: 'cancelled-at-risk',
        predictorMiss: diedFirst.length > 0,
        overTarget: true,
        evidence: stop,
        predictedAtMs: stop.atMs,
        reason: `cancelled at ${(stop.atMs / 1000).toFixed(1)} s on ${stop.executorId}: ${stop.rule}${diedFirst.length ? ` (too late for executor ${diedFirst.map((e) => e.id).join(', ')}, already lost to OOM: a predictor miss)` : ''}`,
      },
    };
  }
  if (outcome.status !== 'succeeded') {
    return {
      outcome,
      baseHeap,
      executorLimitBytes,
      heapBeforeJoin,
      trial: { ...base, outcome: 'failed', predictorMiss: false, overTarget: false, evidence: stop, reason: `failed: ${outcome.cause ?? outcome.status}` },
    };
  }
  // Spark retries the tasks of an executor that died, so a job can succeed through an OOM; such a bound is not safe.
  const lost = outcome.run.executors.filter((e) => e.removeReason && OOM_TEXT.test(e.removeReason)).map((e) => e.id);
  const overTarget = peakHeap > policy.targetHeap || lost.length > 0;
  return {
    outcome,
    baseHeap,
    executorLimitBytes,
    heapBeforeJoin,
    trial: {
      ...base,
      outcome: 'safe',
      predictorMiss: lost.length > 0 && !stop,
      overTarget,
      evidence: stop,
      reason: lost.length
        ? `finished only because Spark retried the tasks of executor ${lost.join(', ')}, which died of OOM`
        : overTarget
          ? `finished, but peak heap ${pct(peakHeap)} is over the ${pct(policy.targetHeap)} target`
          : `finished with peak heap ${pct(peakHeap)}, under the ${pct(policy.targetHeap)} target`,
    },
  };
}

const OOM_TEXT = /OutOfMemoryError|ERR_WORKER_OUT_OF_MEMORY|exceeding memory limits/;

function latestSampleTime(run: JobRun): number | undefined {
  let t: number | undefined;
  for (const s of run.memory) {
    const last = s.t[s.t.length - 1];
    if (last !== undefined && (t === undefined || last > t)) t = last;
  }
  return t;
}

/** The build partitions a join task on `executorId` is holding (by its stage's first parent's map output). */
function buildingBytes(run: JobRun, executorId: string, mapStats: Map<number, number[]>): number | undefined {
  let bytes: number | undefined;
  for (const t of run.tasks) {
    if (t.status !== 'RUNNING' || t.executorId !== executorId) continue;
    const parent = run.stages.find((st) => st.stageId === t.stageId)?.parentIds[0];
    const b = parent !== undefined ? mapStats.get(parent)?.[t.index] : undefined;
    if (b !== undefined) bytes = Math.max(bytes ?? 0, b);
  }
  return bytes;
}

function executorHeapNow(run: JobRun): number | undefined {
  let f: number | undefined;
  for (const s of run.memory) {
    if (s.executorId === 'driver' || !s.limitBytes || s.used.length === 0) continue;
    f = Math.max(f ?? 0, s.used[s.used.length - 1] / s.limitBytes);
  }
  return f;
}

function runStart(run: JobRun, fallback: number): number {
  return run.application.attempts[0]?.startTime || fallback;
}

/** First sample of the series that peaked: the heap before the work had grown it. */
function idleHeap(run: JobRun, peaks: Record<string, number>): number | undefined {
  let top: string | undefined;
  for (const [id, f] of Object.entries(peaks)) if (top === undefined || f > peaks[top]) top = id;
  const s = run.memory.find((m) => m.executorId === top && m.limitBytes);
  return s && s.used.length ? s.used[0] / s.limitBytes! : undefined;
}
