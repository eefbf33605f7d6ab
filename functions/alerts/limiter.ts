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

/**
 * Bounded global concurrency plus a cap per key (a channel): a slow receiver holds at most
 * `perKey` of the global slots, so the others keep flowing.
 */
export function keyedLimiter(global: number, perKey: number, maxWaitingPerKey = Infinity) {
  const all = semaphore(global);
  const keys = new Map<string, { run: ReturnType<typeof semaphore>; users: number }>();
  /** Runs the task, or resolves `null` at once when the key already has its fill waiting. */
  return async function run<T>(key: string, task: () => Promise<T>): Promise<T | null> {
    let k = keys.get(key);
    if (k && k.users >= perKey + maxWaitingPerKey) return null;
    if (!k) {
      k = { run: semaphore(perKey), users: 0 };
      keys.set(key, k);
    }
    k.users += 1;
    try {
      // the per-key slot is taken first, so a slow key's queue does not sit on global slots
      return await k.run(() => all(task));
    } finally {
      k.users -= 1;
      if (k.users === 0) keys.delete(key);
    }
  };
}
export type KeyedLimiter = ReturnType<typeof keyedLimiter>;
