import { BoundedBuffer } from "./buffer";

/** One destination of the emitter, delivered on its own: a stall here never holds another. */
export interface LaneOptions<T> {
  capacity: number;
  batchSize: number;
  send: (batch: T[]) => Promise<unknown>;
  /** Base of the retry backoff in ms, doubled per consecutive failure up to 5 s. */
  backoffMs: number;
  /** A send still pending after this long counts as failed and its batch is retried. */
  sendTimeoutMs: number;
  onError?: (err: unknown) => void;
}

const MAX_BACKOFF_MS = 5_000;

/** Thrown into the lane when a send outlives `sendTimeoutMs`. */
export class SendTimeoutError extends Error {
  readonly code = "SEND_TIMEOUT";
  constructor(ms: number) {
    super(`send still pending after ${ms} ms`);
    this.name = "SendTimeoutError";
  }
}

function withDeadline<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new SendTimeoutError(ms)), ms);
    timer.unref();
  });
  // an abandoned send may still settle later; its outcome no longer matters
  work.catch(() => {});
  return Promise.race([work, deadline]).finally(() => clearTimeout(timer));
}

/** A bounded buffer drained one batch at a time to one destination, with backoff on failure. */
export function createLane<T>(opts: LaneOptions<T>) {
  const buffer = new BoundedBuffer<T>(opts.capacity);
  let draining: Promise<void> | null = null;
  let failures = 0;
  let retryAt = 0;
  let sendErrors = 0;

  async function drain(force: boolean): Promise<void> {
    if (!force && Date.now() < retryAt) return;
    while (buffer.waiting > 0) {
      const batch = buffer.take(opts.batchSize);
      try {
        await withDeadline(opts.send(batch), opts.sendTimeoutMs);
      } catch (err) {
        failures += 1;
        sendErrors += 1;
        retryAt = Date.now() + Math.min(MAX_BACKOFF_MS, opts.backoffMs * 2 ** failures);
        // A destination that names the items it could not send (SQS partial batch failure)
        // gets only those again: resending the whole batch would duplicate the rest.
        const failed = (err as { failed?: unknown } | null)?.failed;
        buffer.settle(Array.isArray(failed) && failed.length <= batch.length ? failed : batch);
        opts.onError?.(err);
        return;
      }
      failures = 0;
      buffer.settle();
    }
  }

  return {
    /** Pushes one item; the oldest unsent one is dropped (and counted) when full. */
    push: (item: T) => buffer.push(item),
    /** Delivers what is waiting; `force` ignores the backoff. Joins a drain in progress. */
    flush(force = false): Promise<void> {
      draining ??= drain(force).finally(() => {
        draining = null;
      });
      return draining;
    },
    /** Resolves when the drain in progress (if any) ends. */
    idle: () => draining ?? Promise.resolve(),
    get waiting() {
      return buffer.waiting;
    },
    stats: () => ({
      depth: buffer.depth,
      inFlight: buffer.sending,
      overflowed: buffer.overflowed,
      sendErrors,
    }),
  };
}
export type Lane<T> = ReturnType<typeof createLane<T>>;
