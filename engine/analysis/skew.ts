// Skew per stage attempt, over its successful tasks (as Spark's task summaries are).
// Rules, each reported by name so the user knows whose definition fired:
//  - 'spark-aqe-skew' (Spark's OptimizeSkewedJoin): a partition's shuffle read bytes
//    > max(factor × median, threshold), i.e. > 5 × median AND > 256 MB by default;
//  - 'skewscope-input-skew' (ours): the same test on input bytes, for skewed scans AQE never sees;
//  - 'skewscope-small-data-skew' (ours): a task whose input bytes, shuffle read bytes or shuffle
//    records exceed factor × the stage median (no 256 MB floor) AND which ran at least
//    durationSkewMinExcessMs longer than the median task: data skew below AQE's size floor that
//    still costs time. A task that is slow with ordinary data is a straggler, not skew.
//  - 'glue-skewness' (AWS Glue's glue.driver.skewness.stage): reported as a score, never alone a verdict,
//    because it ignores absolute size (a 40 ms task beside 5 ms ones scores 1). Defined here as
//    clamp(max/median / f − 1, 0, 1) with f the factor: 0 at or below f, 1 at 2f and above, linear between.
import { shuffleReadBytes, type Task } from '../model/job-run.js';
import type { DiagnosisSettings } from './settings.js';
import { median, medianSorted, restQuantiles } from './stats.js';
import type { StageTasks } from './stage-tasks.js';
import { compareIds } from './straggler-executors.js';

export type SkewMetric = 'durationMs' | 'inputBytes' | 'shuffleReadBytes' | 'shuffleReadRecords';
export const SKEW_METRICS: readonly SkewMetric[] = ['durationMs', 'inputBytes', 'shuffleReadBytes', 'shuffleReadRecords'];

export interface MetricDistribution {
  /** Min, 25th, Median, 75th, Max as Spark's REST taskSummary picks them. */
  quantiles: number[];
  /** Median by Spark's MedianHeap / AQE definition (mean of the two middle values). */
  median: number;
  max: number;
  /** max / median, with the median floored at 1 (ms, byte or record) as AQE floors it. */
  maxOverMedian: number;
  /** The task holding the maximum. */
  maxTaskId: number;
}

export type SkewRule = 'spark-aqe-skew' | 'skewscope-input-skew' | 'skewscope-small-data-skew';

export interface SkewRuleHit {
  rule: SkewRule;
  metric: SkewMetric;
  /** The bound a task had to exceed. */
  boundary: number;
  taskIds: number[];
  partitionIds: number[];
}

export interface ExecutorSpreadEntry {
  executorId: string;
  tasks: number;
  totalDurationMs: number;
  meanDurationMs: number;
  bytes: number;
}

export interface ExecutorSpread {
  executors: ExecutorSpreadEntry[];
  /** max / median over executors of mean task duration. */
  durationSpread: number;
  /** max / median over executors of bytes read (input + shuffle). */
  bytesSpread: number;
}

export interface StageSkew {
  stageId: number;
  stageAttemptId: number;
  name: string;
  successfulTasks: number;
  distributions: Record<SkewMetric, MetricDistribution>;
  /** Glue's skewness score for this stage, 0..1. */
  glueSkewnessScore: number;
  hits: SkewRuleHit[];
  skewed: boolean;
  perExecutor: ExecutorSpread;
}

function metricOf(t: Task, m: SkewMetric): number {
  switch (m) {
    case 'durationMs':
      return t.finishTime - t.launchTime;
    case 'inputBytes':
      return t.metrics?.inputBytes ?? 0;
    case 'shuffleReadBytes':
      return t.metrics ? shuffleReadBytes(t.metrics) : 0;
    case 'shuffleReadRecords':
      return t.metrics?.shuffleReadRecords ?? 0;
  }
}

export function glueSkewnessScore(maxOverMedian: number, factor: number): number {
  if (!Number.isFinite(maxOverMedian)) return maxOverMedian > 0 ? 1 : 0;
  return Math.min(1, Math.max(0, maxOverMedian / factor - 1));
}

export function findSkew(groups: StageTasks[], s: DiagnosisSettings): StageSkew[] {
  const out: StageSkew[] = [];
  for (const g of groups) {
    const ok = g.tasks.filter((t) => t.status === 'SUCCESS' && t.finishTime > 0);
    if (ok.length === 0) continue;
    const values = {} as Record<SkewMetric, number[]>;
    const distributions = {} as Record<SkewMetric, MetricDistribution>;
    for (const m of SKEW_METRICS) {
      const v = ok.map((t) => metricOf(t, m));
      values[m] = v;
      distributions[m] = distribution(v, ok);
    }
    const hits: SkewRuleHit[] = [];
    const aqe = bytesRule('spark-aqe-skew', 'shuffleReadBytes', values.shuffleReadBytes, distributions.shuffleReadBytes, ok, s);
    if (aqe) hits.push(aqe);
    const input = bytesRule('skewscope-input-skew', 'inputBytes', values.inputBytes, distributions.inputBytes, ok, s);
    if (input) hits.push(input);
    const small = smallDataRule(values, distributions, ok, s);
    if (small) hits.push(small);
    out.push({
      stageId: g.stageId,
      stageAttemptId: g.stageAttemptId,
      name: g.stage?.name ?? '',
      successfulTasks: ok.length,
      distributions,
      glueSkewnessScore: glueSkewnessScore(distributions.durationMs.maxOverMedian, s.glueSkewnessFactor),
      hits,
      skewed: hits.length > 0,
      perExecutor: executorSpread(ok),
    });
  }
  return out;
}

