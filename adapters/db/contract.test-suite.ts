import { sql } from "drizzle-orm";
import { getTableConfig, type PgTable } from "drizzle-orm/pg-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as control from "../../schema/control";
import * as timeseries from "../../schema/timeseries";
import { probeResults } from "../../schema/timeseries";
import { bulkTable } from "./bulk-table";
import { migrateDatabase } from "./migrate";
import type { DatabaseHandle } from "./types";

/** Opens a fresh, empty pair of databases; `dispose` removes them. */
export interface DatabasePairFactory {
  open(): Promise<{ control: DatabaseHandle; timeseries: DatabaseHandle }>;
  dispose?(): Promise<void>;
}

function tableNames(module: Record<string, unknown>): string[] {
  return Object.values(module)
    .filter(
      (v): v is PgTable =>
        typeof v === "object" && v !== null && Symbol.for("drizzle:IsDrizzleTable") in v,
    )
    .map((t) => getTableConfig(t).name);
}

async function publicTables(handle: DatabaseHandle): Promise<string[]> {
  const r = await handle.db.execute<{ table_name: string }>(
    sql`SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type IN ('BASE TABLE') ORDER BY 1`,
  );
  return (r as unknown as { rows: { table_name: string }[] }).rows.map((x) => x.table_name);
}

const aRow = (over: Partial<typeof probeResults.$inferInsert> = {}) => ({
  ts: new Date("2026-11-24T10:00:00.000Z"),
  domainId: "00000000-0000-4000-8000-000000000001",
  region: "ams",
  ok: true,
  errorCode: null,
  httpStatus: 200,
  dnsMs: 1.5,
  connectMs: 2.25,
  tlsMs: 3,
  ttfbMs: 4,
  totalMs: 10.5,
  tlsDaysToExpiry: 42,
  ...over,
});

