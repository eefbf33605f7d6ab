import { sql } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { bulkTable } from "../../adapters/db/bulk-table";
import { migrateDatabase } from "../../adapters/db/migrate";
import { openDatabase } from "../../adapters/db/open";
import type { DatabaseHandle } from "../../adapters/db/types";
import { probeResults } from "../../schema/timeseries/probe-results";
import { rollupsHourly } from "../../schema/timeseries/rollups-hourly";
import { maintainPartitions } from "./partitions";
import { applyRetention } from "./retention";

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

let h: DatabaseHandle;
beforeEach(async () => {
  h = await openDatabase("");
  await migrateDatabase(h, "timeseries");
});
afterEach(async () => {
  await h.close();
});

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
    await h.db.insert(rollupsHourly).values([hour(now - 367 * DAY), hour(now - 365 * DAY)]);
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
