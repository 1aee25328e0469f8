// A seeded generator (mulberry32) so every scenario can be regenerated exactly from its seed.

export class Rng {
  private s: number;
  constructor(seed: number) {
    this.s = seed >>> 0;
  }
  next(): number {
    this.s = (this.s + 0x6d2b79f5) >>> 0;
    let t = this.s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  uniform(lo: number, hi: number): number {
    return lo + (hi - lo) * this.next();
  }
  int(lo: number, hi: number): number {
    return Math.floor(this.uniform(lo, hi + 1));
  }
  pick<T>(xs: readonly T[]): T {
    return xs[Math.floor(this.next() * xs.length)];
  }
  /** Standard normal (Box–Muller). */
  normal(): number {
    const u = Math.max(this.next(), 1e-12);
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * this.next());
  }
  /** exp(N(0, sigma)): multiplicative noise with median 1. */
  logNormal(sigma: number): number {
    return Math.exp(sigma * this.normal());
  }
  /** k distinct indexes out of n. */
  sample(n: number, k: number): number[] {
    const chosen = new Set<number>();
    while (chosen.size < Math.min(k, n)) chosen.add(Math.floor(this.next() * n));
    return [...chosen].sort((a, b) => a - b);
  }
}
