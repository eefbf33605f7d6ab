import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import type { RedisPort } from "../../adapters/redis/port";
import { ensureGroups, ingestCycle } from "./cycle";
import { type IngestTarget, REGIONS, sleep, T0, useIngestWorld } from "./ingest-world";
import { drainStreams } from "./run";
import { expectedTotals, recordsOf, totals } from "./testing";

/** The scheduled drain (read-ahead, chunked reads) on every database and Redis adapter pair. */
export function drainContract(name: string, open: () => Promise<IngestTarget>): void {
  describe(`ingest drain on ${name}`, () => {
    const w = useIngestWorld("drain", open);

    it("drains many batches with the next read beside each commit, every result once", async () => {
      w.next();
      // claimIdleMs is 50 ms: a read-ahead beside a slower commit must not claim its entries
      const d = w.deps({ batchSize: 3 });
      const domains = [randomUUID(), randomUUID()];
      const records = recordsOf(domains, REGIONS, 600, T0);
      await w.emit(d, records, 10); // 20 entries per region: seven reads of up to three each
      const report = await drainStreams(d, 60_000);
      // and an eighth that finds the streams empty (the drain stops on a short read)
      expect(report).toMatchObject({ cycles: 8, read: 60, inserted: 600, duplicates: 0 });
      const got = await totals(w.t.db.db, domains);
      expect(got.raw).toEqual({ n: 600, keys: 600 });
      expect(got.hourly.checks).toBe(expectedTotals(records).checks);
      for (const region of REGIONS) {
        expect(await w.t.redis.xpendingCount(d.streamKey!(region), "ingest")).toBe(0);
      }
    });

    it("reads a batch in calls of readChunk entries, never more per call", async () => {
      w.next();
      const counts: number[] = [];
      const counting = {
        ...w.t.redis,
        xreadgroup: (...a: Parameters<RedisPort["xreadgroup"]>) => {
          counts.push(a[3]);
          return w.t.redis.xreadgroup(...a);
        },
      };
      const d = w.deps({ redis: counting, batchSize: 5, readChunk: 2 });
      await ensureGroups(d);
      const domains = [randomUUID()];
      await w.emit(d, recordsOf(domains, REGIONS, 21, T0), 1); // seven entries per region
      expect(await ingestCycle(d)).toMatchObject({ read: 15, inserted: 15 });
      expect(counts).toEqual([2, 2, 1, 2, 2, 1, 2, 2, 1]); // per region: 2 + 2 + 1 = 5
      expect(await ingestCycle(d)).toMatchObject({ read: 6, inserted: 6 });
    });

    it("leaves the batch read beside a failed commit pending, and a later run adds it once", async () => {
      w.next();
      const d = w.deps({ batchSize: 1 });
      const domains = [randomUUID()];
      const records = recordsOf(domains, REGIONS, 90, T0);
      await w.emit(d, records, 10); // three entries per region
      let commits = 0;
      const failing = {
        ...w.t.redis,
        xack: (...a: Parameters<RedisPort["xack"]>) =>
          ++commits === 5 ? Promise.reject(new Error("killed after commit")) : w.t.redis.xack(...a),
      };
      // the second batch's XACKs (one per region): the first region's goes, the second's fails
      await expect(drainStreams({ ...d, redis: failing }, 60_000)).rejects.toThrow("killed");
      const pending = async () => {
        let p = 0;
        for (const region of REGIONS)
          p += await w.t.redis.xpendingCount(d.streamKey!(region), "ingest");
        return p;
      };
      expect(await pending()).toBe(5); // two of the failed batch, three read beside it
      await sleep(80);
      const later = await drainStreams({ ...d, consumer: "b", claimIdleMs: 50 }, 60_000);
      // the failed batch was committed: its two pending entries replay as duplicates
      expect(later).toMatchObject({ claimed: 5, inserted: 30, duplicates: 20 });
      const got = await totals(w.t.db.db, domains);
      expect(got.raw).toEqual({ n: 90, keys: 90 });
      const want = expectedTotals(records);
      for (const r of [got.hourly, got.daily, got.dailyAll]) expect(r.checks).toBe(want.checks);
      expect(await pending()).toBe(0);
    });
  });
}
