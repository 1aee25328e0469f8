// The one place where views read the analysis (engine/analysis): findings, OOM risk, stragglers,
// skew and the memory views, mapped into the shapes the UI draws.
import type { JobRun } from '../model/job-run.js';
import { diagnose, type Diagnosis } from '../analysis/diagnose.js';
import type { Finding } from '../analysis/finding.js';
import type { MemoryView } from '../analysis/memory.js';
import type { StageSkew } from '../analysis/skew.js';
import type { FindingView, RiskView, SkewRuleView } from './contract.js';

export interface ViewDiagnosis {
  findings: FindingView[];
  risk: RiskView[];
  stragglerTaskIds: Set<number>;
  stragglerExecutorIds: Set<string>;
  /** Keyed by `${stageId}:${attemptId}`. */
  skew: Map<string, SkewRuleView[]>;
  /** Heap series per executor with their limits (inferred where the log does not say). */
  memory: MemoryView[];
}

/** `full` is the whole run; the analysis sees only what was known at `asOf`. */
export function diagnoseForViews(full: JobRun, asOf: number): ViewDiagnosis {
  return toViews(diagnose(full, { asOf }));
}

export function toViews(d: Diagnosis): ViewDiagnosis {
  return {
    findings: d.findings.map(findingView),
    risk: d.oomRisk.map((r) => ({
      executorId: r.executorId,
      level: r.level,
      confidence: r.confidence,
      since: r.earliestWarningAt ?? r.crossedSafeAt,
      predictedLimitTime: r.projectedLimitAt,
      message: r.reason,
    })),
    stragglerTaskIds: new Set(d.stragglers.tasks.map((t) => t.taskId)),
    stragglerExecutorIds: new Set(d.stragglerExecutors.flagged.map((e) => e.executorId)),
    skew: new Map(d.skew.map((s) => [`${s.stageId}:${s.stageAttemptId}`, skewRules(s)])),
    memory: d.memory,
  };
}

/** Which view shows a finding's evidence best. */
export function evidenceView(f: Finding): FindingView['view'] {
  const r = f.rule;
  if (/oom|heap|memory|driver/.test(r)) return 'memory';
  if (/skew|hot-key/.test(r)) return 'stages';
  if (/binomial-executor|executor-lost/.test(r)) return 'executors';
  if (/speculation/.test(r) || f.evidence.taskIds?.length) return 'timeline';
  if (f.evidence.stageIds?.length) return 'stages';
  if (f.evidence.executorIds?.length) return 'executors';
  return 'timeline';
}

function findingView(f: Finding): FindingView {
  return { ...f, view: evidenceView(f) };
}

const METRIC_LABEL: Record<string, string> = {
  durationMs: 'Task duration',
  inputBytes: 'Input size',
  shuffleReadBytes: 'Shuffle read size',
  shuffleReadRecords: 'Shuffle read records',
};

const RULE_LABEL: Record<string, string> = {
  'spark-aqe-skew': 'Spark AQE: > 5 × median and > 256 MiB',
  'skewscope-input-skew': 'Skewscope: input > 5 × median and > 256 MiB',
  'skewscope-duration-skew': 'Skewscope: duration > 5 × median',
};

function boundaryText(metric: string, v: number): string {
  if (/Bytes$/.test(metric)) return `${(v / 1024 ** 2).toFixed(1)} MiB`;
  if (/Ms$/.test(metric)) return v < 1000 ? `${Math.round(v)} ms` : `${(v / 1000).toFixed(1)} s`;
  return `${Math.round(v).toLocaleString('en-US')} records`;
}

function skewRules(s: StageSkew): SkewRuleView[] {
  const out: SkewRuleView[] = [];
  for (const h of s.hits) {
    const dist = s.distributions[h.metric];
    out.push({
      metric: METRIC_LABEL[h.metric] ?? h.metric,
      rule: RULE_LABEL[h.rule] ?? h.rule,
      fired: true,
      ratio: dist?.maxOverMedian ?? 0,
      detail: `${h.taskIds.length} task${h.taskIds.length === 1 ? '' : 's'} above ${boundaryText(h.metric, h.boundary)}`,
    });
  }
  const firedMetrics = new Set(s.hits.map((h) => h.metric));
  if (!firedMetrics.has('shuffleReadBytes'))
    out.push({ metric: 'Shuffle read size', rule: RULE_LABEL['spark-aqe-skew'], fired: false, ratio: s.distributions.shuffleReadBytes.maxOverMedian, detail: '' });
  if (!firedMetrics.has('durationMs'))
    out.push({ metric: 'Task duration', rule: RULE_LABEL['skewscope-duration-skew'], fired: false, ratio: s.distributions.durationMs.maxOverMedian, detail: '' });
  out.push({
    metric: 'Task duration',
    rule: "Glue's skewness score (max/median ÷ 5)",
    fired: s.glueSkewnessScore > 0,
    ratio: s.distributions.durationMs.maxOverMedian,
    detail: `score ${s.glueSkewnessScore.toFixed(2)}`,
  });
  return out;
}
