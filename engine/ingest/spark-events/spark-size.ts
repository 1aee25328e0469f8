// Spark's size strings (spark.executor.memory=4g, 512m, 1024) in bytes, as JavaUtils.byteStringAs.
const UNITS: Record<string, number> = { b: 1, k: 2 ** 10, m: 2 ** 20, g: 2 ** 30, t: 2 ** 40, p: 2 ** 50 };

/** Bytes, or undefined when the text is not a size. `defaultUnit` applies without a suffix (Spark: MiB for memory settings). */
export function parseSparkSize(text: string, defaultUnit: 'b' | 'k' | 'm' | 'g' = 'm'): number | undefined {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([bkmgtp]?)b?\s*$/i.exec(text);
  if (!m) return undefined;
  const unit = (m[2] || defaultUnit).toLowerCase();
  return Math.round(Number(m[1]) * UNITS[unit]);
}
