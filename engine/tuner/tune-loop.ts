// The auto-tune loop: run, watch, cancel doomed runs early, halve, then narrow to the largest
// bound whose peak heap stays under the target. Every decision is emitted with its evidence so
// the CLI, the UI and the tuning history all tell the same story. Trials never advance the bookmark.
import type { JobRun } from '../model/job-run.js';
import { BoundSearch, type SearchEnd } from './bound-search.js';
import { boundSize, boundUnit, describeBound, makeBound, type BoundUnit } from './bound.js';
import { analysisRiskAssessor } from './analysis-risk.js';
import type { Bound, JobRunner, RunRequest } from './job-runner.js';
import { pct, type RiskAssessor } from './risk-gate.js';
import { maxOf } from './peak-heap.js';
import { runTrial } from './trial.js';
import { VolumeModel } from './volume-model.js';
import type { DecisionAction, RiskEvidence, RiskLevel, TrialRun, TuneResult, TuningDecision } from './tuning-types.js';

export interface TuneOptions {
  /** First bound; absent starts unbounded. */
  initial?: Bound;
  /** Unit searched when starting unbounded (default files). */
  unit?: BoundUnit;
  /** Backlog size in that unit, when the lake listing is known. */
  backlogSize?: number;
  /** Largest acceptable peak heap ÷ limit (default 0.5, Glue's safe threshold). */
  targetHeap?: number;
  /** Relative precision of the answer (default 0.1). */
  tolerance?: number;
  /** Stop after this many runs even if not converged (default 12). */
  maxRuns?: number;
  /**
   * Risk level that cancels a run (default 'high'). 'medium' also cancels on a projection from
   * under the safe threshold, which on a V8 heap's allocation bursts early in a run fires too soon.
   */
  cancelAt?: RiskLevel;
  /** Least confidence of that level that cancels (default 0.5). */
  minConfidence?: number;
  /** Cancel a trial as soon as its heap passes the target (default true). */
  stopOverTarget?: boolean;
  /** Tune on this fraction of the input first, then confirm on full data. */
  sampleFraction?: number;
  /** Restrict trials to this push_down_predicate. */
  predicate?: string;
  /** Stops the tuning: the run in progress is cancelled and no other starts. */
  signal?: AbortSignal;
  /** Makes the OOM-risk assessor of one trial (default: engine/analysis's predictor). */
  assessor?: () => RiskAssessor;
}

export interface TuneHooks {
  onRunStart?: (index: number, request: RunRequest) => void;
  onRunUpdate?: (index: number, run: JobRun) => void;
  onRunEnd?: (run: TrialRun) => void;
  onDecision?: (d: TuningDecision) => void;
}

