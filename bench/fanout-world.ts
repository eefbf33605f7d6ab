/**
 * The fan-out bench's world around the consumer: the webhook receivers (in a child process,
 * fanout-receivers.ts), the ledger of enqueue and receipt times, an SQS-like job queue and the
 * paced arrivals. Times are epoch ms from performance.timeOrigin + performance.now(), which two
 * processes on one machine read alike.
 */
import { fork } from "node:child_process";

export const RECEIVERS = 100;
export const SLOW_MS = 250;
export const KINDS = ["healthy", "slow", "failing"] as const;
export type Kind = (typeof KINDS)[number];
export const kindOf = (i: number): Kind =>
  i % 10 === 0 ? "slow" : i % 10 === 1 ? "failing" : "healthy";

/** One first receipt: the job's number, its receiver's kind (index in KINDS), epoch ms. */
export type Receipt = [n: number, kind: number, at: number];

/** Epoch ms with sub-ms precision, comparable across processes. */
export const epochNow = () => performance.timeOrigin + performance.now();

/** When each job was enqueued and first received (epoch ms), by its number. */
export interface Ledger {
  enqueued: number[];
  received: number[];
  kind: Kind[];
  /** First receipts so far. */
  count: number;
}

export const emptyLedger = (): Ledger => ({ enqueued: [], received: [], kind: [], count: 0 });

/** Starts the receivers' process; their first receipts land in the ledger as they come. */
export async function receivers(ledger: Ledger) {
  const child = fork(new URL("./fanout-receivers.ts", import.meta.url), {
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  let closed: (() => void) | null = null;
  const urls = await new Promise<string[]>((resolve, reject) => {
    child.once("error", reject);
    child.once("exit", (code) => reject(new Error(`receivers exited with ${code}`)));
    child.on("message", (m: { urls?: string[]; receipts?: Receipt[]; closed?: true }) => {
      if (m.urls) resolve(m.urls);
      for (const [n, k, at] of m.receipts ?? []) {
        ledger.received[n] = at;
        ledger.kind[n] = KINDS[k]!;
        ledger.count += 1;
      }
      if (m.closed) closed?.();
    });
  });
  return {
    urls,
    close: async () => {
      await new Promise<void>((r) => {
        closed = r;
        child.send({ close: true });
      });
      await new Promise<void>((r) =>
        child.exitCode === null ? child.once("exit", () => r()) : r(),
      );
    },
  };
}

/** An SQS-like queue: jobs become available when pushed; a poller takes up to a batch at once. */
export function jobQueue() {
  const items: { body: string; messageId: string }[] = [];
  let wake: (() => void)[] = [];
  let closed = false;
  return {
    push(body: string, messageId: string) {
      items.push({ body, messageId });
      for (const w of wake.splice(0)) w();
    },
    async take(max: number) {
      while (items.length === 0 && !closed) await new Promise<void>((r) => wake.push(r));
      return items.splice(0, max);
    },
    close() {
      closed = true;
      for (const w of wake) w();
      wake = [];
    },
  };
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Enqueues jobs 0..count-1: all at once (rate Infinity), or steadily at `rate` a second. */
export async function arrivals(count: number, rate: number, enqueue: (i: number) => void) {
  if (rate === Infinity) {
    for (let i = 0; i < count; i++) enqueue(i);
    return;
  }
  // every few ms, what the rate owes since the start
  const start = performance.now();
  let next = 0;
  while (next < count) {
    const owed = Math.min(count, Math.floor(((performance.now() - start) / 1000) * rate));
    while (next < owed) enqueue(next++);
    await sleep(2);
  }
}

export const quantile = (xs: number[], q: number) => {
  if (xs.length === 0) return Number.NaN;
  const s = [...xs].sort((a, b) => a - b);
  return Math.round(s[Math.min(s.length - 1, Math.floor(q * s.length))]!);
};
