// npm run bench:accuracy — how often the detectors are right, on logs whose truth is known.
// 1. Generated scenario logs (bench/scenarios) written as Spark event-log files under .bench/,
//    read back through the real importer (openEventLogs), diagnosed, and scored against the
//    labels the generator injected. Per detector: precision, recall, false alarms on clean controls.
//    OOM prediction also reports the warning lead as a fraction of the window from the first
//    50 % heap crossing to the OOM (median), the brief's measure.
// 2. The real fixture logs in ../shared/fixtures/spark-events with hand labels (justified below).
// Targets: precision ≥ 0.95, recall ≥ 0.95, false alarms ≤ 5 %, median lead ≥ 50 %.
import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { diagnose, type Diagnosis } from '../engine/analysis/diagnose.js';
import { openEventLogs } from '../engine/ingest/open-event-logs.js';
import { writeScenarioSet, type WrittenScenario } from './scenarios/scenario-set.js';
import type { ScenarioKind } from './scenarios/simulate.js';
import { largeRun } from './scenarios/large-run.js';

const scale = Number(process.env.ACCURACY_SCALE ?? '1');
const root = fileURLToPath(new URL('../.bench/accuracy/', import.meta.url));
rmSync(root, { recursive: true, force: true });
// A strict split. Development: seeds 1+ and 1001+, both seen while the rules were chosen (misses
// are listed). Held out: seeds 5001+, never looked at while tuning (totals only). While tuning,
// run ACCURACY_SETS=development.
const SEED_SETS: Record<string, { firstSeeds: number[]; showMisses: boolean }> = {
  development: { firstSeeds: [1, 1001], showMisses: true },
  'held-out': { firstSeeds: [5001], showMisses: false },
};
const setNames = (process.env.ACCURACY_SETS ?? 'development,held-out').split(',').filter((n) => n in SEED_SETS);

interface Counts {
  tp: number;
  fp: number;
  fn: number;
  controls: number;
  controlAlarms: number;
  misses: string[];
}
const counts = (): Counts => ({ tp: 0, fp: 0, fn: 0, controls: 0, controlAlarms: 0, misses: [] });
function newTally() {
  return {
    logs: 0,
    det: {
      'stragglers (Spark rule)': counts(),
      'stragglers (rule + outlier test)': counts(),
      'straggler executors': counts(),
      'skewed stages': counts(),
      'OOM prediction': counts(),
      'OOM cause (executor/driver)': counts(),
    },
    leadFirst: [] as number[],
    leadByKind: new Map<string, number[]>(),
    leadGrowth: [] as number[],
    alarmsByControl: new Map<string, { runs: number; alarms: number }>(),
  };
}
type Tally = ReturnType<typeof newTally>;
const diagMs: number[] = [];
const CONTROL_KINDS: ScenarioKind[] = ['clean', 'heap-growth-safe', 'driver-listing-safe', 'heap-growth-safe-polled'];

/** `ignore`: labels that are neither right nor wrong for this detector (see evaluate). */
function score(c: Counts, predicted: Set<string>, truth: Set<string>, control: boolean, label: string, ignore: Set<string> = new Set()): void {
  for (const x of ignore) predicted.delete(x);
  let tp = 0;
  for (const p of predicted) if (truth.has(p)) tp++;
  c.tp += tp;
  c.fp += predicted.size - tp;
  c.fn += truth.size - tp;
  if (truth.size - tp > 0 || predicted.size - tp > 0) c.misses.push(`${label}: missed ${truth.size - tp}, false ${predicted.size - tp}`);
  if (control) {
    c.controls++;
    if (predicted.size > 0) c.controlAlarms++;
  }
}

