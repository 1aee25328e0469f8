// OOM-risk prediction from heap samples up to an instant t, so it runs the same live and in replay.
// The Glue debugging guide calls 50 % of the heap the safe threshold. The warning sign is a heap
// past it with a rising trend that would reach the limit before the work ends:
//   high   — heap ≥ critical fraction (90 %), or ≥ safe fraction with a consistent rising trend
//            (see trendOf: Theil–Sen slope, mostly rising pairs, a Mann–Kendall trend at 5 %, both
//            halves rising, clear of GC noise) that reaches the limit before the projected end of
//            the work even at the 95 % lower bound of its slope;
//   medium — past the safe fraction without such a projection, or below it but projected to reach
//            the limit before the work ends;
//   low    — otherwise.
// When no work is known (the driver listing before any job) the horizon is half the time the run
// has lasted so far, and a rise that would reach the limit within it is only medium, with lowered
// confidence: a listing that levels off at 60–75 % rises exactly like one that runs out, and
// nothing in the log says how much is left to list. Only the critical fraction makes it high.
import type { MemorySampleKind } from '../model/job-run.js';
import type { DiagnosisSettings } from './settings.js';
import { kthSmallestInPlace, medianInPlace } from './stats.js';

export type RiskLevel = 'low' | 'medium' | 'high';

export interface OomAssessment {
  level: RiskLevel;
  /** 0..1: how far the level can be trusted (sample count, trend consistency, data coarseness, known work). */
  confidence: number;
  at: number;
  /** Latest sample / limit. */
  fraction?: number;
  /** Robust trend in fractions of the limit per minute. */
  slopePerMinute?: number;
  projectedLimitAt?: number;
  projectedWorkEndAt?: number;
  reason: string;
}

export interface PredictorOptions {
  /** Samples (buckets) in the trend window. */
  window?: number;
  /**
   * Samples closer than this are pooled into one point, their maximum. Default 0 (no pooling);
   * diagnose() and LiveOomMonitor use POOL_MS, which real heaps with a GC sawtooth need.
   */
  bucketMs?: number;
  /** Finest kind of data behind the samples; coarse kinds lower the confidence. */
  kind?: MemorySampleKind;
}

const MINUTE = 60_000;
const DEFAULT_WINDOW = 30;
/**
 * GC sawtooth cycles last seconds; pooling each 5 s to its peak keeps them from passing for growth,
 * and lets a 30-point window span minutes even when a local run polls every 250 ms.
 */
export const POOL_MS = 5000;
const MIN_TREND_POINTS = 4;
/**
 * Fewest samples a rising-trend warning may rest on: 4 is the fewest for which the Mann–Kendall
 * test below can reach 5 % at all (4 points all rising: 1/24 by chance).
 */
const MIN_WARNING_POINTS = 4;
const RISING_AGREEMENT = 0.6;
const TREND_WINDOWS = [4, 6, 12];
/** One-sided 5 %: the Mann–Kendall trend test and the matching lower bound of Sen's slope. */
const Z_95 = 1.6449;
const NOISE_MARGIN = 3;
/** Smallest rise (fraction of the limit) over a window that can count as growth. */
const MIN_RISE = 0.05;
/**
 * With no work known (the driver listing), a rise counts if it would fill the heap within this
 * share of the time the run has lasted so far. Chosen on the bench's calibration seeds: at 1 the
 * driver listings that stop at 60–75 % were flagged a third of the time, at 0.5 a fifth.
 */
const UNKNOWN_WORK_HORIZON = 0.5;

const KIND_TRUST: Record<MemorySampleKind, number> = {
  'local-sample': 1,
  'metrics-update': 0.95,
  cloudwatch: 0.9,
  'task-end-peak': 0.8,
  'stage-peak': 0.6,
};

/**
 * Incremental predictor for one heap: push samples as they arrive (O(1)), assess whenever asked
 * (O(window²), a few hundred pairs). Cheap enough for every 250 ms on every executor of a live run.
 * With `bucketMs`, samples are pooled into buckets (their maximum) before any trend is fitted.
 */
export class OomRiskPredictor {
  private readonly window: number;
  private readonly bucketMs: number;
  private readonly trust: number;
  private readonly t: number[] = [];
  private readonly f: number[] = [];
  private head = 0;
  private count = 0;
  private lastT = -Infinity;
  private lastBucket = NaN;
  private lastFraction?: number;
  /** Bumped whenever the pooled window changes; the trend is a function of the window alone. */
  private windowVersion = 0;
  private cachedFull?: { version: number; trend: Trend };
  private cachedShort?: { version: number; trend: Trend | undefined };
  firstCrossingAt?: number;
  earliestWarningAt?: number;
  peakFraction = 0;
  samples = 0;

