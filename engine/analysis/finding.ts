// The shape of one finding, as `skewscope analyze --json` prints it and the Findings view shows it.

export type Severity = 'info' | 'warning' | 'critical';

export interface FindingEvidence {
  stageIds?: number[];
  executorIds?: string[];
  taskIds?: number[];
  keys?: string[];
  metrics?: Record<string, number | string>;
}

export interface Finding {
  /** Stable within a run: `<kind>:<subject>`, e.g. "skewed-stage:12.0". */
  id: string;
  title: string;
  severity: Severity;
  /** The rule that fired, e.g. "spark-aqe-skew", "spark-speculation", "binomial-executor-test". */
  rule: string;
  evidence: FindingEvidence;
  recommendation: string;
}
