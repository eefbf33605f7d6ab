import { randomUUID } from "node:crypto";
import { afterAll, beforeAll } from "vitest";
import { systemClock } from "../../adapters/clock/clock";
import { migrateDatabase } from "../../adapters/db/migrate";
import type { DatabaseHandle } from "../../adapters/db/types";
import type { Logger } from "../../adapters/log/logger";
import type { RedisPort } from "../../adapters/redis/port";
import type { IngestDeps } from "./cycle";
import { type aRecord, asEntry } from "./testing";

/** A database and a Redis for a suite; `close` removes what the suite wrote under `prefix`. */
export interface IngestTarget {
  db: DatabaseHandle;
  redis: RedisPort;
  close(prefix: string): Promise<void>;
}

export const REGIONS = ["ams", "iad", "sin"];
export const T0 = Date.parse("2026-11-24T09:30:00.000Z");
export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const quiet: Logger = { info() {}, warn() {}, error() {} };

/**
 * A migrated target opened for the enclosing suite, with ingest deps whose stream and status
 * keys live under a scope of their own: `next()` starts a new scope (a test's).
 */
export function useIngestWorld(label: string, open: () => Promise<IngestTarget>) {
  const prefix = `test:${label}:${randomUUID()}:`;
  let target: IngestTarget | undefined;
  let n = 0;
  beforeAll(async () => {
    target = await open();
    await migrateDatabase(target.db, "timeseries");
  });
  afterAll(async () => {
    await target?.close(prefix);
  });
  const world = {
    get t(): IngestTarget {
      if (!target) throw new Error("the ingest target opens before the suite's tests");
      return target;
    },
    next(): void {
      n += 1;
    },
    deps(over: Partial<IngestDeps> = {}): IngestDeps {
      const scope = `${prefix}${n}:`;
      return {
        db: world.t.db,
        redis: world.t.redis,
        log: quiet,
        clock: systemClock,
        regions: REGIONS,
        group: "ingest",
        consumer: "a",
        batchSize: 10_000,
        claimIdleMs: 50,
        streamMaxLen: 100_000,
        streamKey: (r) => `${scope}results:${r}`,
        regionChecksKey: (id) => `${scope}status:${id}`,
        ...over,
      };
    },
    /** Appends records as the probes do: per region, one entry per flush of `perEntry`. */
    async emit(d: IngestDeps, records: ReturnType<typeof aRecord>[], perEntry = 100) {
      for (const region of REGIONS) {
        const mine = records.filter((r) => r.region === region);
        const entries = [];
        for (let i = 0; i < mine.length; i += perEntry)
          entries.push(asEntry(mine.slice(i, i + perEntry)));
        if (entries.length > 0) await world.t.redis.xaddMany(d.streamKey!(region), entries);
      }
    },
  };
  return world;
}