  constructor(
    readonly limitBytes: number | undefined,
    private readonly settings: Pick<DiagnosisSettings, 'safeHeapFraction' | 'criticalHeapFraction'>,
    opts: PredictorOptions = {},
  ) {
    this.window = Math.max(MIN_TREND_POINTS, opts.window ?? DEFAULT_WINDOW);
    this.bucketMs = opts.bucketMs ?? 0;
    this.trust = KIND_TRUST[opts.kind ?? 'metrics-update'];
  }

  /** Adds a sample; samples older than the last one are ignored (the window is time-ordered). */
  push(t: number, usedBytes: number): void {
    if (!this.limitBytes || !Number.isFinite(usedBytes) || t < this.lastT) return;
    this.lastT = t;
    const frac = usedBytes / this.limitBytes;
    this.samples++;
    if (frac > this.peakFraction) this.peakFraction = frac;
    if (this.firstCrossingAt === undefined && frac >= this.settings.safeHeapFraction) this.firstCrossingAt = t;
    this.lastFraction = frac;
    const bucket = this.bucketMs > 0 ? Math.floor(t / this.bucketMs) : this.samples;
    if (this.count > 0 && bucket === this.lastBucket) {
      const last = (this.head + this.count - 1) % this.window;
      if (frac > this.f[last]) {
        this.f[last] = frac;
        this.t[last] = t;
        this.windowVersion++;
      }
      return;
    }
    this.lastBucket = bucket;
    const i = (this.head + this.count) % this.window;
    this.t[i] = t;
    this.f[i] = frac;
    if (this.count < this.window) this.count++;
    else this.head = (this.head + 1) % this.window;
    this.windowVersion++;
  }

  /** The most recent sample as a fraction of the limit (not pooled). */
  get latestFraction(): number | undefined {
    return this.lastFraction;
  }

  /**
   * The risk at `now`. `workEndAt` is the projected end of the work (undefined if unknown);
   * `runStart` sets the horizon when it is unknown. The first 'high' is remembered as the earliest warning.
   */
  assess(now: number, workEndAt: number | undefined, runStart: number): OomAssessment {
    const a = this.evaluate(now, workEndAt, runStart);
    if (a.level === 'high' && this.earliestWarningAt === undefined) this.earliestWarningAt = a.at;
    return a;
  }

  /**
   * What assess() does for earliestWarningAt alone, cheaply enough to replay every sample of a long
   * run: the full assessment (and `workEndAt`) runs only when 'high' is possible, i.e. at the
   * critical fraction, or past the safe one with a trend that may be rising.
   */
  noteWarning(now: number, workEndAt: () => number | undefined, runStart: number): void {
    const frac = this.lastFraction;
    if (this.earliestWarningAt !== undefined || !this.limitBytes || frac === undefined) return;
    const { safeHeapFraction: safe, criticalHeapFraction: critical } = this.settings;
    if (frac < critical && (frac < safe || !this.trendMayRise())) return;
    this.assess(now, workEndAt(), runStart);
  }

  /**
   * A necessary condition for a rising trend in evaluate(): a short window that rises, or else the
   * whole window with enough rising pairs (its full fit is the costly one, so it is left to evaluate()).
   */
  private trendMayRise(): boolean {
    if (this.count < MIN_TREND_POINTS) return false;
    return this.shortRisingTrend() !== undefined || this.risingShare(0) >= RISING_AGREEMENT;
  }

  /** trendOf's agreement over the pooled samples [from, count), without collecting the slopes. */
  private risingShare(from: number): number {
    let pairs = 0;
    let up = 0;
    for (let a = from; a < this.count; a++) {
      const i = (this.head + a) % this.window;
      for (let b = a + 1; b < this.count; b++) {
        const j = (this.head + b) % this.window;
        const dt = this.t[j] - this.t[i];
        if (dt <= 0) continue;
        pairs++;
        if ((this.f[j] - this.f[i]) / dt > 0) up++;
      }
    }
    return pairs === 0 ? 0 : up / pairs;
  }

  private pooled(): { ts: number[]; fs: number[] } {
    const ts: number[] = [];
    const fs: number[] = [];
    for (let k = 0; k < this.count; k++) {
      const i = (this.head + k) % this.window;
      ts.push(this.t[i]);
      fs.push(this.f[i]);
    }
    return { ts, fs };
  }