export async function autoTune(runner: JobRunner, options: TuneOptions = {}, hooks: TuneHooks = {}): Promise<TuneResult> {
  const targetHeap = options.targetHeap ?? 0.5;
  const tolerance = options.tolerance ?? 0.1;
  const maxRuns = options.maxRuns ?? 12;
  const unit = (options.initial && boundUnit(options.initial)) ?? options.unit ?? 'files';
  const newAssessor = options.assessor ?? (() => analysisRiskAssessor());
  const sample = options.sampleFraction !== undefined && options.sampleFraction < 1 && runner.supportsSampling ? options.sampleFraction : undefined;
  const volume = new VolumeModel();
  const search = new BoundSearch({
    initialSize: options.initial ? boundSize(options.initial) : undefined,
    backlogSize: options.backlogSize,
    targetHeap,
    tolerance,
    // The volume says more than the bound: it is measured before the join, on cancelled runs too.
    modelOverride: () => volume.heapModel(),
    peakNoiseAt: (size) => volume.peakNoiseAt(size),
  });
  const runs: TrialRun[] = [];
  const decisions: TuningDecision[] = [];
  const decide = (action: DecisionAction, bound: Bound, reason: string, runIndex?: number, evidence?: RiskEvidence) => {
    const d: TuningDecision = { seq: decisions.length + 1, at: Date.now(), runIndex, action, bound, reason, evidence };
    decisions.push(d);
    hooks.onDecision?.(d);
  };
  const toBound = (size: number | undefined): Bound => (size === undefined ? { unbounded: true } : makeBound(unit, size));

  let sampling = sample !== undefined;
  let end: SearchEnd | undefined;
  while (runs.length < maxRuns) {
    const step = search.next();
    if (step.done) {
      if (sampling && step.size !== undefined && !step.unbounded) {
        // The sample says where the answer is; only full data can say it is safe.
        sampling = false;
        const bound = toBound(step.size);
        decide('confirm', bound, `the ${pct(sample!)} sample points at ${describeBound(bound)}: confirm it on full data`, runs.length + 1);
        const trial = await trialAt(bound, undefined);
        end = stopAfter(trial);
        if (end) break;
        if (trial.outcome === 'safe' && !trial.overTarget) {
          end = { ...step, reason: `confirmed on full data: ${trial.reason}` };
          break;
        }
        continue;
      }
      end = step;
      break;
    }
    const bound = toBound(step.size);
    decide(step.action, bound, step.reason, runs.length + 1);
    end = stopAfter(await trialAt(bound, sampling ? sample : undefined));
    if (end) break;
  }

  const model = search.model;
  if (!end) {
    const { lo } = search.bracket();
    const bound = lo !== undefined ? toBound(lo) : undefined;
    decide('give-up', bound ?? { unbounded: true }, `stopped after ${runs.length} runs (--max-runs) without converging${lo !== undefined ? `; the largest safe bound seen is ${lo}` : ''}`);
    return { bound, converged: false, runs, decisions, targetHeap, model };
  }
  const bound = end.unbounded ? ({ unbounded: true } as Bound) : end.size !== undefined ? toBound(end.size) : search.bracket().lo !== undefined ? toBound(search.bracket().lo) : undefined;
  if (bound) decide('accept', bound, end.reason);
  else decide('give-up', { unbounded: true }, end.reason);
  return { bound, converged: end.converged, runs, decisions, targetHeap, model };

  /** The user cancelled, or the run failed for a reason no bound fixes (retrying would fail the same way). */
  function stopAfter(trial: TrialRun): SearchEnd | undefined {
    if (options.signal?.aborted) return { done: true, unbounded: false, converged: false, reason: `cancelled by the user after ${runs.length} runs` };
    if (trial.outcome === 'failed') return { done: true, unbounded: false, converged: false, reason: `run ${trial.index} ${trial.reason}; fix that before tuning the bound` };
    return undefined;
  }

  async function trialAt(bound: Bound, sampleFraction: number | undefined): Promise<TrialRun> {
    const index = runs.length + 1;
    const request: RunRequest = { bound, predicate: options.predicate, sampleFraction, advanceBookmark: false };
    hooks.onRunStart?.(index, request);
    const policy = {
      cancelAt: options.cancelAt ?? 'high',
      minConfidence: options.minConfidence ?? 0.5,
      targetHeap,
      // On a sample the heap is smaller than on full data; only the predictor may stop it.
      stopOverTarget: sampleFraction === undefined && (options.stopOverTarget ?? true),
    };
    const { trial: t, baseHeap, executorLimitBytes, heapBeforeJoin, buildingBytes } = await runTrial(runner, request, policy, newAssessor(), {
      onUpdate: (run) => hooks.onRunUpdate?.(index, run),
      signal: options.signal,
      // The ratio is learned on full data; a sample's partitions would need their own.
      volume: sampleFraction === undefined ? (bytes) => volume.predict(bytes, targetHeap) : undefined,
    });
    const trial: TrialRun = { index, ...t };
    if (sampleFraction === undefined && trial.largestPartitionBytes !== undefined) {
      const { driver: _, ...executors } = trial.peakHeapBy;
      volume.record({
        size: boundSize(bound) ?? options.backlogSize,
        largestPartitionBytes: trial.largestPartitionBytes,
        peakHeap: trial.outcome === 'safe' && trial.evidence === undefined ? maxOf(executors) : undefined,
        baseHeap: heapBeforeJoin,
        limitBytes: executorLimitBytes,
        cancelledBuilding: buildingBytes !== undefined && trial.evidence ? { heap: trial.evidence.heapFraction, bytes: buildingBytes } : undefined,
      });
    }
    if (sampleFraction !== undefined) {
      // What the same files would need on full data: the growth above the idle heap scales up.
      const base = baseHeap ?? 0;
      trial.overTarget = trial.outcome !== 'safe' || base + (trial.peakHeap - base) / sampleFraction > targetHeap;
    }
    runs.push(trial);
    hooks.onRunEnd?.(trial);
    if (trial.outcome === 'cancelled-at-risk') decide('cancel', bound, trial.reason, index, trial.evidence);
    recordInSearch(trial, baseHeap, sampleFraction);
    return trial;
  }

  function recordInSearch(trial: TrialRun, baseHeap: number | undefined, sampleFraction: number | undefined): void {
    // An unbounded run is as large as the backlog, whatever it managed to read before it stopped.
    const size = boundSize(trial.bound) ?? options.backlogSize;
    const taken = unit === 'files' ? trial.filesRead : trial.bytesRead;
    const base = baseHeap ?? 0;
    const scale = (f: number) => (sampleFraction ? base + (f - base) / sampleFraction : f);
    const ev = trial.evidence;
    let observation;
    if (ev?.volume) observation = { size: size ?? taken, demand: scale(ev.volume.predictedPeak), base: baseHeap, kind: 'projected' as const };
    else if (trial.outcome === 'safe') observation = { size: size ?? taken, demand: scale(trial.peakHeap), base: baseHeap, kind: 'measured' as const };
    else if (trial.outcome === 'oom') observation = { size: size ?? taken, demand: 1, base: baseHeap, kind: 'lower-bound' as const };
    else if (ev && ev.slopePerSec !== undefined && ev.msToEnd !== undefined && ev.slopePerSec > 0)
      observation = { size: size ?? taken, demand: scale(ev.heapFraction + (ev.slopePerSec * ev.msToEnd) / 1000), base: baseHeap, kind: 'projected' as const };
    else observation = { size: size ?? taken, demand: scale(ev?.heapFraction ?? trial.peakHeap), base: baseHeap, kind: 'lower-bound' as const };
    search.record({ size, taken, good: trial.outcome === 'safe' && !trial.overTarget, observation });
  }
}
