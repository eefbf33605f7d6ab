import type { QueuePort } from "../adapters/queue/port";
import type { RedisPort } from "../adapters/redis/port";
import { redisKeys } from "../schema/redis-keys";
import type { Observation, ProbeResultRecord } from "../schema/wire";
import { BoundedBuffer } from "./buffer";

/** The stream field holding one JSON ProbeResultRecord (what ingest reads). */
export const RESULT_FIELD = "record";

/** Where results and observations go, and how eagerly. */
export interface EmitterDeps {
  region: string;
  redis: Pick<RedisPort, "xaddMany">;
  queue: QueuePort;
  /** Flush period in ms (default 250). */
  flushEveryMs?: number;
  /** Results per pipelined XADD batch (default 500); a full batch flushes at once. */
  batchSize?: number;
  /** Results (and, separately, observations) held while a destination is down (default 100k). */
  maxBuffer?: number;
  /** Approximate MAXLEN of the stream, so a stalled ingest cannot exhaust Redis. */
  streamMaxLen?: number;
  onError?: (what: "results" | "observations", err: unknown) => void;
}

const MAX_BACKOFF_MS = 5_000;

/**
 * Sends every result to the region's Redis stream and the news among them (failures,
 * recoveries, confirms, certificate changes) to the consensus queue, in batches. While
 * either destination is unreachable the items wait in a bounded buffer.
 */
export function createEmitter(deps: EmitterDeps) {
  const every = deps.flushEveryMs ?? 250;
  const batchSize = deps.batchSize ?? 500;
  const key = redisKeys.resultsStream(deps.region);
  const results = new BoundedBuffer<Record<string, string>>(deps.maxBuffer ?? 100_000);
  const observations = new BoundedBuffer<Observation>(deps.maxBuffer ?? 100_000);
  const health = {
    results: { failures: 0, retryAt: 0 },
    observations: { failures: 0, retryAt: 0 },
  };
  let flushing: Promise<void> | null = null;
  let timer: NodeJS.Timeout | null = null;
  let sendErrors = 0;

  async function drain<T>(
    what: "results" | "observations",
    buffer: BoundedBuffer<T>,
    size: number,
    send: (batch: T[]) => Promise<unknown>,
    force: boolean,
  ): Promise<void> {
    const h = health[what];
    if (!force && Date.now() < h.retryAt) return;
    while (buffer.depth > 0) {
      const batch = buffer.peek(size);
      try {
        await send(batch);
      } catch (err) {
        h.failures += 1;
        sendErrors += 1;
        h.retryAt = Date.now() + Math.min(MAX_BACKOFF_MS, every * 2 ** h.failures);
        deps.onError?.(what, err);
        // A queue that names the bodies it could not send (SQS partial batch failure) gets
        // only those again: resending the whole batch would duplicate the rest.
        const failed = (err as { failed?: unknown }).failed;
        if (Array.isArray(failed) && failed.length < batch.length) {
          buffer.drop(batch.length);
          for (const item of failed as T[]) buffer.push(item);
        }
        return;
      }
      h.failures = 0;
      buffer.drop(batch.length);
    }
  }

  function flush(force = false): Promise<void> {
    if (flushing) return flushing;
    flushing = Promise.all([
      drain(
        "results",
        results,
        batchSize,
        (b) => deps.redis.xaddMany(key, b, deps.streamMaxLen),
        force,
      ),
      drain("observations", observations, 100, (b) => deps.queue.send("consensus", b), force),
    ])
      .then(() => undefined)
      .finally(() => {
        flushing = null;
      });
    return flushing;
  }

  return {
    /** Queues one result, and its observation when it is news. Never blocks the check. */
    emit(record: ProbeResultRecord, observation: Observation | null): void {
      results.push({ [RESULT_FIELD]: JSON.stringify(record) });
      if (observation) observations.push(observation);
      if (results.depth >= batchSize || observation) void flush();
    },
    flush: () => flush(true),
    start(): void {
      timer ??= setInterval(() => void flush(), every);
      timer.unref();
    },
    /** Stops the timer and makes one last attempt to deliver everything held. */
    async stop(): Promise<void> {
      if (timer) clearInterval(timer);
      timer = null;
      await flushing;
      await flush(true);
    },
    stats: () => ({
      resultsDepth: results.depth,
      observationsDepth: observations.depth,
      resultsOverflowed: results.overflowed,
      observationsOverflowed: observations.overflowed,
      sendErrors,
    }),
  };
}
export type Emitter = ReturnType<typeof createEmitter>;
