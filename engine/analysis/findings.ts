// Assembles the ranked findings: critical before warning before info, and within a severity the
// larger measured impact first. Each builder lives with its subject; none invents a finding from
// less evidence than its rule needs.
import type { FindingContext } from './diagnose.js';
import type { Finding } from './finding.js';
import { failureFindings } from './findings-failures.js';
import { memoryFindings } from './findings-memory.js';
import { taskFindings } from './findings-tasks.js';
import { fmtBytes, fmtPct, plural } from './units.js';

/** A finding with the impact score used only for ranking. */
export interface ScoredFinding extends Finding {
  score: number;
}

const SEVERITY_RANK = { critical: 0, warning: 1, info: 2 } as const;

export function buildFindings(ctx: FindingContext): Finding[] {
  const all: ScoredFinding[] = [...failureFindings(ctx), ...memoryFindings(ctx), ...taskFindings(ctx)];
  if (!all.some((f) => f.severity !== 'info')) all.push(allClear(ctx));
  all.sort((a, b) => SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] || b.score - a.score || (a.id < b.id ? -1 : 1));
  return all.map(({ score: _score, ...f }) => f);
}

/** Saying plainly that nothing needs fixing is a finding too: it is what the user came to learn. */
function allClear(ctx: FindingContext): ScoredFinding {
  const peak = ctx.memory
    .filter((v) => v.executorId !== 'ALL' && v.peakFraction !== undefined)
    .sort((a, b) => (b.peakFraction ?? 0) - (a.peakFraction ?? 0))[0];
  const heap = peak
    ? `; heap peaked at ${fmtPct(peak.peakFraction ?? 0)} of ${fmtBytes(peak.limitBytes ?? 0)}${peak.limitEstimated ? ' (limit estimated)' : ''} on ${peak.executorId === 'driver' ? 'the driver' : `executor ${peak.executorId}`}`
    : '';
  const stages = ctx.stragglers.stages.length;
  return {
    id: 'all-clear',
    title: `No problem worth fixing ${ctx.completed ? 'in this run' : 'so far'}: ${plural(ctx.run.tasks.length, 'task')} in ${plural(stages, 'stage')}, no failed job, no skewed stage, no straggler executor${heap}`,
    severity: 'info',
    rule: 'all-clear',
    evidence: { metrics: { tasks: ctx.run.tasks.length, stages } },
    recommendation: `Nothing to change for stability.${peak && (peak.peakFraction ?? 0) < ctx.settings.safeHeapFraction / 2 ? ' The heap never reached half of the safe threshold: if cost matters, this job could run on smaller workers or take a larger bound per run.' : ''}`,
    score: 100,
  };
}