  /**
   * Growth can start late in a long flat stretch: the shortest of the last 4, 6 and 12 samples that
   * shows a sustained rise (a window with too few rising pairs cannot, and is not fitted).
   * Cached until the window changes: replays assess many times per window.
   */
  private shortRisingTrend(): Trend | undefined {
    if (this.cachedShort?.version === this.windowVersion) return this.cachedShort.trend;
    const n = this.count;
    let rising: Trend | undefined;
    for (const w of TREND_WINDOWS) {
      if (w >= n) break;
      if (this.risingShare(n - w) < RISING_AGREEMENT) continue;
      const { ts, fs } = this.pooled();
      const t = trendOf(ts, fs, n - w);
      if (t.rising) {
        rising = t;
        break;
      }
    }
    this.cachedShort = { version: this.windowVersion, trend: rising };
    return rising;
  }

  /** A rising short window's trend, else the whole window's slope. */
  private windowTrend(): Trend {
    const short = this.shortRisingTrend();
    if (short) return short;
    if (this.cachedFull?.version !== this.windowVersion) {
      const { ts, fs } = this.pooled();
      this.cachedFull = { version: this.windowVersion, trend: trendOf(ts, fs, 0) };
    }
    return this.cachedFull.trend;
  }

  private evaluate(now: number, workEndAt: number | undefined, runStart: number): OomAssessment {
    const { safeHeapFraction: safe, criticalHeapFraction: critical } = this.settings;
    if (!this.limitBytes) return { level: 'low', confidence: 0, at: now, reason: 'heap limit unknown: no fraction to judge' };
    const frac = this.latestFraction;
    if (frac === undefined) return { level: 'low', confidence: 0, at: now, reason: 'no heap samples yet' };
    const n = this.count;
    const trend = this.windowTrend();
    const haveTrend = n >= MIN_TREND_POINTS && Number.isFinite(trend.slope);
    const slope = haveTrend ? trend.slope : NaN;
    const agreement = trend.agreement;
    const sizeTrust = Math.min(1, n / 8);
    const workKnown = workEndAt !== undefined;
    const horizon = workKnown ? workEndAt : now + Math.max((now - runStart) * UNKNOWN_WORK_HORIZON, MINUTE);
    const risingTrend = haveTrend && trend.rising;
    const projectedLimitAt = haveTrend && slope > 0 ? now + (1 - frac) / slope : undefined;
    // The rise must reach the limit before the work ends even at the low end of the slope's
    // confidence interval: a few points pin a slope loosely, and a heap that levels off just below
    // the limit when the work ends projects to the limit at exactly the end with its median slope.
    const reachesLimitFirst = risingTrend && trend.lowerSlope > 0 && now + (1 - frac) / trend.lowerSlope <= horizon;
    const base = {
      at: now,
      fraction: frac,
      slopePerMinute: haveTrend ? slope * MINUTE : undefined,
      projectedLimitAt,
      projectedWorkEndAt: workEndAt,
    };
    const pct = (x: number) => `${Math.round(x * 100)} %`;
    const round = (c: number) => Math.round(Math.max(0, Math.min(1, c)) * 100) / 100;
    const workTrust = workKnown ? 1 : 0.7;
    const endText = workKnown ? 'the projected end of the work' : 'the horizon (no work known yet: half the time the run has taken so far)';

    if (frac >= critical) {
      return { ...base, level: 'high', confidence: round(0.95 * this.trust), reason: `heap at ${pct(frac)} of the limit (≥ ${pct(critical)})` };
    }
    if (frac >= safe && reachesLimitFirst && workKnown) {
      return {
        ...base,
        level: 'high',
        confidence: round(sizeTrust * agreement * this.trust * workTrust),
        reason: `heap at ${pct(frac)} (past the ${pct(safe)} safe threshold), rising ${pct(slope * MINUTE)}/min: reaches the limit before ${endText}`,
      };
    }
    if (frac >= safe) {
      const why = !haveTrend
        ? 'too few samples for a trend'
        : reachesLimitFirst
          ? `rising ${pct(slope * MINUTE)}/min, which would reach the limit before ${endText}, but how much work is left is unknown`
          : risingTrend
            ? `rising ${pct(slope * MINUTE)}/min but the work should end first`
            : 'no consistent rising trend';
      return {
        ...base,
        level: 'medium',
        confidence: round(sizeTrust * this.trust * (haveTrend ? Math.max(agreement, 1 - agreement) : 0.5) * (reachesLimitFirst ? workTrust : 1)),
        reason: `heap at ${pct(frac)}, past the ${pct(safe)} safe threshold; ${why}`,
      };
    }
    if (reachesLimitFirst) {
      return {
        ...base,
        level: 'medium',
        confidence: round(sizeTrust * agreement * this.trust * workTrust),
        reason: `heap at ${pct(frac)} but rising ${pct(slope * MINUTE)}/min: reaches the limit before ${endText}`,
      };
    }
    return {
      ...base,
      level: 'low',
      confidence: round(sizeTrust * this.trust * (risingTrend ? 1 - agreement + 0.4 : 1)),
      reason: `heap at ${pct(frac)}, below the ${pct(safe)} safe threshold${risingTrend ? ' and not projected to reach the limit before the work ends' : ''}`,
    };
  }
}

