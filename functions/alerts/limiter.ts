/** Runs tasks with at most `limit` in flight; the rest wait in order. */
export function semaphore(limit: number) {
  let active = 0;
  const waiting: (() => void)[] = [];
  const release = () => {
    active -= 1;
    waiting.shift()?.();
  };
  return async function run<T>(task: () => Promise<T>): Promise<T> {
    if (active >= limit) await new Promise<void>((resolve) => waiting.push(resolve));
    active += 1;
    try {
      return await task();
    } finally {
      release();
    }
  };
}

/** How many tasks of one key run at once, and how many more may wait for it. */
export interface KeyCap {
  inFlight: number;
  waiting: number;
}

/**
 * Bounded global concurrency plus a cap per key. A task names its keys as `<class>:<value>`
 * (`channel:<id>`, `origin:<scheme://host:port>`), and each class has its cap: a slow receiver
 * holds at most its channel's share of the global slots, and one slow host at most its origin's.
 */
export function keyedLimiter(global: number, caps: Record<string, KeyCap>) {
  const all = semaphore(global);
  const keys = new Map<string, { run: ReturnType<typeof semaphore>; users: number }>();
  const capOf = (key: string) => caps[key.slice(0, key.indexOf(":"))] ?? null;
  /** Runs the task, or resolves `null` at once when one of its keys already has its fill waiting. */
  return async function run<T>(names: string[], task: () => Promise<T>): Promise<T | null> {
    const held: { name: string; cap: KeyCap }[] = [];
    for (const name of names) {
      const cap = capOf(name);
      if (!cap) continue;
      if ((keys.get(name)?.users ?? 0) >= cap.inFlight + cap.waiting) return null;
      held.push({ name, cap });
    }
    const entries = held.map(({ name, cap }) => {
      let k = keys.get(name);
      if (!k) {
        k = { run: semaphore(cap.inFlight), users: 0 };
        keys.set(name, k);
      }
      k.users += 1;
      return { name, k };
    });
    try {
      // per-key slots are taken first (always in the order given), so a slow key's queue does
      // not sit on global slots
      const nested = entries.reduceRight<() => Promise<T>>(
        (inner, e) => () => e.k.run(inner),
        () => all(task),
      );
      return await nested();
    } finally {
      for (const { name, k } of entries) {
        k.users -= 1;
        if (k.users === 0) keys.delete(name);
      }
    }
  };
}
export type KeyedLimiter = ReturnType<typeof keyedLimiter>;