function distribution(v: number[], tasks: Task[]): MetricDistribution {
  let maxI = 0;
  for (let i = 1; i < v.length; i++) if (v[i] > v[maxI]) maxI = i;
  const max = v[maxI];
  // Metrics a stage never touched (no shuffle, no input) are all zero: nothing to sort.
  if (max <= 0) return { quantiles: [0, 0, 0, 0, 0], median: 0, max: 0, maxOverMedian: 0, maxTaskId: tasks[0].taskId };
  const sorted = Float64Array.from(v).sort();
  const med = medianSorted(sorted);
  return {
    quantiles: restQuantiles(sorted),
    median: med,
    max,
    maxOverMedian: max / Math.max(med, 1),
    maxTaskId: tasks[maxI].taskId,
  };
}

function bytesRule(
  rule: SkewRule,
  metric: SkewMetric,
  v: number[],
  d: MetricDistribution,
  tasks: Task[],
  s: DiagnosisSettings,
): SkewRuleHit | undefined {
  // AQE's medianSize is floored at 1 byte.
  const boundary = Math.max(s.aqeSkewFactor * Math.max(d.median, 1), s.aqeSkewThresholdBytes);
  return collect(rule, metric, boundary, v, tasks);
}

const SMALL_DATA_METRICS: readonly SkewMetric[] = ['shuffleReadBytes', 'shuffleReadRecords', 'inputBytes'];

function smallDataRule(
  values: Record<SkewMetric, number[]>,
  d: Record<SkewMetric, MetricDistribution>,
  tasks: Task[],
  s: DiagnosisSettings,
): SkewRuleHit | undefined {
  const slowAfter = d.durationMs.median + s.durationSkewMinExcessMs;
  for (const metric of SMALL_DATA_METRICS) {
    if (d[metric].max <= 0) continue;
    const boundary = s.aqeSkewFactor * Math.max(d[metric].median, 1);
    const v = values[metric];
    const taskIds: number[] = [];
    const partitionIds: number[] = [];
    for (let i = 0; i < v.length; i++) {
      if (v[i] > boundary && values.durationMs[i] >= slowAfter) {
        taskIds.push(tasks[i].taskId);
        partitionIds.push(tasks[i].partitionId >= 0 ? tasks[i].partitionId : tasks[i].index);
      }
    }
    if (taskIds.length > 0) return { rule: 'skewscope-small-data-skew', metric, boundary, taskIds, partitionIds };
  }
  return undefined;
}

function collect(rule: SkewRule, metric: SkewMetric, boundary: number, v: number[], tasks: Task[]): SkewRuleHit | undefined {
  const taskIds: number[] = [];
  const partitionIds: number[] = [];
  for (let i = 0; i < v.length; i++) {
    if (v[i] > boundary) {
      taskIds.push(tasks[i].taskId);
      partitionIds.push(tasks[i].partitionId >= 0 ? tasks[i].partitionId : tasks[i].index);
    }
  }
  return taskIds.length > 0 ? { rule, metric, boundary, taskIds, partitionIds } : undefined;
}

function executorSpread(tasks: Task[]): ExecutorSpread {
  const byExec = new Map<string, ExecutorSpreadEntry>();
  for (const t of tasks) {
    let e = byExec.get(t.executorId);
    if (!e) {
      e = { executorId: t.executorId, tasks: 0, totalDurationMs: 0, meanDurationMs: 0, bytes: 0 };
      byExec.set(t.executorId, e);
    }
    e.tasks++;
    e.totalDurationMs += t.finishTime - t.launchTime;
    e.bytes += metricOf(t, 'inputBytes') + metricOf(t, 'shuffleReadBytes');
  }
  const executors = [...byExec.values()].sort((a, b) => compareIds(a.executorId, b.executorId));
  for (const e of executors) e.meanDurationMs = e.totalDurationMs / e.tasks;
  const means = executors.map((e) => e.meanDurationMs);
  const bytes = executors.map((e) => e.bytes);
  return {
    executors,
    durationSpread: spread(means),
    bytesSpread: spread(bytes),
  };
}

function spread(v: number[]): number {
  if (v.length === 0) return 1;
  const med = median(v);
  const max = Math.max(...v);
  return max === 0 ? 1 : max / Math.max(med, 1);
}
