import { sql } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { manualClock } from "../../adapters/clock/clock";
import { bulkTable } from "../../adapters/db/bulk-table";
import { openMigratedMemory } from "../../adapters/db/migrated-memory";
import type { DatabaseHandle } from "../../adapters/db/types";
import { domains } from "../../schema/control/domains";
import { organizations } from "../../schema/control/organizations";
import { probeResults } from "../../schema/timeseries/probe-results";
import { rollupsDaily } from "../../schema/timeseries/rollups-daily";
import { rollupsDailyAll } from "../../schema/timeseries/rollups-daily-all";
import { rollupsHourly } from "../../schema/timeseries/rollups-hourly";
import { usePglite } from "../../test-support/pglite";
import { maintainPartitions } from "./partitions";
import { applyRetention, type PlanRetention } from "./retention";
import { maintainTimeseries } from "./timeseries";

const DAY = 86_400_000;
const rowsOf = <T>(r: unknown) => (r as { rows: T[] }).rows;
const aRow = (ts: string) => ({
  ts: new Date(ts),
  domainId: "00000000-0000-4000-8000-000000000001",
  region: "ams",
  ok: true,
  errorCode: null,
  httpStatus: 200,
  dnsMs: 1,
  connectMs: 1,
  tlsMs: 1,
  ttfbMs: 1,
  totalMs: 5,
  tlsDaysToExpiry: null,
});

const h = usePglite("timeseries");

async function whereRows() {
  return rowsOf<{ part: string; ts: Date | string }>(
    await h.db.execute(
      sql`SELECT tableoid::regclass::text AS part, ts FROM probe_results WHERE ts >= '2031-01-01' ORDER BY ts`,
    ),
  ).map((r) => r.part);
}

async function partitions(prefix: string) {
  return rowsOf<{ name: string }>(
    await h.db.execute(sql`SELECT c.relname AS name FROM pg_inherits i
      JOIN pg_class c ON c.oid = i.inhrelid
      WHERE i.inhparent = 'probe_results'::regclass AND c.relname LIKE ${`${prefix}%`}
      ORDER BY 1`),
  ).map((r) => r.name);
}

describe("time-series maintenance", () => {
  it("moves rows out of the default partition when their day's partition is created", async () => {
    const table = bulkTable(probeResults);
    await h.bulkInsert(table, [aRow("2031-03-05T10:00:00Z"), aRow("2031-07-01T00:00:00Z")]);
    expect(await whereRows()).toEqual(["probe_results_default", "probe_results_default"]);
    // 03-05 falls in the week ahead of "now"; 07-01 is a stray far ahead, repaired on its own
    const report = await maintainPartitions(h.db, Date.parse("2031-03-01T12:00:00Z"));
    expect(report.repairedDays).toEqual(["2031-03-05", "2031-07-01"]);
    expect(await whereRows()).toEqual(["probe_results_20310305", "probe_results_20310701"]);
    expect(await partitions("probe_results_203102")).toEqual(["probe_results_20310228"]);
    expect((await partitions("probe_results_203103")).at(-1)).toBe("probe_results_20310308");
    // and a row arriving later for a created day is routed to it directly
    await h.bulkInsert(table, [aRow("2031-03-06T00:00:00Z")]);
    expect((await whereRows()).at(1)).toBe("probe_results_20310306");
  });

  it("drops only the partitions and roll-ups whose retention has expired", async () => {
    await h.db.execute(sql`SELECT dp_ensure_probe_result_partitions('2031-01-01'::date, 10)`);
    const table = bulkTable(probeResults);
    await h.bulkInsert(
      table,
      Array.from({ length: 10 }, (_, i) =>
        aRow(`2031-01-${String(i + 1).padStart(2, "0")}T23:59:59Z`),
      ),
    );
    const now = Date.parse("2031-01-05T00:00:00Z") + 30 * DAY + 3_600_000;
    const hour = (ms: number) => ({
      bucket: new Date(ms),
      domainId: "00000000-0000-4000-8000-000000000001",
      region: "ams",
      checks: 1,
      failures: 0,
      latencySum: 5,
      histogram: [1],
    });
    await h.db.insert(rollupsHourly).values([hour(now - 732 * DAY), hour(now - 365 * DAY)]);
    const report = await applyRetention(h.db, now);
    expect(report.droppedPartitions.filter((p) => p.startsWith("probe_results_2031"))).toEqual([
      "probe_results_20310101",
      "probe_results_20310102",
      "probe_results_20310103",
      "probe_results_20310104",
    ]);
    expect(await partitions("probe_results_2031")).toHaveLength(6);
    expect(await whereRows()).toHaveLength(6);
    expect(report.hourlyDeleted).toBe(1);
    expect(await h.db.select().from(rollupsHourly)).toHaveLength(1);
  });
});

