// Quantiles exactly as Spark's History Server picks them (AppStatusStore.taskSummary): sort the
// values, then take the value at index min(floor(q * count), count - 1). No interpolation, so the
// numbers are always values some task really had, and they equal Spark's to the last digit.

/** What Spark's REST API uses for `taskSummary` when `quantiles` is not given. */
export const TASK_SUMMARY_QUANTILES: readonly number[] = [0.05, 0.25, 0.5, 0.75, 0.95];
/** What Spark uses for stage `withSummaries=true` when `quantiles` is not given (Min, 25th, Median, 75th, Max). */
export const STAGE_SUMMARY_QUANTILES: readonly number[] = [0, 0.25, 0.5, 0.75, 1];

export function quantileIndex(q: number, count: number): number {
  return Math.min(Math.floor(q * count), count - 1);
}

/** Values at each quantile (quantiles ascending); NaN for every quantile when there are no values. */
export function sparkQuantiles(values: readonly number[], quantiles: readonly number[]): number[] {
  if (values.length === 0) return quantiles.map(() => NaN);
  const sorted = Float64Array.from(values).sort();
  return quantiles.map((q) => {
    const i = quantileIndex(q, sorted.length);
    return i < 0 ? NaN : sorted[i];
  });
}

/** Parses Spark's `quantiles` parameter ("0.01,0.5,0.99"), sorted as Spark sorts them; or the first part that is not a number. */
export function parseQuantiles(text: string): { quantiles: number[] } | { bad: string } {
  const quantiles: number[] = [];
  for (const part of text.split(',')) {
    const q = Number(part.trim());
    if (part.trim() === '' || !Number.isFinite(q)) return { bad: part };
    quantiles.push(q);
  }
  return { quantiles: quantiles.sort((a, b) => a - b) };
}
