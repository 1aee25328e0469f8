// bench:tuner — the auto-tuner on the demo lake, against baselines measured in the same run:
//  1. waste: time the tuner spent on doomed runs (it cancels them early) ÷ the time the same runs
//     take when left to die of OOM (target ≤ 20 %);
//  2. runs to converge against log2(initial ÷ safe) + 2, starting unbounded (initial = backlog);
//  3. the bound found ÷ the true largest safe bound, found by brute force: runs left to finish at
//     halving bounds down to the first safe one s, then every bound of a 10 % grid from s to 2s run
//     three times each (a V8 heap's peak varies by a few points from run to run, with GC timing);
//     the truth is the largest grid bound below which every bound's median peak is under the target.
// The engine runs with its story-sized defaults, under which the whole backlog and large bounds
// really die of OOM on this lake. Generated data and the engine's files go under .bench/tuner/.
import { existsSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { writeDemoLake } from '../engine/lake/demo/demo-lake.js';
import { loadJobSpec } from '../engine/runtime/job-spec.js';
import { DEFAULTS } from '../engine/runtime/run-settings.js';
import { summarizeBacklog } from '../engine/tuner/backlog.js';
import { unprocessedFiles } from '../engine/tuner/backlog-source.js';
import { analysisRiskAssessor } from '../engine/tuner/analysis-risk.js';
import { boundSize, describeBound } from '../engine/tuner/bound.js';
import type { Bound } from '../engine/tuner/job-runner.js';
import { LocalJobRunner } from '../engine/tuner/local-job-runner.js';
import { runTrial } from '../engine/tuner/trial.js';
import { autoTune } from '../engine/tuner/tune-loop.js';
import type { TrialRun } from '../engine/tuner/tuning-types.js';

/** Executor heap: the engine's default unless BENCH_EXECUTOR_HEAP_MB says otherwise. */
const EXECUTOR_HEAP_MB = process.env.BENCH_EXECUTOR_HEAP_MB ? Number(process.env.BENCH_EXECUTOR_HEAP_MB) : DEFAULTS.executorHeapMb;
const TARGET = 0.5;
const root = resolve('.bench/tuner');
const lake = join(root, 'lake');
process.env.SKEWSCOPE_HOME = join(root, 'home');
rmSync(process.env.SKEWSCOPE_HOME, { recursive: true, force: true });

if (!existsSync(join(lake, 'badge_access'))) {
  rmSync(lake, { recursive: true, force: true });
  const s = await writeDemoLake(lake);
  console.log(`demo lake: ${s.factFiles} files, ${s.factRows} rows, ${(s.bytes / 1e6).toFixed(1)} MB`);
}
const spec = await loadJobSpec(resolve('assets/demo-job.json'));
const runner = new LocalJobRunner({ spec, settings: { lake, executorHeapMb: EXECUTOR_HEAP_MB } });
const backlog = await summarizeBacklog(unprocessedFiles(spec, runner.factSource, { lake }));
console.log(`backlog: ${backlog.files} files; executors of ${EXECUTOR_HEAP_MB} MB; target peak heap ${TARGET * 100} %\n`);

// --- the tuner ---------------------------------------------------------------------------------
const t0 = Date.now();
const tuned = await autoTune(runner, { backlogSize: backlog.files, targetHeap: TARGET }, {
  onRunEnd: (r) => console.log(`tuner run ${r.index}: ${describeBound(r.bound)} → ${r.outcome}${r.overTarget && r.outcome === 'safe' ? ' (over target)' : ''}, peak ${pct(r.peakHeap)}, ${(r.durationMs / 1000).toFixed(1)} s`),
});
const tunerMs = Date.now() - t0;
const found = tuned.bound ? boundSize(tuned.bound) : undefined;
console.log(`tuner: ${tuned.bound ? describeBound(tuned.bound) : 'no bound'} in ${tuned.runs.length} runs, ${(tunerMs / 1000).toFixed(1)} s, converged: ${tuned.converged}\n`);

// --- runs left alone (baseline and brute force share them) --------------------------------------
const leftAlone = new Map<string, TrialRun>();
async function runToEnd(bound: Bound): Promise<TrialRun> {
  const key = JSON.stringify(bound);
  const cached = leftAlone.get(key);
  if (cached) return cached;
  const never = { cancelAt: 'high' as const, minConfidence: Infinity, targetHeap: TARGET, stopOverTarget: false };
  const { trial } = await runTrial(runner, { bound, advanceBookmark: false }, never, analysisRiskAssessor());
  const run = { index: leftAlone.size + 1, ...trial };
  leftAlone.set(key, run);
  console.log(`left alone: ${describeBound(bound)} → ${run.outcome}${run.cause ? ` (${run.cause})` : ''}, peak ${pct(run.peakHeap)}, ${(run.durationMs / 1000).toFixed(1)} s`);
  return run;
}
const dies = (r: TrialRun) => r.outcome === 'oom' || (r.outcome === 'safe' && r.reason.includes('died of OOM'));
const safe = (r: TrialRun) => r.outcome === 'safe' && !r.overTarget;

// Baseline: every run the tuner stopped early, run again and left to die.
let tunerWaste = 0;
let baselineWaste = 0;
let doomed = 0;
for (const r of tuned.runs.filter((x) => x.outcome === 'cancelled-at-risk' || x.outcome === 'oom')) {
  const alone = await runToEnd(r.bound);
  if (!dies(alone)) continue;
  doomed++;
  tunerWaste += r.durationMs;
  baselineWaste += alone.durationMs;
}

// Brute force: halve until a run is safe, then a 10 % grid up to twice that, three runs per bound.
let size = backlog.files;
let lastSafe: number | undefined;
while (size >= 1) {
  // The whole backlog is the tuner's unbounded first run: reuse it rather than run it twice.
  const r = await runToEnd(size === backlog.files ? { unbounded: true } : { boundedFiles: size });
  if (safe(r)) {
    lastSafe = size;
    break;
  }
  size = Math.floor(size / 2);
}
const REPEATS = 3;
/** The largest grid bound whose median peak is under the target, ignoring smaller bounds that were not (noise). */
let largestUnder: number | undefined;
const grid: { size: number; medianPeak: number; died: boolean }[] = [];
if (lastSafe !== undefined) {
  const s0 = lastSafe;
  for (let s = s0; s <= 2 * s0; s = Math.max(s + 1, Math.round(s * 1.1))) {
    const peaks: number[] = [];
    let died = false;
    for (let k = 0; k < REPEATS; k++) {
      const r = k === 0 ? await runToEnd({ boundedFiles: s }) : await runAgain({ boundedFiles: s });
      peaks.push(r.peakHeap);
      died ||= dies(r) || r.outcome !== 'safe';
    }
    peaks.sort((a, b) => a - b);
    grid.push({ size: s, medianPeak: peaks[Math.floor(REPEATS / 2)], died });
    console.log(`grid ${s}: median peak ${pct(peaks[Math.floor(REPEATS / 2)])}${died ? ', died' : ''}`);
  }
  largestUnder = grid.filter((g) => !g.died && g.medianPeak <= TARGET).at(-1)?.size;
  lastSafe = undefined;
  for (const g of grid) {
    if (g.died || g.medianPeak > TARGET) break;
    lastSafe = g.size;
  }
}

async function runAgain(bound: Bound): Promise<TrialRun> {
  const never = { cancelAt: 'high' as const, minConfidence: Infinity, targetHeap: TARGET, stopOverTarget: false };
  const { trial } = await runTrial(runner, { bound, advanceBookmark: false }, never, analysisRiskAssessor());
  return { index: 0, ...trial };
}

// --- figures -------------------------------------------------------------------------------------
const budget = found ? Math.log2(backlog.files / found) + 2 : NaN;
const figures = {
  wasteRatio: baselineWaste > 0 ? tunerWaste / baselineWaste : undefined,
  doomedRuns: doomed,
  tunerWasteMs: tunerWaste,
  baselineWasteMs: baselineWaste,
  runs: tuned.runs.length,
  runBudget: budget,
  found,
  truth: lastSafe,
  boundRatio: found && lastSafe ? found / lastSafe : undefined,
  largestUnderTarget: largestUnder,
  boundRatioNonMonotone: found && largestUnder ? found / largestUnder : undefined,
  cancelledEarly: tuned.runs.filter((r) => r.outcome === 'cancelled-at-risk').length,
  predictorMisses: tuned.runs.filter((r) => r.predictorMiss).length,
  tunerWallMs: tunerMs,
};
console.log('\n== bench:tuner ==');
console.log(`waste on doomed runs: ${fmtRatio(figures.wasteRatio)} of the baseline that waits for the OOM (${doomed} doomed runs: ${(tunerWaste / 1000).toFixed(1)} s vs ${(baselineWaste / 1000).toFixed(1)} s; target ≤ 20 %)`);
console.log(`runs to converge: ${figures.runs} (budget log2(${backlog.files} ÷ ${found}) + 2 = ${budget.toFixed(2)})`);
console.log(`bound found ÷ true largest safe bound: ${found} ÷ ${lastSafe} = ${figures.boundRatio?.toFixed(3)} (target within 10 %)`);
console.log(`  against the largest grid bound whose median peak is under the target (${largestUnder}, ignoring noisy bounds below it): ${figures.boundRatioNonMonotone?.toFixed(3)}`);
console.log(`cancelled early: ${figures.cancelledEarly}, predictor misses: ${figures.predictorMisses}`);
console.log(JSON.stringify(figures));

function pct(f: number): string {
  return `${(f * 100).toFixed(1)} %`;
}

function fmtRatio(r: number | undefined): string {
  return r === undefined ? 'n/a (no doomed run)' : `${(r * 100).toFixed(1)} %`;
}
