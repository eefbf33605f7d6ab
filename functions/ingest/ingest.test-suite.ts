import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { parseDailyBars } from "../../adapters/redis/status-read-model";
import { aTlsInfo } from "../../probe-fly/testing/builders";
import { redisKeys } from "../../schema/redis-keys";
import { ensureGroups, ingestCycle } from "./cycle";
import { publishDailyBars } from "./daily-bars";
import { stripeOf } from "./flush";
import { type IngestTarget, REGIONS, sleep, T0, useIngestWorld } from "./ingest-world";
import {
  allRegionsDrift,
  aRecord,
  asEntry,
  asRecordsEntry,
  expectedTotals,
  recordsOf,
  totals,
} from "./testing";

const T0_DAY = "2026-11-24";

/** The ingest behaviour every database and Redis adapter pair must show. */
export function ingestContract(name: string, open: () => Promise<IngestTarget>): void {
  describe(`ingest on ${name}`, () => {
    const w = useIngestWorld("ingest", open);

    it("keeps every result exactly once and roll-ups exact when killed between commit and XACK", async () => {
      w.next();
      const a = w.deps();
      await ensureGroups(a);
      const domains = [randomUUID(), randomUUID()];
      const first = recordsOf(domains, REGIONS, 600, T0);
      await w.emit(a, first);
      const killed = {
        ...w.t.redis,
        xack: () => Promise.reject(new Error("killed after commit")),
      };
      await expect(ingestCycle({ ...a, redis: killed })).rejects.toThrow("killed");
      expect((await totals(w.t.db.db, domains)).raw.n).toBe(600);

      // restarted under a new name: it claims the dead run's entries beside new ones
      const later = recordsOf(domains, REGIONS, 90, T0 + 600 * 11_000);
      await w.emit(a, later);
      await sleep(80);
      const b = { ...a, consumer: "b" };
      const report = await ingestCycle(b);
      // entries: 200 results per region in two flushes claimed, 30 in one read
      expect(report).toMatchObject({ claimed: 6, read: 3, inserted: 90, duplicates: 600 });
      const got = await totals(w.t.db.db, domains);
      const want = expectedTotals([...first, ...later]);
      expect(got.raw).toEqual({ n: 690, keys: 690 });
      for (const r of [got.hourly, got.daily, got.dailyAll]) {
        expect(r.checks).toBe(want.checks);
        expect(r.failures).toBe(want.failures);
        expect(r.lc).toBe(want.lc);
        expect(r.hist).toBe(want.lc);
        expect(r.ls).toBeCloseTo(want.ls, 6);
      }
      expect(await allRegionsDrift(w.t.db.db, domains)).toEqual([]);
      for (const region of REGIONS) {
        expect(await w.t.redis.xpendingCount(a.streamKey!(region), "ingest")).toBe(0);
      }
      // and a third run finds nothing to do
      expect(await ingestCycle(b)).toMatchObject({ read: 0, claimed: 0, inserted: 0 });
    });

    it("writes a batch as side-by-side transactions; when one fails after another committed, the replay adds only what is missing", async () => {
      w.next();
      const a = w.deps({ writers: 2 });
      await ensureGroups(a);
      // one domain for each writer (the writer of a domain is its stripe modulo 2)
      const of = (part: number) => {
        for (;;) {
          const id = randomUUID();
          if (stripeOf(id) % 2 === part) return id;
        }
      };
      const [kept, failing] = [of(0), of(1)];
      const records = recordsOf([kept, failing], REGIONS, 300, T0);
      await w.emit(a, records);
      // a real fault in one transaction: its domain's hourly roll-up refuses to be written
      const run = (q: string) => w.t.db.db.execute(sql.raw(q));
      await run(`CREATE FUNCTION dp_test_refuse() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN RAISE EXCEPTION 'refused for the test'; END $$`);
      await run(`CREATE TRIGGER dp_test_refuse BEFORE INSERT OR UPDATE ON rollups_hourly
        FOR EACH ROW WHEN (NEW.domain_id = '${failing}') EXECUTE FUNCTION dp_test_refuse()`);
      try {
        await expect(ingestCycle(a)).rejects.toThrow();
      } finally {
        await run("DROP TRIGGER dp_test_refuse ON rollups_hourly");
        await run("DROP FUNCTION dp_test_refuse()");
      }
      expect((await totals(w.t.db.db, [kept])).raw.n).toBe(150);
      expect((await totals(w.t.db.db, [failing])).raw.n).toBe(0);

      await sleep(80); // the entries stay pending and are claimed
      const report = await ingestCycle({ ...a, consumer: "b" });
      expect(report).toMatchObject({ inserted: 150, duplicates: 150 });
      for (const id of [kept, failing]) {
        const got = await totals(w.t.db.db, [id]);
        const want = expectedTotals(records.filter((r) => r.domainId === id));
        expect(got.raw).toEqual({ n: 150, keys: 150 });
        for (const r of [got.hourly, got.daily, got.dailyAll]) {
          expect(r).toMatchObject({ checks: want.checks, failures: want.failures, lc: want.lc });
          expect(r.ls).toBeCloseTo(want.ls, 6);
        }
      }
      expect(await allRegionsDrift(w.t.db.db, [kept, failing])).toEqual([]);
      for (const region of REGIONS) {
        expect(await w.t.redis.xpendingCount(a.streamKey!(region), "ingest")).toBe(0);
      }
    });

    it("keeps the all-regions daily rows the sum of every region's, over days, batches and a re-ingest", async () => {
      w.next();
      const d = w.deps({ batchSize: 2 }); // several flushes per cycle
      await ensureGroups(d);
      const domains = [randomUUID(), randomUUID(), randomUUID()];
      // 400 results 11 s apart from an hour before midnight: two days, every region
      const records = recordsOf(domains, REGIONS, 400, Date.parse("2026-11-24T23:00:00Z"));
      await w.emit(d, records.slice(0, 250), 20);
      await ingestCycle(d);
      await ingestCycle(d);
      expect(await allRegionsDrift(w.t.db.db, domains)).toEqual([]);
      // the rest, with the first batch sent again (a probe's retry): added once
      await w.emit(d, [...records.slice(150), ...records.slice(0, 100)], 20);
      while ((await ingestCycle(d)).read > 0);
      expect(await allRegionsDrift(w.t.db.db, domains)).toEqual([]);
      const got = await totals(w.t.db.db, domains);
      const want = expectedTotals(records);
      expect(got.dailyAll).toMatchObject({ checks: want.checks, lc: want.lc, hist: want.lc });
      const days = (await w.t.db.db.execute(
        sql`SELECT count(*)::int AS n FROM rollups_daily_all WHERE domain_id = ${domains[0]}`,
      )) as unknown as { rows: { n: number }[] };
      expect(days.rows[0]!.n).toBe(2);
    });

    it("claims a dead consumer's pending entries once they have been idle long enough", async () => {
      w.next();
      const d = w.deps();
      await ensureGroups(d);
      const domains = [randomUUID()];
      await w.emit(d, recordsOf(domains, REGIONS, 30, T0));
      for (const region of REGIONS)
        await w.t.redis.xreadgroup(d.streamKey!(region), "ingest", "dead", 100);
      const live = { ...d, consumer: "live", claimIdleMs: 60_000 };
      expect(await ingestCycle(live)).toMatchObject({ read: 0, claimed: 0 });
      await sleep(80);
      expect(await ingestCycle({ ...live, claimIdleMs: 50 })).toMatchObject({
        claimed: 3, // one flush per region
        inserted: 30,
      });
      expect((await totals(w.t.db.db, domains)).raw.n).toBe(30);
    });

    it("drops a malformed entry or record and a repeated result without holding up the batch", async () => {
      w.next();
      const d = w.deps();
      await ensureGroups(d);
      const good = aRecord({ region: "ams" });
      const other = aRecord({ region: "ams" });
      const old = aRecord({ region: "ams" });
      const [third, fourth, fifth] = [1, 2, 3].map(() => aRecord({ region: "ams" }));
      const negative = { ...aRecord({ region: "ams" }).timings, totalMs: -1 };
      const uneven = JSON.parse(asEntry([third, fourth]).columns!);
      uneven.ok.pop();
      await w.t.redis.xaddMany(d.streamKey!("ams"), [
        { columns: "{not json" },
        { columns: JSON.stringify(uneven) }, // results cannot be told apart
        { elsewhere: "[]" },
        // a flush with bad results among good ones keeps the good ones
        asEntry([good, { ...other, domainId: "not-a-uuid" }, other]),
        asEntry([third, aRecord({ region: "ams", timings: negative })]),
        asEntry(good),
        // the array-of-records and one-record entries of earlier probes are still read
        { records: "[not json" },
        { records: JSON.stringify(fourth) }, // not an array
        asRecordsEntry([fifth, { ...aRecord({ region: "ams" }), ok: "yes" }]),
        { record: "{not json" },
        { record: JSON.stringify(old) },
      ]);
      expect(await ingestCycle(d)).toMatchObject({ read: 11, rejected: 9, inserted: 5 });
      const kept = await totals(
        w.t.db.db,
        [good, other, third, fifth, old].map((r) => r.domainId),
      );
      expect(kept.raw).toEqual({ n: 5, keys: 5 });
      expect(await w.t.redis.xpendingCount(d.streamKey!("ams"), "ingest")).toBe(0);
    });

    it("publishes each region's latest check and hands the daily deltas to the hook", async () => {
      w.next();
      const seen: { domainId: string; checks: number }[] = [];
      const d = w.deps({
        onDailyRollups: async (deltas) => {
          seen.push(...deltas.map((x) => ({ domainId: x.domainId, checks: x.checks })));
        },
      });
      await ensureGroups(d);
      const id = randomUUID();
      const at = (s: number) => new Date(T0 + s * 1000).toISOString();
      await w.emit(d, [
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
      const h = await w.t.redis.hgetall(d.regionChecksKey!(id));
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
      w.next();
      const clock = { now: () => T0 + 86_400_000 };
      const d = w.deps({
        onDailyRollups: publishDailyBars({ db: w.t.db.db, redis: w.t.redis, clock }),
      });
      await ensureGroups(d);
      const id = randomUUID();
      const at = (s: number) => new Date(T0 + s * 1000).toISOString();
      const records = [
        aRecord({ domainId: id, region: "ams", checkedAt: at(1) }),
        aRecord({ domainId: id, region: "ams", checkedAt: at(2), ok: false }),
        aRecord({ domainId: id, region: "iad", checkedAt: at(1) }),
      ];
      await w.emit(d, records);
      await ingestCycle(d);
      const bars = () => w.t.redis.hgetall(redisKeys.dailyBars(id));
      expect(parseDailyBars(await bars())).toEqual([{ day: T0_DAY, checks: 3, failures: 1 }]);
      // the same results again (a probe's retry): no new rows, the same bars
      await w.emit(d, records);
      await ingestCycle(d);
      expect(parseDailyBars(await bars())).toEqual([{ day: T0_DAY, checks: 3, failures: 1 }]);
      await w.t.redis.del(redisKeys.dailyBars(id)); // not under the suite's prefix
    });

    it("records a certificate change as a new row and extends the current one's last seen", async () => {
      w.next();
      const d = w.deps();
      await ensureGroups(d);
      const id = randomUUID();
      const tls = (fp: string) => aTlsInfo({ fingerprint256: fp });
      const at = (m: number) => new Date(T0 + m * 60_000).toISOString();
      const rec = (m: number, fp: string) =>
        aRecord({ domainId: id, region: "ams", checkedAt: at(m), tls: tls(fp) });
      await w.emit(d, [rec(0, "AA"), rec(1, "AA")]);
      await ingestCycle(d);
      await w.emit(d, [rec(2, "AA"), rec(3, "BB"), rec(4, "BB")]);
      await ingestCycle(d);
      const { sql } = await import("drizzle-orm");
      const rows = (
        (await w.t.db.db.execute(
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
