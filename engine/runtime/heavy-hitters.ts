// Space-Saving (Metwally et al.): the k most frequent keys of a stream in O(k) memory. Every key
// whose true count exceeds n/k is guaranteed to be kept; a kept key's count over-estimates its
// true count by at most its `error`.

export interface HeavyHitter {
  key: string;
  count: number;
  /** Upper bound of the over-estimate of `count`. */
  error: number;
}

export class SpaceSaving {
  private readonly counts = new Map<string, HeavyHitter>();
  private total = 0;

  constructor(private readonly capacity: number) {}

  offer(key: string, weight = 1): void {
    this.total += weight;
    const hit = this.counts.get(key);
    if (hit) {
      hit.count += weight;
      return;
    }
    if (this.counts.size < this.capacity) {
      this.counts.set(key, { key, count: weight, error: 0 });
      return;
    }
    // Replace the minimum. A linear scan is fine: capacity is small and most offers are hits.
    let min: HeavyHitter | undefined;
    for (const h of this.counts.values()) if (!min || h.count < min.count) min = h;
    this.counts.delete(min!.key);
    this.counts.set(key, { key, count: min!.count + weight, error: min!.count });
  }

  get n(): number {
    return this.total;
  }

  /** Kept keys, most frequent first. */
  top(limit = this.capacity): HeavyHitter[] {
    return [...this.counts.values()].sort((a, b) => b.count - a.count || (a.key < b.key ? -1 : 1)).slice(0, limit);
  }
}