const tallies = new Map<string, Tally>();
const t0 = performance.now();
for (const name of setNames) {
  const tally = newTally();
  for (const firstSeed of SEED_SETS[name].firstSeeds) {
    for (const s of writeScenarioSet(`${root}${firstSeed}/`, scale, firstSeed)) {
      const { runs } = await openEventLogs(s.path);
      const a = performance.now();
      const d = diagnose(runs[0]);
      diagMs.push(performance.now() - a);
      evaluate(s, d, tally);
      tally.logs++;
    }
  }
  tallies.set(name, tally);
}
const tScenarios = performance.now();

function evaluate(s: WrittenScenario, d: Diagnosis, tally: Tally): void {
  const { det, leadFirst, leadGrowth, leadByKind, alarmsByControl } = tally;
  const { truth } = s;
  const label = `${truth.kind}#${truth.seed}`;
  const control = CONTROL_KINDS.includes(truth.kind);
  // Stragglers: task attempts. Attempts lost to an injected OOM are neither (a failed attempt that
  // ran long before dying is not something the generator slowed).
  const failed = new Set(d.failures.tasks.map((t) => String(t.taskId)));
  const slowTruth = new Set(truth.stragglerTaskIds.map(String));
  score(det['stragglers (Spark rule)'], new Set(d.stragglers.tasks.map((t) => String(t.taskId))), slowTruth, truth.kind === 'clean', label, failed);
  score(det['stragglers (rule + outlier test)'], new Set(d.stragglers.tasks.filter((t) => t.significant).map((t) => String(t.taskId))), slowTruth, truth.kind === 'clean', label, failed);
  // Straggler executors: slowed executors. The executor that died of an injected OOM is neither:
  // it did fail out of proportion, but whether 2 or 4 lost attempts are evidence enough depends on
  // its core count, and the OOM detectors below are the ones that should name it.
  const oomExec = new Set(truth.oom ? [truth.oom.executorId] : []);
  score(det['straggler executors'], new Set(d.stragglerExecutors.flagged.map((e) => e.executorId)), new Set(truth.badExecutors.filter((e) => !oomExec.has(e))), truth.kind === 'clean', label, oomExec);
  score(det['skewed stages'], new Set(d.skew.filter((x) => x.skewed).map((x) => String(x.stageId))), new Set(truth.skewedStageIds.map(String)), truth.kind === 'clean', label);
  // OOM prediction: a warning ('high', from samples known at the time) before the OOM, on the heap that died.
  const warned = new Set<string>();
  for (const r of d.oomRisk) {
    if (r.earliestWarningAt === undefined) continue;
    if (truth.oom && r.executorId === truth.oom.executorId && r.earliestWarningAt >= truth.oom.at) continue;
    warned.add(r.executorId);
  }
  const oomTruth = new Set(truth.oom ? [truth.oom.executorId] : []);
  score(det['OOM prediction'], warned, oomTruth, control, label);
  if (control) {
    const a = alarmsByControl.get(truth.kind) ?? { runs: 0, alarms: 0 };
    a.runs++;
    if (warned.size > 0) a.alarms++;
    alarmsByControl.set(truth.kind, a);
  }
  if (truth.oom) {
    const r = d.oomRisk.find((x) => x.executorId === truth.oom?.executorId);
    const window = truth.oom.at - truth.oom.crossedSafeAt;
    const lead = r?.earliestWarningAt !== undefined && r.earliestWarningAt < truth.oom.at ? (truth.oom.at - r.earliestWarningAt) / window : 0;
    leadFirst.push(Math.min(1, Math.max(0, lead)));
    const warnedAt = r?.earliestWarningAt !== undefined && r.earliestWarningAt < truth.oom.at ? r.earliestWarningAt : truth.oom.at;
    leadGrowth.push(Math.min(1, Math.max(0, (truth.oom.at - warnedAt) / (truth.oom.at - truth.oom.growthStartAt))));
    const list = leadByKind.get(truth.kind) ?? [];
    list.push(Math.min(1, Math.max(0, lead)));
    leadByKind.set(truth.kind, list);
  }
  // OOM cause: which heaps the failure classification (or the driver inference) says died of OOM.
  const classified = new Set<string>();
  for (const f of [...d.failures.tasks, ...d.failures.executors]) if (f.cause === 'executor-oom') classified.add(f.executorId);
  if (d.findings.some((f) => f.id === 'driver-oom')) classified.add('driver');
  score(det['OOM cause (executor/driver)'], classified, oomTruth, control, label);
}

