// Small numeric helpers shared by the detectors. Each follows the definition Spark uses where Spark has one.

/** Median as Spark's MedianHeap (speculation) and AQE's medianSize: the mean of the two middle values for an even count. */
export function median(values: readonly number[]): number {
  const n = values.length;
  const a = new Float64Array(n);
  for (let i = 0; i < n; i++) a[i] = values[i];
  return medianInPlace(a, n);
}

/**
 * median() of a[0..n), reordering them instead of copying: for loops that take hundreds of
 * thousands of medians (the OOM replay). Selection, not a full sort.
 */
export function medianInPlace(a: Float64Array, n: number): number {
  if (n === 0) return NaN;
  for (let i = 0; i < n; i++) {
    const v = a[i];
    // NaN and -0 are where a typed-array sort's order differs from comparisons: sort those.
    if (v !== v || (v === 0 && 1 / v < 0)) return medianSorted(a.subarray(0, n).sort());
  }
  const k = n >> 1;
  const upper = selectInPlace(a, k, n);
  if (n % 2 === 1) return upper;
  // Everything before index k is now at most a[k]: the lower middle is their maximum.
  let lower = a[0];
  for (let i = 1; i < k; i++) if (a[i] > lower) lower = a[i];
  return (lower + upper) / 2;
}

/** The k-th smallest (0-based) of a[0..n) as a typed-array sort would place it, reordering them. */
export function kthSmallestInPlace(a: Float64Array, n: number, k: number): number {
  for (let i = 0; i < n; i++) {
    const v = a[i];
    if (v !== v || (v === 0 && 1 / v < 0)) return a.subarray(0, n).sort()[k];
  }
  return selectInPlace(a, k, n);
}

/** The k-th smallest (0-based) of a[0..n), partially reordering them (Hoare quickselect, median-of-three pivot). */
function selectInPlace(a: Float64Array, k: number, n: number): number {
  let lo = 0;
  let hi = n - 1;
  while (hi > lo) {
    const x = a[lo];
    const y = a[(lo + hi) >> 1];
    const z = a[hi];
    const pivot = x < y ? (y < z ? y : x < z ? z : x) : x < z ? x : y < z ? z : y;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (a[i] < pivot) i++;
      while (a[j] > pivot) j--;
      if (i <= j) {
        const t = a[i];
        a[i] = a[j];
        a[j] = t;
        i++;
        j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return a[k];
  }
  return a[k];
}

/** The same median of values already sorted ascending. */
export function medianSorted(s: ArrayLike<number>): number {
  const n = s.length;
  if (n === 0) return NaN;
  return n % 2 === 1 ? s[(n - 1) / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
}

/** Spark REST v1 default quantiles (Min, 25th, Median, 75th, Max). */
export const REST_QUANTILES = [0, 0.25, 0.5, 0.75, 1] as const;

/**
 * Quantiles the way Spark's AppStatusStore.taskSummary picks them: index min(floor(q·n), n−1) of the sorted values.
 * `sorted` must be ascending.
 */
export function restQuantiles(sorted: ArrayLike<number>, qs: readonly number[] = REST_QUANTILES): number[] {
  const n = sorted.length;
  if (n === 0) return qs.map(() => NaN);
  return qs.map((q) => sorted[Math.min(Math.floor(q * n), n - 1)]);
}

// Lanczos approximation (g = 7, n = 9): accurate to ~1e-15 for the arguments used here.
const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
  12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];

export function logGamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  x -= 1;
  let a = LANCZOS[0];
  const t = x + 7.5;
  for (let i = 1; i < 9; i++) a += LANCZOS[i] / (x + i);
  return 0.5 * Math.log(2 * Math.PI) + (x + 0.5) * Math.log(t) - t + Math.log(a);
}

function logBinomialPmf(k: number, n: number, p: number): number {
  return logGamma(n + 1) - logGamma(k + 1) - logGamma(n - k + 1) + k * Math.log(p) + (n - k) * Math.log1p(-p);
}

/** One-sided binomial tail P(X ≥ k) for X ~ Binomial(n, p). */
export function binomialUpperTail(k: number, n: number, p: number): number {
  if (k <= 0) return 1;
  if (k > n) return 0;
  if (p <= 0) return 0;
  if (p >= 1) return 1;
  // Below the mean the tail is large; summing the lower side is shorter and as exact.
  if (k <= n * p) {
    let lower = 0;
    for (let i = k - 1; i >= 0; i--) {
      const term = Math.exp(logBinomialPmf(i, n, p));
      lower += term;
      if (term < lower * 1e-17) break;
    }
    return Math.max(0, 1 - lower);
  }
  let sum = 0;
  for (let i = k; i <= n; i++) {
    const term = Math.exp(logBinomialPmf(i, n, p));
    sum += term;
    if (term < sum * 1e-17) break;
  }
  return Math.min(1, sum);
}

/** Theil–Sen slope: the median of pairwise slopes, robust to up to ~29 % outliers. O(n²): call on short windows only. */
export function theilSenSlope(t: readonly number[], y: readonly number[]): number {
  const slopes: number[] = [];
  for (let i = 0; i < t.length; i++) {
    for (let j = i + 1; j < t.length; j++) {
      const dt = t[j] - t[i];
      if (dt > 0) slopes.push((y[j] - y[i]) / dt);
    }
  }
  return slopes.length === 0 ? NaN : median(slopes);
}

/** Index of the first element > x in an ascending array (upper bound). */
export function upperBound(sorted: ArrayLike<number>, x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Student-t quantile with ν degrees of freedom, from Φ⁻¹(p) by the Cornish–Fisher expansion in 1/ν
 * (Abramowitz & Stegun 26.7.5): within 1 % for ν ≥ 10 up to p = 1 − 10⁻⁵; for smaller ν it errs
 * high, which only makes a test that uses it more cautious.
 */
export function studentQuantile(p: number, nu: number): number {
  const z = normalQuantile(p);
  if (!Number.isFinite(nu)) return z;
  const z2 = z * z;
  const g1 = (z2 + 1) * z / 4;
  const g2 = ((5 * z2 + 16) * z2 + 3) * z / 96;
  const g3 = (((3 * z2 + 19) * z2 + 17) * z2 - 15) * z / 384;
  const g4 = ((((79 * z2 + 776) * z2 + 1482) * z2 - 1920) * z2 - 945) * z / 92160;
  return z + g1 / nu + g2 / nu ** 2 + g3 / nu ** 3 + g4 / nu ** 4;
}

/** Standard normal quantile Φ⁻¹(p) (Acklam's rational approximation, relative error < 1.2e-9). */
export function normalQuantile(p: number): number {
  if (p <= 0) return -Infinity;
  if (p >= 1) return Infinity;
  const a = [-39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716, 2.506628277459239];
  const b = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572];
  const c = [-0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const lo = 0.02425;
  if (p < lo) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  }
  if (p > 1 - lo) return -normalQuantile(1 - p);
  const q = p - 0.5;
  const r = q * q;
  return ((((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q) / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
}
