/** A unit of work the pool runs; it must not reject (checks return results, never throw). */
export type Task = () => Promise<void>;

/** Limits: how many tasks run at once, and how many of them may share one host key. */
export interface PoolOptions {
  concurrency: number;
  perHostLimit: number;
}

/**
 * A bounded worker pool with a per-host cap. Waiting tasks queue per host; hosts with work
 * and spare budget take turns, so one busy host never starves the others.
 */
export function createPool(opts: PoolOptions) {
  const waiting = new Map<string, Task[]>();
  const running = new Map<string, number>();
  const ready: string[] = []; // hosts with waiting tasks and spare per-host budget
  const readySet = new Set<string>();
  let inFlight = 0;
  let queued = 0;
  let idleWaiters: (() => void)[] = [];

  function markReady(host: string): void {
    if (readySet.has(host)) return;
    if ((running.get(host) ?? 0) >= opts.perHostLimit || !waiting.get(host)?.length) return;
    readySet.add(host);
    ready.push(host);
  }

  function pump(): void {
    while (inFlight < opts.concurrency && ready.length > 0) {
      const host = ready.shift()!;
      readySet.delete(host);
      const list = waiting.get(host)!;
      const task = list.shift()!;
      if (list.length === 0) waiting.delete(host);
      queued -= 1;
      inFlight += 1;
      running.set(host, (running.get(host) ?? 0) + 1);
      markReady(host);
      task()
        .catch(() => {}) // a task that breaks its promise must not wedge the pool
        .finally(() => done(host));
    }
  }

  function done(host: string): void {
    inFlight -= 1;
    const n = (running.get(host) ?? 1) - 1;
    if (n === 0) running.delete(host);
    else running.set(host, n);
    markReady(host);
    pump();
    if (inFlight === 0 && queued === 0) notifyIdle();
  }

  function notifyIdle(): void {
    const waiters = idleWaiters;
    idleWaiters = [];
    for (const w of waiters) w();
  }

  return {
    /** Queues a task under a host key; it starts as soon as both budgets allow. */
    submit(host: string, task: Task): void {
      const list = waiting.get(host) ?? [];
      list.push(task);
      waiting.set(host, list);
      queued += 1;
      markReady(host);
      pump();
    },
    get inFlight() {
      return inFlight;
    },
    get queued() {
      return queued;
    },
    /** Drops every task not yet started (shutdown: finish what runs, start nothing new). */
    dropQueued(): number {
      const dropped = queued;
      waiting.clear();
      ready.length = 0;
      readySet.clear();
      queued = 0;
      if (inFlight === 0) notifyIdle();
      return dropped;
    },
    /** Resolves when nothing runs and nothing waits (graceful shutdown). */
    idle(): Promise<void> {
      if (inFlight === 0 && queued === 0) return Promise.resolve();
      return new Promise((resolve) => idleWaiters.push(resolve));
    },
  };
}
export type Pool = ReturnType<typeof createPool>;