// Real fixture logs, hand-labelled from what each Spark test set up (see SOURCES.md):
const fixtures = fileURLToPath(new URL('../../shared/fixtures/spark-events/', import.meta.url));
const fixtureChecks: { log: string; label: string; check: (d: Diagnosis) => boolean }[] = [
  // Spark's blacklisting test: a job whose tasks throw "bad exec" on executors 0 and 2 only.
  { log: 'app-20161116163331-0000', label: 'executors 0 and 2 named, no other', check: (d) => ids(d.stragglerExecutors.flagged.map((e) => e.executorId)) === '0,2' },
  { log: 'app-20161116163331-0000', label: 'failures classified as task errors (not OOM/lost)', check: (d) => d.failures.tasks.every((t) => t.cause === 'other') && d.failures.tasks.length === 8 },
  // Spark's exclude-on-failure test: "Bad executor" thrown on executor 0 (2 attempts).
  { log: 'app-20180109111548-0000', label: 'failures only on executor 0, cause task error', check: (d) => d.failures.tasks.length === 2 && d.failures.tasks.every((t) => t.executorId === '0' && t.cause === 'other') },
  { log: 'app-20180109111548-0000', label: 'executor 0 named as straggler executor (2 failures: below minimum evidence, expected miss)', check: (d) => d.stragglerExecutors.flagged.some((e) => e.executorId === '0') },
  // YARN containers that exited 56 (heartbeat failure): executors lost, not OOM.
  { log: 'application_1538416563558_0014', label: '8 executors lost, exit 56, none OOM', check: (d) => d.failures.executors.length === 8 && d.failures.executors.every((e) => e.cause === 'executor-lost' && e.exitCode === 56) },
  // Speculation: task 3 ran 1.1 min against a 3.9 s median; its speculative copy (task 4) was killed.
  { log: 'application_1628109047826_1317105', label: 'task 3 is a straggler; killed copy 4 is not', check: (d) => d.stragglers.tasks.some((t) => t.taskId === 3) && !d.stragglers.tasks.some((t) => t.taskId === 4) },
  { log: 'application_1628109047826_1317105', label: 'killed speculative attempt classified killed', check: (d) => d.failures.tasks.some((t) => t.taskId === 4 && t.cause === 'killed') },
  // Job 1 failed on a RuntimeException ("got a 3, failing").
  { log: 'local-1422981780767', label: 'job 1 failed, cause task error', check: (d) => d.failures.jobs.some((j) => j.jobId === 1 && j.cause === 'other') },
  // Clean runs: nothing failed, no executor OOM.
  { log: 'application_1553914137147_0018', label: 'clean: no failure, no OOM finding', check: (d) => d.failures.tasks.length === 0 && !d.findings.some((f) => f.severity === 'critical') },
  { log: 'app-20200706201101-0003', label: 'clean: no failure, no OOM finding', check: (d) => d.failures.tasks.length === 0 && !d.findings.some((f) => f.severity === 'critical') },
];
function ids(xs: string[]): string {
  return [...xs].sort().join(',');
}
const fixtureResults: string[] = [];
let fixturePass = 0;
for (const c of fixtureChecks) {
  const { runs } = await openEventLogs(fixtures + c.log);
  const ok = c.check(diagnose(runs[0]));
  if (ok) fixturePass++;
  fixtureResults.push(`  ${ok ? 'ok  ' : 'MISS'} ${c.log}: ${c.label}`);
}

