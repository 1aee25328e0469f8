// The one place where views read the analysis (engine/analysis, issue #3): findings, OOM risk,
// stragglers and skew, mapped into the shapes the UI draws.
import type { JobRun } from '../model/job-run.js';
import type { FindingView, RiskView, SkewRuleView } from './contract.js';

export interface ViewDiagnosis {
  findings: FindingView[];
  risk: RiskView[];
  stragglerTaskIds: Set<number>;
  stragglerExecutorIds: Set<string>;
  /** Keyed by `${stageId}:${attemptId}`. */
  skew: Map<string, SkewRuleView[]>;
}

export function diagnoseForViews(_run: JobRun, _asOf: number): ViewDiagnosis {
  return { findings: [], risk: [], stragglerTaskIds: new Set(), stragglerExecutorIds: new Set(), skew: new Map() };
}
