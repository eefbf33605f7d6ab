import type { QueuePort } from "../adapters/queue/port";
import type { RedisPort } from "../adapters/redis/port";
import { redisKeys } from "../schema/redis-keys";
import { type Observation, type ProbeResultRecord, resultsEntry } from "../schema/wire";
import { createLane } from "./lane";

/** Where results and observations go, and how eagerly. */
export interface EmitterDeps {
  region: string;
  redis: Pick<RedisPort, "xaddMany">;
  queue: QueuePort;
  /** Flush period in ms (default 250). */
  flushEveryMs?: number;
  /** Results per stream entry, one XADD (default 500); a full batch flushes at once. */
  batchSize?: number;
  /** Results (and, separately, observations) held while a destination is down (default 100k). */
  maxBuffer?: number;
  /** Approximate MAXLEN of the stream in entries (flushes), so a stalled ingest cannot exhaust Redis. */
  streamMaxLen?: number;
  /** A send pending longer than this (ms, default 30 s) is given up and its batch retried. */
  sendTimeoutMs?: number;
  onError?: (what: "results" | "observations", err: unknown) => void;
}

/**
 * Sends every result to the region's Redis stream, one entry per batch of results
 * (schema/wire/results-stream.ts), and the news among them (failures,
 * recoveries, confirms, certificate changes) to the consensus queue, in batches. The two are
 * independent lanes: each has its own bounded buffer, backoff and batch in flight, so a hung
 * queue call never delays the results stream, nor a slow Redis the observations.
 */
export function createEmitter(deps: EmitterDeps) {
  const every = deps.flushEveryMs ?? 250;
  const batchSize = deps.batchSize ?? 500;
  const capacity = deps.maxBuffer ?? 100_000;
  const sendTimeoutMs = deps.sendTimeoutMs ?? 30_000;
  const key = redisKeys.resultsStream(deps.region);
  // a batch of results becomes one entry (its columns), so one XADD
  const results = createLane<ProbeResultRecord>({
    capacity,
    batchSize,
    backoffMs: every,
    sendTimeoutMs,
    send: (b) => deps.redis.xaddMany(key, [resultsEntry(b)], deps.streamMaxLen),
    onError: (err) => deps.onError?.("results", err),
  });
  const observations = createLane<Observation>({
    capacity,
    batchSize: 100,
    backoffMs: every,
    sendTimeoutMs,
    send: (b) => deps.queue.send("consensus", b),
    onError: (err) => deps.onError?.("observations", err),
  });
  let timer: NodeJS.Timeout | null = null;

  function flushAll(force: boolean): Promise<void> {
    return Promise.all([results.flush(force), observations.flush(force)]).then(() => undefined);
  }

  return {
    /** Queues one result, and its observation when it is news. Never blocks the check. */
    emit(record: ProbeResultRecord, observation: Observation | null): void {
      results.push(record);
      if (results.waiting >= batchSize) void results.flush();
      if (observation) {
        observations.push(observation);
        void observations.flush();
      }
    },
    /** Delivers what both lanes hold now, ignoring backoff; resolves when both are done. */
    flush: () => flushAll(true),
    /** Delivers what the results lane holds, whatever the observations lane is doing. */
    flushResults: () => results.flush(true),
    /** Delivers what the observations lane holds, whatever the results lane is doing. */
    flushObservations: () => observations.flush(true),
    start(): void {
      timer ??= setInterval(() => {
        void results.flush();
        void observations.flush();
      }, every);
      timer.unref();
    },
    /** Stops the timer and makes one last attempt to deliver everything held. */
    async stop(): Promise<void> {
      if (timer) clearInterval(timer);
      timer = null;
      await Promise.all([results.idle(), observations.idle()]);
      await flushAll(true);
    },
    stats: () => {
      const r = results.stats();
      const o = observations.stats();
      return {
        resultsDepth: r.depth,
        observationsDepth: o.depth,
        resultsInFlight: r.inFlight,
        observationsInFlight: o.inFlight,
        resultsOverflowed: r.overflowed,
        observationsOverflowed: o.overflowed,
        resultsSendErrors: r.sendErrors,
        observationsSendErrors: o.sendErrors,
        sendErrors: r.sendErrors + o.sendErrors,
      };
    },
  };
}
export type Emitter = ReturnType<typeof createEmitter>;