const pct = (x: number) => (Number.isFinite(x) ? `${(x * 100).toFixed(1)} %` : 'n/a');
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? (s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2) : NaN;
};
console.log(`bench:accuracy — generated logs (scale ${scale}) read with openEventLogs; ${((tScenarios - t0) / 1000).toFixed(1)} s`);
console.log(`diagnose(): median ${median(diagMs).toFixed(1)} ms, max ${Math.max(...diagMs).toFixed(1)} ms per log`);
for (const [name, tally] of tallies) {
  const { det, leadFirst, leadGrowth, leadByKind, alarmsByControl } = tally;
  const seeds = SEED_SETS[name].firstSeeds.map((f) => `${f}+`).join(' and ');
  console.log(`\n== ${name} set: ${tally.logs} logs, seeds ${seeds}${name === 'held-out' ? ' (not looked at while tuning)' : ''}`);
  console.log('detector                        precision   recall   false alarms on controls   (tp/fp/fn)');
  for (const [det_, c] of Object.entries(det)) {
    const p = c.tp + c.fp > 0 ? c.tp / (c.tp + c.fp) : NaN;
    const r = c.tp + c.fn > 0 ? c.tp / (c.tp + c.fn) : NaN;
    const fa = c.controls > 0 ? c.controlAlarms / c.controls : NaN;
    console.log(`${det_.padEnd(32)}${pct(p).padStart(9)}${pct(r).padStart(9)}   ${`${pct(fa)} of ${c.controls}`.padStart(22)}      (${c.tp}/${c.fp}/${c.fn})`);
  }
  console.log(`OOM warning lead, fraction of [first 50 % crossing → OOM]: median ${pct(median(leadFirst))} over ${leadFirst.length} OOMs (misses count as 0)`);
  console.log(`  (as a fraction of the growth phase instead, [growth start → OOM]: median ${pct(median(leadGrowth))})`);
  for (const [kind, xs] of leadByKind) console.log(`  ${kind}: median lead ${pct(median(xs))}, warned before the OOM in ${xs.filter((x) => x > 0).length}/${xs.length}`);
  console.log('OOM false alarms by control kind: ' + [...alarmsByControl].map(([k, a]) => `${k} ${a.alarms}/${a.runs}`).join(', '));
}
console.log(`targets: precision ≥ 95 %, recall ≥ 95 %, false alarms ≤ 5 %, median lead ≥ 50 %`);
console.log(`\nreal fixture labels: ${fixturePass}/${fixtureChecks.length} hold`);
console.log(fixtureResults.join('\n'));
// Speed on 100k tasks, against a baseline measured here: one sort of the 100k task durations
// (any quantile work must at least do that). Best of 3 each, the machine being shared.
const big = largeRun();
const best = (f: () => unknown) => Math.min(...[0, 1, 2].map(() => { const a = performance.now(); f(); return performance.now() - a; }));
const baseMs = best(() => Float64Array.from(big.tasks, (t) => t.finishTime - t.launchTime).sort());
const fullMs = best(() => diagnose(big));
const replayMs = best(() => diagnose(big, { asOf: big.application.attempts[0].startTime + 100 * 60_000 }));
console.log(`\nspeed on ${big.tasks.length.toLocaleString('en-US')} tasks: diagnose ${fullMs.toFixed(0)} ms (${(fullMs / baseMs).toFixed(1)}× one sort of the durations, ${baseMs.toFixed(1)} ms); diagnose(asOf mid-run) ${replayMs.toFixed(0)} ms (${(replayMs / baseMs).toFixed(1)}×)`);

for (const [setName, tally] of tallies) {
  if (!SEED_SETS[setName].showMisses) continue;
  for (const [name, c] of Object.entries(tally.det)) {
    if (c.misses.length === 0) continue;
    console.log(`\n${setName} — ${name}: ${c.misses.length} scenario(s) not perfect, e.g.`);
    for (const m of c.misses.slice(0, Number(process.env.ACCURACY_SHOW ?? 8))) console.log(`  ${m}`);
  }
}