/** What every database adapter must do, run against PGlite and real PostgreSQL alike. */
export function databaseContract(name: string, factory: DatabasePairFactory): void {
  describe(`database adapter: ${name}`, () => {
    let dbs: { control: DatabaseHandle; timeseries: DatabaseHandle };

    beforeAll(async () => {
      dbs = await factory.open();
      await migrateDatabase(dbs.control, "control");
      await migrateDatabase(dbs.timeseries, "timeseries");
    });
    afterAll(async () => {
      await dbs?.control.close();
      await dbs?.timeseries.close();
      await factory.dispose?.();
    });

    it("migrates both databases from empty, and again without change", async () => {
      const before = await publicTables(dbs.control);
      await migrateDatabase(dbs.control, "control");
      await migrateDatabase(dbs.timeseries, "timeseries");
      expect(await publicTables(dbs.control)).toEqual(before);
      for (const t of tableNames(control)) expect(before).toContain(t);
      const ts = await publicTables(dbs.timeseries);
      for (const t of tableNames(timeseries)) expect(ts).toContain(t);
    });

    it("keeps the two schemas apart: no table exists in both", async () => {
      const c = new Set([...tableNames(control), ...(await publicTables(dbs.control))]);
      const t = [...tableNames(timeseries), ...(await publicTables(dbs.timeseries))];
      expect(t.filter((name) => c.has(name) && !name.startsWith("__"))).toEqual([]);
      expect(await publicTables(dbs.control)).not.toContain("probe_results");
      expect(await publicTables(dbs.timeseries)).not.toContain("domains");
    });

    it("creates probe_results partitioned by day with partitions ahead of today", async () => {
      const r = await dbs.timeseries.db.execute<{ n: number }>(
        sql`SELECT count(*)::int AS n FROM pg_inherits WHERE inhparent = 'probe_results'::regclass`,
      );
      const n = (r as unknown as { rows: { n: number }[] }).rows[0]!.n;
      expect(n).toBeGreaterThanOrEqual(9); // yesterday .. +7 days, plus the default partition
      const created = await dbs.timeseries.db.execute<{ c: number }>(
        sql`SELECT dp_ensure_probe_result_partitions('2030-01-01'::date, 2) AS c`,
      );
      expect((created as unknown as { rows: { c: number }[] }).rows[0]!.c).toBe(2);
    });

    it("bulk-writes rows that read back equal, nulls and awkward text included", async () => {
      const table = bulkTable(probeResults);
      const rows = [
        aRow({ ts: new Date("2030-01-01T00:00:01.250Z") }),
        aRow({
          ts: new Date("2030-01-01T00:00:02.000Z"),
          ok: false,
          errorCode: "TAB\there\\and\nnewline",
          httpStatus: null,
          tlsMs: null,
          tlsDaysToExpiry: null,
        }),
        aRow({
          ts: new Date("2030-01-01T00:00:03.007Z"),
          domainId: "f81d4fae-7dec-41d0-a765-00a0c91e6bf6",
          errorCode: "ünïcødé ✓ 名前",
          httpStatus: -32768,
          dnsMs: 0.1, // not a float4: stored as the nearest one, as from text
          totalMs: 242.44171,
          tlsDaysToExpiry: -3.5,
        }),
      ];
      expect(await dbs.timeseries.bulkInsert(table, rows)).toBe(3);
      const back = await dbs.timeseries.db
        .select()
        .from(probeResults)
        .where(sql`${probeResults.ts} >= '2030-01-01' AND ${probeResults.ts} < '2030-01-02'`)
        .orderBy(probeResults.ts);
      const float4 = (x: number | null | undefined) => (x == null ? x : Math.fround(x));
      expect(
        back.map((r) => ({ ...r, dnsMs: float4(r.dnsMs), totalMs: float4(r.totalMs) })),
      ).toEqual(rows.map((r) => ({ ...r, dnsMs: float4(r.dnsMs), totalMs: float4(r.totalMs) })));
    });

    it("skips duplicates with onConflict ignore and refuses them by default", async () => {
      const table = bulkTable(probeResults);
      const row = aRow({ ts: new Date("2030-01-02T05:00:00.000Z") });
      expect(await dbs.timeseries.bulkInsert(table, [row])).toBe(1);
      const fresh = aRow({ ts: new Date("2030-01-02T05:00:01.000Z") });
      expect(await dbs.timeseries.bulkInsert(table, [row, fresh], { onConflict: "ignore" })).toBe(
        1,
      );
      await expect(dbs.timeseries.bulkInsert(table, [row])).rejects.toThrow();
    });

    it("commits a transaction's bulk writes and queries together, or none of them", async () => {
      const table = bulkTable(probeResults);
      const day = sql`${probeResults.ts} >= '2030-02-01' AND ${probeResults.ts} < '2030-02-02'`;
      const count = async () =>
        (await dbs.timeseries.db.select().from(probeResults).where(day)).length;
      await dbs.timeseries.transaction(async (tx) => {
        await tx.bulkInsert(table, [aRow({ ts: new Date("2030-02-01T01:00:00Z") })]);
        await tx.db.execute(sql`SELECT 1`);
      });
      expect(await count()).toBe(1);
      await expect(
        dbs.timeseries.transaction(async (tx) => {
          await tx.bulkInsert(table, [aRow({ ts: new Date("2030-02-01T02:00:00Z") })]);
          throw new Error("crash before commit");
        }),
      ).rejects.toThrow("crash before commit");
      expect(await count()).toBe(1);
    });

    it("keeps a row whose day has no partition in the default partition", async () => {
      const table = bulkTable(probeResults);
      // before 2000-01-01 and before 1970: negative offsets from both epochs
      const row = aRow({ ts: new Date("1969-07-20T20:17:40.123Z") });
      await dbs.timeseries.bulkInsert(table, [row]);
      const r = await dbs.timeseries.db.execute<{ n: number }>(
        sql`SELECT count(*)::int AS n FROM probe_results_default WHERE ts < '2000-01-01'`,
      );
      expect((r as unknown as { rows: { n: number }[] }).rows[0]!.n).toBe(1);
      const back = await dbs.timeseries.db
        .select()
        .from(probeResults)
        .where(sql`${probeResults.ts} < '1970-01-01'`);
      expect(back).toEqual([row]);
    });
  });
}
