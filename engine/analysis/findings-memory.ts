// Findings about heap: a live OOM risk (with its projection and confidence), heaps that went past
// the safe threshold, and what the memory data can and cannot show.
import type { FindingContext } from './diagnose.js';
import type { ScoredFinding } from './findings.js';
import { compareIds } from './straggler-executors.js';
import { fmtBytes, fmtList, fmtMs, fmtPct } from './units.js';
import { boundedFilesAdvice } from './findings-driver.js';

export function memoryFindings(ctx: FindingContext): ScoredFinding[] {
  const out: ScoredFinding[] = [];
  out.push(...riskFindings(ctx));
  const headroom = headroomFinding(ctx);
  if (headroom) out.push(headroom);
  out.push(dataFinding(ctx));
  return out;
}

function who(id: string): string {
  return id === 'driver' ? 'The driver' : `Executor ${id}`;
}

function riskFindings(ctx: FindingContext): ScoredFinding[] {
  if (ctx.completed) return [];
  const out: ScoredFinding[] = [];
  const oomed = new Set([...ctx.failures.tasks, ...ctx.failures.executors].filter((f) => f.cause === 'executor-oom').map((f) => f.executorId));
  for (const r of ctx.oomRisk) {
    if (r.level !== 'high' || r.removed || oomed.has(r.executorId)) continue;
    // A driver already at the limit in a stopped log is the driver-OOM finding's subject.
    if (r.executorId === 'driver' && (r.fraction ?? 0) >= ctx.settings.criticalHeapFraction) continue;
    const toLimit = r.projectedLimitAt !== undefined ? ` reaches the limit in ≈ ${fmtMs(r.projectedLimitAt - r.at)}` : '';
    const toEnd = r.projectedWorkEndAt !== undefined ? `, before the work ends (≈ ${fmtMs(r.projectedWorkEndAt - r.at)})` : '';
    out.push({
      id: `oom-risk:${r.executorId}`,
      title: `${who(r.executorId)} is heading for OOM: heap ${fmtPct(r.fraction ?? 0)}${r.slopePerMinute !== undefined ? `, ${r.slopePerMinute >= 0 ? '+' : ''}${fmtPct(r.slopePerMinute)}/min` : ''};${toLimit}${toEnd}`,
      severity: r.confidence >= 0.5 ? 'critical' : 'warning',
      rule: 'oom-risk',
      evidence: {
        executorIds: [r.executorId],
        metrics: {
          heapFraction: round(r.fraction ?? 0),
          confidence: r.confidence,
          ...(r.slopePerMinute !== undefined ? { slopePerMinute: round(r.slopePerMinute) } : {}),
          ...(r.projectedLimitAt !== undefined ? { projectedLimitAt: Math.round(r.projectedLimitAt) } : {}),
          ...(r.projectedWorkEndAt !== undefined ? { projectedWorkEndAt: Math.round(r.projectedWorkEndAt) } : {}),
          ...(r.earliestWarningAt !== undefined ? { earliestWarningAt: r.earliestWarningAt } : {}),
        },
      },
      recommendation: `${r.reason}. Confidence ${r.confidence} (${r.samples} samples). ${driverBound(ctx, r.executorId) ?? 'Stop the run now and rerun with a smaller bound (boundedFiles/boundedSize) or more memory per task, rather than lose the work to an OOM.'}`,
      score: 800 + (r.fraction ?? 0) * 100,
    });
  }
  return out;
}

function driverBound(ctx: FindingContext, executorId: string): string | undefined {
  const view = executorId === 'driver' ? ctx.memory.find((v) => v.executorId === 'driver') : undefined;
  return view ? boundedFilesAdvice(ctx, view) : undefined;
}

function headroomFinding(ctx: FindingContext): ScoredFinding | undefined {
  const over = ctx.memory
    .filter((v) => v.executorId !== 'ALL' && v.peakFraction !== undefined && v.peakFraction >= ctx.settings.safeHeapFraction)
    .sort((a, b) => (b.peakFraction ?? 0) - (a.peakFraction ?? 0));
  if (over.length === 0) return undefined;
  const worst = over[0];
  const estimated = over.some((v) => v.limitEstimated);
  const critical = (worst.peakFraction ?? 0) >= ctx.settings.criticalHeapFraction;
  const ids = over.map((v) => v.executorId).sort((a, b) => (a === 'driver' ? -1 : b === 'driver' ? 1 : compareIds(a, b)));
  return {
    id: 'heap-over-safe',
    title: `Heap peaked at ${fmtPct(worst.peakFraction ?? 0)} of ${fmtBytes(worst.limitBytes ?? 0)} on ${worst.executorId === 'driver' ? 'the driver' : `executor ${worst.executorId}`}${over.length > 1 ? `; ${over.length - 1} more over ${fmtPct(ctx.settings.safeHeapFraction)} (${fmtList(ids.filter((i) => i !== worst.executorId))})` : ''}`,
    severity: critical ? 'critical' : 'warning',
    rule: 'glue-safe-heap-threshold',
    evidence: {
      executorIds: ids,
      metrics: Object.fromEntries(over.map((v) => [`peakFraction.${v.executorId}`, round(v.peakFraction ?? 0)])),
    },
    recommendation: `Glue's debugging guide treats ${fmtPct(ctx.settings.safeHeapFraction)} of the heap as the safe limit; above it a larger input or a heavier key is what tips the run into OOM. Leave headroom: less data per run (boundedFiles/boundedSize) or per task (more partitions), or more memory per task.${estimated ? ' The limit is estimated from the block manager\'s maximum (no spark.executor.memory / spark.driver.memory in the log), so the fraction is approximate.' : ''} Peaks come from ${worst.coarseness.split(';')[0]}.`,
    score: 400 + (worst.peakFraction ?? 0) * 100,
  };
}

function dataFinding(ctx: FindingContext): ScoredFinding {
  const views = ctx.memory.filter((v) => v.executorId !== 'ALL');
  if (views.length === 0) {
    return {
      id: 'memory-data',
      title: 'No heap data in this run: memory over time cannot be shown',
      severity: 'info',
      rule: 'memory-coverage',
      evidence: {},
      recommendation: 'Spark 3.0+ writes executor heap peaks into the event log on every task end; also set spark.eventLog.logStageExecutorMetrics=true for per-stage peaks and driver samples. On Glue, enable job metrics to get 30 s heap gauges in CloudWatch.',
      score: 1,
    };
  }
  const kinds = new Map<string, number>();
  for (const v of views) for (const s of v.series) kinds.set(s.kind, (kinds.get(s.kind) ?? 0) + s.t.length);
  const onlyCoarse = [...kinds.keys()].every((k) => k === 'task-end-peak' || k === 'stage-peak');
  const summary = [...kinds.entries()].map(([k, n]) => `${k} ${n}`).join(', ');
  const sample = views.find((v) => v.executorId !== 'driver') ?? views[0];
  return {
    id: 'memory-data',
    title: `Heap data: ${summary} points over ${views.length} heaps${onlyCoarse ? ' (coarse: peaks only, no polled samples)' : ''}`,
    severity: 'info',
    rule: 'memory-coverage',
    evidence: { executorIds: views.map((v) => v.executorId), metrics: Object.fromEntries(kinds) },
    recommendation: `${sample.coarseness}.${onlyCoarse ? ' Peaks say how high the heap went, not when a spike happened; trends from them are rough.' : ''}`,
    score: 0,
  };
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