describe("retention per plan", () => {
  let control: DatabaseHandle;
  beforeEach(async () => {
    control = await openMigratedMemory("control");
  });
  afterEach(async () => {
    await control.close();
  });

  const plans: PlanRetention = {
    free: { rawDays: 3, hourlyDays: 10, dailyDays: 100 },
    pro: { rawDays: 5, hourlyDays: 40, dailyDays: 400 },
    business: { rawDays: 5, hourlyDays: 90, dailyDays: 900 },
  };

  async function domainOn(plan: "free" | "pro" | "business") {
    const [org] = await control.db.insert(organizations).values({ name: plan, plan }).returning();
    const [d] = await control.db
      .insert(domains)
      .values({ orgId: org!.id, url: `https://${plan}.example/`, name: plan, regions: ["ams"] })
      .returning();
    return d!.id;
  }

  it("deletes a free organization's rows past its plan while a paid one's stay, and drops only partitions expired for every plan", async () => {
    const free = await domainOn("free");
    const pro = await domainOn("pro");
    const biz = await domainOn("business");
    const now = Date.parse("2031-06-20T12:00:00Z");
    await h.db.execute(sql`SELECT dp_ensure_probe_result_partitions('2031-06-10'::date, 11)`);
    const raw = (id: string, daysAgo: number) => ({
      ...aRow(new Date(now - daysAgo * DAY).toISOString()),
      domainId: id,
    });
    const ids = [free, pro, biz];
    await h.bulkInsert(
      bulkTable(probeResults),
      ids.flatMap((id) => [raw(id, 1), raw(id, 4), raw(id, 7)]),
    );
    const roll = (id: string, daysAgo: number) => ({
      bucket: new Date(Date.parse("2031-06-20T00:00:00Z") - daysAgo * DAY),
      domainId: id,
      region: "ams",
      checks: 1,
      failures: 0,
      latencySum: 5,
      histogram: [1],
    });
    const ages = [5, 20, 60, 120, 500, 1000];
    await h.db.insert(rollupsHourly).values(ids.flatMap((id) => ages.map((a) => roll(id, a))));
    await h.db.insert(rollupsDaily).values(ids.flatMap((id) => ages.map((a) => roll(id, a))));
    await h.db
      .insert(rollupsDailyAll)
      .values(ids.flatMap((id) => ages.map((a) => ({ ...roll(id, a), region: undefined }))));

    const report = await maintainTimeseries({
      db: h.db,
      control: control.db,
      clock: manualClock(now),
      log: { info() {}, warn() {}, error() {} },
      retention: plans,
    });

    // raw partitions of 6 or more days ago expired for every plan (5 days the longest): dropped
    expect(report.droppedPartitions.filter((p) => p.startsWith("probe_results_2031"))).toEqual([
      "probe_results_20310610",
      "probe_results_20310611",
      "probe_results_20310612",
      "probe_results_20310613",
      "probe_results_20310614",
    ]);
    const kept = async (table: string, column: string) =>
      rowsOf<{ domain_id: string; age: number }>(
        await h.db.execute(sql`SELECT domain_id,
          round(extract(epoch FROM (${new Date(now).toISOString()}::timestamptz - ${sql.identifier(column)})) / 86400)::int AS age
          FROM ${sql.identifier(table)} ORDER BY 1, 2`),
      ).reduce<Record<string, number[]>>((m, r) => {
        const who = r.domain_id === free ? "free" : r.domain_id === pro ? "pro" : "business";
        m[who] = [...(m[who] ?? []), r.age];
        return m;
      }, {});
    // free keeps 3 days raw; the 4-day-old rows sit in a partition paid plans still keep
    expect(await kept("probe_results", "ts")).toEqual({ free: [1], pro: [1, 4], business: [1, 4] });
    expect(report.rawDeleted).toBe(1);
    // hourly: free 10 days, pro 40, business 90 (the age counts from noon: bucket + 0.5 day)
    expect(await kept("rollups_hourly", "bucket")).toEqual({
      free: [6],
      pro: [6, 21],
      business: [6, 21, 61],
    });
    expect(await kept("rollups_daily", "bucket")).toEqual({
      free: [6, 21, 61],
      pro: [6, 21, 61, 121],
      business: [6, 21, 61, 121, 501],
    });
    expect(await kept("rollups_daily_all", "bucket")).toEqual(
      await kept("rollups_daily", "bucket"),
    );
    expect(report.hourlyDeleted).toBe(18 - 6);
    expect(report.dailyDeleted).toBe(2 * (18 - 12)); // per-region and all-regions rows
  });
});
