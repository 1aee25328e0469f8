// A binary max-heap: the bounded selection keeps the N oldest files seen so far with the newest
// of them on top, so each further file costs one comparison unless it is older.
export class MaxHeap<T> {
  private readonly items: T[] = [];

  constructor(private readonly compare: (a: T, b: T) => number) {}

  get size(): number {
    return this.items.length;
  }

  peek(): T | undefined {
    return this.items[0];
  }

  push(item: T): void {
    const a = this.items;
    // Move the hole up instead of swapping: one write per level.
    let i = a.length;
    a.push(item);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const p = a[parent];
      if (this.compare(item, p) <= 0) break;
      a[i] = p;
      i = parent;
    }
    a[i] = item;
  }

  pop(): T | undefined {
    const a = this.items;
    const top = a[0];
    const last = a.pop();
    if (a.length > 0 && last !== undefined) {
      a[0] = last;
      this.siftDown(0);
    }
    return top;
  }

  /** Replaces the top with `item` (one sift instead of pop + push). */
  replaceTop(item: T): T {
    const top = this.items[0];
    this.items[0] = item;
    this.siftDown(0);
    return top;
  }

  /** Empties the heap, returning its items in ascending order. */
  drainAscending(): T[] {
    return this.items.splice(0).sort(this.compare);
  }

  private siftDown(start: number): void {
    const a = this.items;
    const n = a.length;
    const item = a[start];
    let i = start;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const r = l + 1;
      const child = r < n && this.compare(a[r], a[l]) > 0 ? r : l;
      if (this.compare(a[child], item) <= 0) break;
      a[i] = a[child];
      i = child;
    }
    a[i] = item;
  }
}
