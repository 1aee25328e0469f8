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
    a.push(item);
    let i = a.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (this.compare(a[i], a[parent]) <= 0) break;
      [a[i], a[parent]] = [a[parent], a[i]];
      i = parent;
    }
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
    const out: T[] = new Array(this.items.length);
    for (let i = out.length - 1; i >= 0; i--) out[i] = this.pop() as T;
    return out;
  }

  private siftDown(start: number): void {
    const a = this.items;
    const n = a.length;
    let i = start;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) return;
      const r = l + 1;
      const child = r < n && this.compare(a[r], a[l]) > 0 ? r : l;
      if (this.compare(a[child], a[i]) <= 0) return;
      [a[i], a[child]] = [a[child], a[i]];
      i = child;
    }
  }
}