interface Trend {
  slope: number;
  /** One-sided 95 % lower bound of Sen's slope (Sen 1968); computed for rising trends only, else NaN. */
  lowerSlope: number;
  /** Share of pairwise slopes that rise. */
  agreement: number;
  /**
   * A consistent, sustained rise: most pairs rising and a Mann–Kendall trend at one-sided 5 %, both
   * halves rising at ≥ half the slope, and the rise clear of the scatter.
   */
  rising: boolean;
}

// Slopes and residuals are collected here rather than in fresh arrays: a replay fits a trend at
// nearly every sample of every executor.
let scratch = new Float64Array(1024);

function scratchFor(n: number): Float64Array {
  if (scratch.length < n) scratch = new Float64Array(Math.max(n, scratch.length * 2));
  return scratch;
}

function trendOf(ts: number[], fs: number[], from: number): Trend {
  const n = ts.length - from;
  const slopes = scratchFor((n * (n - 1)) / 2);
  let m = 0;
  let up = 0;
  let down = 0;
  for (let i = from; i < ts.length; i++) {
    for (let j = i + 1; j < ts.length; j++) {
      const dt = ts[j] - ts[i];
      if (dt <= 0) continue;
      const s = (fs[j] - fs[i]) / dt;
      slopes[m++] = s;
      if (s > 0) up++;
      else if (s < 0) down++;
    }
  }
  if (m === 0) return { slope: NaN, lowerSlope: NaN, agreement: 0, rising: false };
  // Mann–Kendall: S = rising − falling pairs, against its no-trend spread (normal approximation with
  // continuity correction). It asks more of few points than a fixed share of rising pairs can.
  const sdS = Math.sqrt((n * (n - 1) * (2 * n + 5)) / 18);
  const kendall = (up - down - 1) / sdS >= Z_95;
  const slope = medianInPlace(slopes, m);
  const agreement = up / m;
  // Sen's lower bound: the pairwise slope (m − Z·sdS)/2 places from the bottom. Read before the
  // scratch buffer is reused; only a trend that may rise needs it.
  let lowerSlope = NaN;
  if (slope > 0 && kendall && agreement >= RISING_AGREEMENT) {
    const rank = Math.floor((m - Z_95 * sdS) / 2);
    lowerSlope = rank >= 0 ? kthSmallestInPlace(slopes, m, rank) : -Infinity;
  }
  // A trend, not a step: a linear rise shows in each half at about the whole window's slope; a
  // heavy task that lifts the heap once and then holds it shows in one half only.
  const mid = from + (n >> 1);
  const sustained = n >= MIN_WARNING_POINTS && halfSlope(ts, fs, from, mid) >= slope / 2 && halfSlope(ts, fs, mid, ts.length) >= slope / 2;
  // Growth, not GC noise: the rise the fit claims over the window must stand clear of the scatter
  // around it (3 × the robust residual spread); a GC sawtooth fails this, a leak passes it.
  const residuals = scratchFor(n);
  for (let i = from; i < ts.length; i++) residuals[i - from] = fs[i] - slope * (ts[i] - ts[from]);
  const centre = medianInPlace(residuals, n);
  // The median reordered them: the same residuals again, as distances from the centre.
  for (let i = from; i < ts.length; i++) residuals[i - from] = Math.abs(fs[i] - slope * (ts[i] - ts[from]) - centre);
  const noise = 1.4826 * medianInPlace(residuals, n);
  const rise = slope * (ts[ts.length - 1] - ts[from]);
  // ...and be a real rise: a few percent of the heap is what one GC cycle moves.
  const clear = rise >= NOISE_MARGIN * noise && rise >= MIN_RISE;
  return { slope, lowerSlope, agreement, rising: slope > 0 && agreement >= RISING_AGREEMENT && kendall && sustained && clear };
}

/** Theil–Sen slope of points [from, to). */
function halfSlope(ts: number[], fs: number[], from: number, to: number): number {
  const slopes = scratchFor(((to - from) * (to - from - 1)) / 2);
  let m = 0;
  for (let i = from; i < to; i++) {
    for (let j = i + 1; j < to; j++) {
      const dt = ts[j] - ts[i];
      if (dt > 0) slopes[m++] = (fs[j] - fs[i]) / dt;
    }
  }
  return m > 0 ? medianInPlace(slopes, m) : 0;
}
