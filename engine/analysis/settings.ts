// Thresholds every detector reads. Defaults are Spark 3.x / AWS Glue's own, so a rule that fires
// here would have fired (or been reported) there too; the few rules of our own say so in `rule`.

export interface DiagnosisSettings {
  /** spark.speculation.quantile: share of a stage's tasks that must succeed before speculation is checked. */
  speculationQuantile: number;
  /** spark.speculation.multiplier: how many times the median successful duration counts as slow. */
  speculationMultiplier: number;
  /** spark.speculation.minTaskRuntime (Spark 3.x: 100 ms): no task shorter than this is a straggler. */
  speculationMinThresholdMs: number;
  /**
   * Ours: a straggler is also called significant when its log duration sits more than this many
   * robust standard deviations (1.4826 × MAD of the stage's log durations) above the median: Spark's
   * 1.5 × rule alone flags about 1 % of tasks in a healthy stage with ordinary ±15 % noise.
   */
  stragglerOutlierZ: number;
  /** spark.sql.adaptive.skewJoin.skewedPartitionFactor. */
  aqeSkewFactor: number;
  /** spark.sql.adaptive.skewJoin.skewedPartitionThresholdInBytes (256 MB). */
  aqeSkewThresholdBytes: number;
  /** Glue's glue.driver.skewness.stage normalisation factor: score 0 at max/median ≤ f, 1 at 2f. */
  glueSkewnessFactor: number;
  /** Our duration-skew rule also asks the slowest task to exceed the median by this much, so toy stages stay quiet. */
  durationSkewMinExcessMs: number;
  /** Glue debugging guide: heap above this fraction of the limit is outside the safe zone. */
  safeHeapFraction: number;
  /** Heap at or above this fraction is an imminent OOM, whatever the slope says. */
  criticalHeapFraction: number;
  /** spark.task.maxFailures. */
  maxFailures: number;
  /** Straggler executors: family-wise significance of the one-sided binomial test (Bonferroni over executors). */
  executorTestAlpha: number;
  /** Straggler executors: fewest bad tasks before an executor can be named at all. */
  executorMinBadTasks: number;
  /** Hot keys: share of a stage's shuffle records (or bytes) one key must hold to be reported. */
  hotKeyMinShare: number;
}

export const DEFAULT_SETTINGS: Readonly<DiagnosisSettings> = Object.freeze({
  speculationQuantile: 0.75,
  speculationMultiplier: 1.5,
  speculationMinThresholdMs: 100,
  stragglerOutlierZ: 3.5,
  aqeSkewFactor: 5,
  aqeSkewThresholdBytes: 256 * 1024 * 1024,
  glueSkewnessFactor: 5,
  durationSkewMinExcessMs: 10_000,
  safeHeapFraction: 0.5,
  criticalHeapFraction: 0.9,
  maxFailures: 4,
  executorTestAlpha: 0.05,
  executorMinBadTasks: 3,
  hotKeyMinShare: 0.2,
});

export function resolveSettings(partial?: Partial<DiagnosisSettings>): DiagnosisSettings {
  return { ...DEFAULT_SETTINGS, ...(partial ?? {}) };
}
