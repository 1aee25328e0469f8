// Assembles the ranked findings: critical before warning before info, and within a severity the
// larger measured impact first. Each builder lives with its subject; none invents a finding from
// less evidence than its rule needs.
import type { FindingContext } from './diagnose.js';
import type { Finding } from './finding.js';
import { failureFindings } from './findings-failures.js';
import { memoryFindings } from './findings-memory.js';
import { taskFindings } from './findings-tasks.js';

/** A finding with the impact score used only for ranking. */
export interface ScoredFinding extends Finding {
  score: number;
}

const SEVERITY_RANK = { critical: 0, warning: 1, info: 2 } as const;

export function buildFindings(ctx: FindingContext): Finding[] {
  const all: ScoredFinding[] = [...failureFindings(ctx), ...memoryFindings(ctx), ...taskFindings(ctx)];
  all.sort((a, b) => SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] || b.score - a.score || (a.id < b.id ? -1 : 1));
  return all.map(({ score: _score, ...f }) => f);
}
