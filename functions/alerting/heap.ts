/** A min-heap of (time, id) wake-ups; ties go to the smaller id, so runs are deterministic. */
export class WakeHeap {
  private items: { t: number; id: string }[] = [];

  get size(): number {
    return this.items.length;
  }

  push(t: number, id: string): void {
    const a = this.items;
    a.push({ t, id });
    let i = a.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!less(a[i]!, a[p]!)) break;
      [a[i], a[p]] = [a[p]!, a[i]!];
      i = p;
    }
  }

  peek(): { t: number; id: string } | undefined {
    return this.items[0];
  }

  pop(): { t: number; id: string } | undefined {
    const a = this.items;
    const top = a[0];
    const last = a.pop();
    if (a.length > 0 && last) {
      a[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < a.length && less(a[l]!, a[m]!)) m = l;
        if (r < a.length && less(a[r]!, a[m]!)) m = r;
        if (m === i) break;
        [a[i], a[m]] = [a[m]!, a[i]!];
        i = m;
      }
    }
    return top;
  }
}

function less(a: { t: number; id: string }, b: { t: number; id: string }): boolean {
  return a.t < b.t || (a.t === b.t && a.id < b.id);
}
