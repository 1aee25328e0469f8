// The driver running out of memory: said outright by a failure message (or Glue's run error), or
// inferred from a driver heap at the limit in a log that stops without the application ending.
// When the heap grew before any job started, the driver was listing or planning the input, and
// the fix is to bound the input: with listing progress we price the heap per file listed.
import type { FindingContext } from './diagnose.js';
import type { ScoredFinding } from './findings.js';
import type { MemoryView } from './memory.js';
import { theilSenSlope } from './stats.js';
import { fmtBytes, fmtMs, fmtPct } from './units.js';
import { classifyFailureText } from './failure-cause.js';

export function driverOomFinding(ctx: FindingContext): ScoredFinding | undefined {
  const { failures, settings, run } = ctx;
  const said = [...failures.jobs, ...failures.stages].find((f) => f.cause === 'driver-oom');
  const glueSaid = run.glue?.errorMessage && classifyFailureText(run.glue.errorMessage, 'driver') === 'driver-oom' ? run.glue.errorMessage : undefined;
  const view = ctx.memory.find((v) => v.executorId === 'driver');
  const risk = ctx.oomRisk.find((r) => r.executorId === 'driver');
  const atLimit = !ctx.completed && risk?.fraction !== undefined && risk.fraction >= settings.criticalHeapFraction;
  if (!said && !glueSaid && !atLimit) return undefined;

  const firstJob = Math.min(...run.jobs.map((j) => j.submissionTime ?? Infinity));
  const peakT = view?.peakTime;
  const listing = peakT !== undefined && peakT < firstJob;
  const title = said || glueSaid
    ? `The driver ran out of memory${listing ? ' before any job started (listing or planning the input)' : ''}`
    : `Driver heap at ${fmtPct(risk?.fraction ?? 0)} of its limit and the log stops without the application ending: the driver died of OOM${listing ? ' while listing or planning the input, before any job started' : ''}, or is about to`;
  const growth = view ? driverGrowth(view) : undefined;
  const parts: string[] = [];
  const bound = view ? boundedFilesAdvice(ctx, view) : undefined;
  if (bound) parts.push(bound);
  else if (listing) {
    parts.push('Bound the input each run takes: in Glue set boundedFiles (or boundedSize) in additional_options and let the bookmark carry the rest to the next run; in plain Spark read fewer paths per job or prune with a partition predicate (push_down_predicate).');
    if (growth) parts.push(`The driver heap grew ≈ ${fmtBytes(growth.bytesPerMinute)} per minute while listing (${growth.points} samples).`);
  } else {
    parts.push('Keep data off the driver: avoid collect()/toPandas() on large results, lower spark.sql.autoBroadcastJoinThreshold if a broadcast table is built on the driver, or raise spark.driver.memory.');
  }
  if (risk?.earliestWarningAt !== undefined) {
    const end = view?.merged.t[view.merged.t.length - 1];
    if (end !== undefined && end > risk.earliestWarningAt) parts.push(`The heap trend gave warning ${fmtMs(end - risk.earliestWarningAt)} before the last sample.`);
  }
  if (!said && !glueSaid) parts.push(`Inferred from the heap (confidence ${risk?.confidence ?? 0}): no event states the cause.`);
  return {
    id: 'driver-oom',
    title,
    severity: 'critical',
    rule: said || glueSaid ? 'failure-cause:driver-oom' : 'driver-heap-at-limit',
    evidence: {
      executorIds: ['driver'],
      metrics: {
        ...(risk?.fraction !== undefined ? { heapFraction: round(risk.fraction) } : {}),
        ...(view?.limitBytes ? { limitBytes: view.limitBytes, limitSource: view.limitSource ?? '' } : {}),
        ...(growth ? { bytesPerMinute: Math.round(growth.bytesPerMinute) } : {}),
        ...(risk?.earliestWarningAt !== undefined ? { earliestWarningAt: risk.earliestWarningAt } : {}),
        phase: listing ? 'listing' : 'jobs',
      },
    },
    recommendation: parts.join(' '),
    score: 950,
  };
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}

function driverGrowth(view: MemoryView): { bytesPerMinute: number; points: number } | undefined {
  const { t, used } = view.merged;
  if (t.length < 4) return undefined;
  const n = Math.min(t.length, 40);
  const slope = theilSenSlope(t.slice(-n), used.slice(-n));
  return Number.isFinite(slope) && slope > 0 ? { bytesPerMinute: slope * 60_000, points: n } : undefined;
}

/** "set boundedFiles ≤ N" from the driver's heap against files listed (needs JobRun.listing). */
export function boundedFilesAdvice(ctx: FindingContext, view: MemoryView): string | undefined {
  const listing = ctx.run.listing;
  if (!listing || listing.t.length < 3 || !view.limitBytes) return undefined;
  const files: number[] = [];
  const heap: number[] = [];
  // Both series are time-ordered: one moving index interpolates files listed at each heap sample.
  const lt = listing.t;
  const lf = listing.filesListed;
  let j = 1;
  for (let i = 0; i < view.merged.t.length; i++) {
    const at = view.merged.t[i];
    if (at < lt[0] || at > lt[lt.length - 1]) continue;
    while (j < lt.length - 1 && lt[j] < at) j++;
    const t0 = lt[j - 1];
    const t1 = lt[j];
    files.push(t1 === t0 ? lf[j] : lf[j - 1] + ((lf[j] - lf[j - 1]) * (at - t0)) / (t1 - t0));
    heap.push(view.merged.used[i]);
  }
  if (files.length < 4) return undefined;
  // Thin to the last 40 points so the pairwise fit stays cheap on long listings.
  const step = Math.max(1, Math.floor(files.length / 40));
  const fx = files.filter((_, i) => i % step === 0);
  const hy = heap.filter((_, i) => i % step === 0);
  const perFile = theilSenSlope(fx, hy);
  if (!Number.isFinite(perFile) || perFile <= 0) return undefined;
  const base = Math.min(...heap);
  const budget = ctx.settings.safeHeapFraction * view.limitBytes - base;
  const n = Math.floor(budget / perFile);
  if (n <= 0) return undefined;
  const rounded = n >= 1000 ? Math.floor(n / 1000) * 1000 : n;
  return `Set boundedFiles ≤ ${rounded.toLocaleString('en-US')}: the driver heap grows ≈ ${fmtBytes(perFile * 1000)} per 1,000 files listed (fit over ${fx.length} samples), so about ${rounded.toLocaleString('en-US')} files keep it under ${fmtPct(ctx.settings.safeHeapFraction)} of its ${fmtBytes(view.limitBytes)}.`;
}
