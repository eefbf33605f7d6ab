import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { systemClock } from "../../adapters/clock/clock";
import { migrateDatabase } from "../../adapters/db/migrate";
import type { DatabaseHandle } from "../../adapters/db/types";
import type { Logger } from "../../adapters/log/logger";
import type { RedisPort } from "../../adapters/redis/port";
import { parseDailyBars } from "../../adapters/redis/status-read-model";
import { aTlsInfo } from "../../probe-fly/testing/builders";
import { redisKeys } from "../../schema/redis-keys";
import { ensureGroups, type IngestDeps, ingestCycle } from "./cycle";
import { publishDailyBars } from "./daily-bars";
import { drainStreams } from "./run";
import { allRegionsDrift, aRecord, asEntry, expectedTotals, recordsOf, totals } from "./testing";

/** A database and a Redis for the suite; `close` removes what the suite wrote under `prefix`. */
export interface IngestTarget {
  db: DatabaseHandle;
  redis: RedisPort;
  close(prefix: string): Promise<void>;
}

const quiet: Logger = { info() {}, warn() {}, error() {} };
const REGIONS = ["ams", "iad", "sin"];
const T0 = Date.parse("2026-11-24T09:30:00.000Z");
const T0_DAY = "2026-11-24";
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The ingest behaviour every database and Redis adapter pair must show. */
export function ingestContract(name: string, open: () => Promise<IngestTarget>): void {
  describe(`ingest on ${name}`, () => {
    let t: IngestTarget;
    const prefix = `test:ingest:${randomUUID()}:`;
    beforeAll(async () => {
      t = await open();
      await migrateDatabase(t.db, "timeseries");
    });
    afterAll(async () => {
      await t?.close(prefix);
    });

    let n = 0;
    function deps(over: Partial<IngestDeps> = {}): IngestDeps {
      const scope = `${prefix}${n}:`;
      return {
        db: t.db,
        redis: t.redis,
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
    }
    /** Appends records as the probes do: per region, one entry per flush of `perEntry`. */
    async function emit(d: IngestDeps, records: ReturnType<typeof aRecord>[], perEntry = 100) {
      for (const region of REGIONS) {
        const mine = records.filter((r) => r.region === region);
        const entries = [];
        for (let i = 0; i < mine.length; i += perEntry)
          entries.push(asEntry(mine.slice(i, i + perEntry)));
        if (entries.length > 0) await t.redis.xaddMany(d.streamKey!(region), entries);
      }
    }

    it("keeps every result exactly once and roll-ups exact when killed between commit and XACK", async () => {
      n += 1;
      const a = deps();
      await ensureGroups(a);
      const domains = [randomUUID(), randomUUID()];
      const first = recordsOf(domains, REGIONS, 600, T0);
      await emit(a, first);
      const killed = {
        ...t.redis,
        xack: () => Promise.reject(new Error("killed after commit")),
      };
      await expect(ingestCycle({ ...a, redis: killed })).rejects.toThrow("killed");
      expect((await totals(t.db.db, domains)).raw.n).toBe(600);

      // restarted under a new name: it claims the dead run's entries beside new ones
      const later = recordsOf(domains, REGIONS, 90, T0 + 600 * 11_000);
      await emit(a, later);
      await sleep(80);
      const b = { ...a, consumer: "b" };
      const report = await ingestCycle(b);
      // entries: 200 results per region in two flushes claimed, 30 in one read
      expect(report).toMatchObject({ claimed: 6, read: 3, inserted: 90, duplicates: 600 });
      const got = await totals(t.db.db, domains);
      const want = expectedTotals([...first, ...later]);
      expect(got.raw).toEqual({ n: 690, keys: 690 });
      for (const r of [got.hourly, got.daily, got.dailyAll]) {
        expect(r.checks).toBe(want.checks);
        expect(r.failures).toBe(want.failures);
        expect(r.lc).toBe(want.lc);
        expect(r.hist).toBe(want.lc);
        expect(r.ls).toBeCloseTo(want.ls, 6);
      }
      expect(await allRegionsDrift(t.db.db, domains)).toEqual([]);
      for (const region of REGIONS) {
        expect(await t.redis.xpendingCount(a.streamKey!(region), "ingest")).toBe(0);
      }
      // and a third run finds nothing to do
      expect(await ingestCycle(b)).toMatchObject({ read: 0, claimed: 0, inserted: 0 });
    });

    it("keeps the all-regions daily rows the sum of every region's, over days, batches and a re-ingest", async () => {
      n += 1;
      const d = deps({ batchSize: 2 }); // several flushes per cycle
      await ensureGroups(d);
      const domains = [randomUUID(), randomUUID(), randomUUID()];
      // 400 results 11 s apart from an hour before midnight: two days, every region
      const records = recordsOf(domains, REGIONS, 400, Date.parse("2026-11-24T23:00:00Z"));
      await emit(d, records.slice(0, 250), 20);
      await ingestCycle(d);
      await ingestCycle(d);
      expect(await allRegionsDrift(t.db.db, domains)).toEqual([]);
      // the rest, with the first batch sent again (a probe's retry): added once
      await emit(d, [...records.slice(150), ...records.slice(0, 100)], 20);
      while ((await ingestCycle(d)).read > 0);
      expect(await allRegionsDrift(t.db.db, domains)).toEqual([]);
      const got = await totals(t.db.db, domains);
      const want = expectedTotals(records);
      expect(got.dailyAll).toMatchObject({ checks: want.checks, lc: want.lc, hist: want.lc });
      const days = (await t.db.db.execute(
        sql`SELECT count(*)::int AS n FROM rollups_daily_all WHERE domain_id = ${domains[0]}`,
      )) as unknown as { rows: { n: number }[] };
      expect(days.rows[0]!.n).toBe(2);
    });

    it("drains many batches with the next read beside each commit, every result once", async () => {
      n += 1;
      // claimIdleMs is 50 ms: a read-ahead beside a slower commit must not claim its entries
      const d = deps({ batchSize: 3 });
      const domains = [randomUUID(), randomUUID()];
      const records = recordsOf(domains, REGIONS, 600, T0);
      await emit(d, records, 10); // 20 entries per region: seven reads of up to three each
      const report = await drainStreams(d, 60_000);
      // and an eighth that finds the streams empty (the drain stops on a short read)
      expect(report).toMatchObject({ cycles: 8, read: 60, inserted: 600, duplicates: 0 });
      const got = await totals(t.db.db, domains);
      expect(got.raw).toEqual({ n: 600, keys: 600 });
      expect(got.hourly.checks).toBe(expectedTotals(records).checks);
      for (const region of REGIONS) {
        expect(await t.redis.xpendingCount(d.streamKey!(region), "ingest")).toBe(0);
      }
    });

    it("reads a batch in calls of readChunk entries, never more per call", async () => {
      n += 1;
      const counts: number[] = [];
      const counting = {
        ...t.redis,
        xreadgroup: (...a: Parameters<RedisPort["xreadgroup"]>) => {
          counts.push(a[3]);
          return t.redis.xreadgroup(...a);
        },
      };
      const d = deps({ redis: counting, batchSize: 5, readChunk: 2 });
      await ensureGroups(d);
      const domains = [randomUUID()];
      await emit(d, recordsOf(domains, REGIONS, 21, T0), 1); // seven entries per region
      expect(await ingestCycle(d)).toMatchObject({ read: 15, inserted: 15 });
      expect(counts).toEqual([2, 2, 1, 2, 2, 1, 2, 2, 1]); // per region: 2 + 2 + 1 = 5
      expect(await ingestCycle(d)).toMatchObject({ read: 6, inserted: 6 });
    });

    it("leaves the batch read beside a failed commit pending, and a later run adds it once", async () => {
      n += 1;
      const d = deps({ batchSize: 1 });
      const domains = [randomUUID()];
      const records = recordsOf(domains, REGIONS, 90, T0);
      await emit(d, records, 10); // three entries per region
      let commits = 0;
      const failing = {
        ...t.redis,
        xack: (...a: Parameters<RedisPort["xack"]>) =>
          ++commits === 5 ? Promise.reject(new Error("killed after commit")) : t.redis.xack(...a),
      };
      // the second batch's XACKs (one per region): the first region's goes, the second's fails
      await expect(drainStreams({ ...d, redis: failing }, 60_000)).rejects.toThrow("killed");
      const pending = async () => {
        let p = 0;
        for (const region of REGIONS)
          p += await t.redis.xpendingCount(d.streamKey!(region), "ingest");
        return p;
      };
      expect(await pending()).toBe(5); // two of the failed batch, three read beside it
      await sleep(80);
      const later = await drainStreams({ ...d, consumer: "b", claimIdleMs: 50 }, 60_000);
      // the failed batch was committed: its two pending entries replay as duplicates
      expect(later).toMatchObject({ claimed: 5, inserted: 30, duplicates: 20 });
      const got = await totals(t.db.db, domains);
      expect(got.raw).toEqual({ n: 90, keys: 90 });
      const want = expectedTotals(records);
      for (const r of [got.hourly, got.daily, got.dailyAll]) expect(r.checks).toBe(want.checks);
      expect(await pending()).toBe(0);
    });

    it("claims a dead consumer's pending entries once they have been idle long enough", async () => {
      n += 1;
      const d = deps();
      await ensureGroups(d);
      const domains = [randomUUID()];
      await emit(d, recordsOf(domains, REGIONS, 30, T0));
      for (const region of REGIONS)
        await t.redis.xreadgroup(d.streamKey!(region), "ingest", "dead", 100);
      const live = { ...d, consumer: "live", claimIdleMs: 60_000 };
      expect(await ingestCycle(live)).toMatchObject({ read: 0, claimed: 0 });
      await sleep(80);
      expect(await ingestCycle({ ...live, claimIdleMs: 50 })).toMatchObject({
        claimed: 3, // one flush per region
        inserted: 30,
      });
      expect((await totals(t.db.db, domains)).raw.n).toBe(30);
    });

    it("drops a malformed entry or record and a repeated result without holding up the batch", async () => {
      n += 1;
      const d = deps();
      await ensureGroups(d);
      const good = aRecord({ region: "ams" });
      const other = aRecord({ region: "ams" });
      const old = aRecord({ region: "ams" });
      await t.redis.xaddMany(d.streamKey!("ams"), [
        { records: "[not json" },
        { records: JSON.stringify(good) }, // not an array
        { elsewhere: "[]" },
        // a flush with one bad record among good ones keeps the good ones
        asEntry([good, { ...other, domainId: "not-a-uuid" }, other]),
        asEntry(good),
        // the one-record entries of earlier probes are still read
        { record: "{not json" },
        { record: JSON.stringify(old) },
      ]);
      expect(await ingestCycle(d)).toMatchObject({ read: 7, rejected: 5, inserted: 3 });
      expect(await t.redis.xpendingCount(d.streamKey!("ams"), "ingest")).toBe(0);
    });

    it("publishes each region's latest check and hands the daily deltas to the hook", async () => {
      n += 1;
      const seen: { domainId: string; checks: number }[] = [];
      const d = deps({
        onDailyRollups: async (deltas) => {
          seen.push(...deltas.map((x) => ({ domainId: x.domainId, checks: x.checks })));
        },
      });
      await ensureGroups(d);
      const id = randomUUID();
      const at = (s: number) => new Date(T0 + s * 1000).toISOString();
      await emit(d, [
        aRecord({ domainId: id, region: "ams", checkedAt: at(1) }),
        aRecord({
          domainId: id,
          region: "ams",
          checkedAt: at(2),
          ok: false,
          error: { code: "TIMEOUT", message: "t" },
          timings: { dnsMs: 0, connectMs: 0, tlsMs: 0, ttfbMs: 0, totalMs: 10_000 },
        }),
        aRecord({ domainId: id, region: "iad", checkedAt: at(1) }),
      ]);
      await ingestCycle(d);
      const h = await t.redis.hgetall(d.regionChecksKey!(id));
      expect(JSON.parse(h.ams!)).toEqual({
        ok: false,
        checkedAt: at(2),
        error: "TIMEOUT",
        latencyMs: 10_000,
      });
      expect(JSON.parse(h.iad!)).toMatchObject({ ok: true, checkedAt: at(1) });
      expect(seen.reduce((s, x) => s + x.checks, 0)).toBe(3);
    });

    it("keeps the status pages' day bars as totals over every region, unchanged by a replay", async () => {
      n += 1;
      const clock = { now: () => T0 + 86_400_000 };
      const d = deps({ onDailyRollups: publishDailyBars({ db: t.db.db, redis: t.redis, clock }) });
      await ensureGroups(d);
      const id = randomUUID();
      const at = (s: number) => new Date(T0 + s * 1000).toISOString();
      const records = [
        aRecord({ domainId: id, region: "ams", checkedAt: at(1) }),
        aRecord({ domainId: id, region: "ams", checkedAt: at(2), ok: false }),
        aRecord({ domainId: id, region: "iad", checkedAt: at(1) }),
      ];
      await emit(d, records);
      await ingestCycle(d);
      const bars = () => t.redis.hgetall(redisKeys.dailyBars(id));
      expect(parseDailyBars(await bars())).toEqual([{ day: T0_DAY, checks: 3, failures: 1 }]);
      // the same results again (a probe's retry): no new rows, the same bars
      await emit(d, records);
      await ingestCycle(d);
      expect(parseDailyBars(await bars())).toEqual([{ day: T0_DAY, checks: 3, failures: 1 }]);
      await t.redis.del(redisKeys.dailyBars(id)); // not under the suite's prefix
    });

    it("records a certificate change as a new row and extends the current one's last seen", async () => {
      n += 1;
      const d = deps();
      await ensureGroups(d);
      const id = randomUUID();
      const tls = (fp: string) => aTlsInfo({ fingerprint256: fp });
      const at = (m: number) => new Date(T0 + m * 60_000).toISOString();
      const rec = (m: number, fp: string) =>
        aRecord({ domainId: id, region: "ams", checkedAt: at(m), tls: tls(fp) });
      await emit(d, [rec(0, "AA"), rec(1, "AA")]);
      await ingestCycle(d);
      await emit(d, [rec(2, "AA"), rec(3, "BB"), rec(4, "BB")]);
      await ingestCycle(d);
      const { sql } = await import("drizzle-orm");
      const rows = (
        (await t.db.db.execute(
          sql`SELECT fingerprint256 AS fp, observed_at, last_seen FROM cert_observations
            WHERE domain_id = ${id} ORDER BY observed_at`,
        )) as unknown as { rows: { fp: string; observed_at: string; last_seen: string }[] }
      ).rows.map((r) => [
        r.fp,
        new Date(r.observed_at).toISOString(),
        new Date(r.last_seen).toISOString(),
      ]);
      expect(rows).toEqual([
        ["AA", at(0), at(2)],
        ["BB", at(3), at(4)],
      ]);
    });
  });
}
