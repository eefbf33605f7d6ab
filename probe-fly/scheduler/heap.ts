/** One scheduled occurrence; `gen` tells a live entry from one superseded by a reschedule. */
export interface HeapEntry {
  due: number;
  id: string;
  gen: number;
}

/** A binary min-heap on `due`: O(log n) push and pop, one array, no timers. */
export class DueHeap {
  private readonly items: HeapEntry[] = [];

  get size(): number {
    return this.items.length;
  }

  /** The earliest entry without removing it. */
  peek(): HeapEntry | undefined {
    return this.items[0];
  }

  push(entry: HeapEntry): void {
    const a = this.items;
    a.push(entry);
    let i = a.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (a[parent]!.due <= entry.due) break;
      a[i] = a[parent]!;
      i = parent;
    }
    a[i] = entry;
  }

  pop(): HeapEntry | undefined {
    const a = this.items;
    const top = a[0];
    const last = a.pop();
    if (a.length === 0 || last === undefined) return top;
    let i = 0;
    const n = a.length;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const r = l + 1;
      const child = r < n && a[r]!.due < a[l]!.due ? r : l;
      if (a[child]!.due >= last.due) break;
      a[i] = a[child]!;
      i = child;
    }
    a[i] = last;
    return top;
  }

  /** Keeps only entries `keep` accepts (drops superseded ones), then restores heap order. */
  compact(keep: (e: HeapEntry) => boolean): void {
    const live = this.items.filter(keep);
    this.items.length = 0;
    for (const e of live) this.push(e);
  }
}
