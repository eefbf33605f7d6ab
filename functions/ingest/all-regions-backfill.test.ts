import { readFileSync } from "node:fs";
import { join } from "node:path";
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { migrationsFolder } from "../../adapters/db/migrate";
import { rollupsDaily } from "../../schema/timeseries/rollups-daily";
import { usePglite } from "../../test-support/pglite";
import { allRegionsDrift } from "./testing";

const A = "00000000-0000-4000-8000-00000000000a";
const B = "00000000-0000-4000-8000-00000000000b";
const day = (n: number) => new Date(Date.UTC(2031, 0, 1 + n));
const aRow = (domainId: string, region: string, n: number, histOffset: number, h: number[]) => ({
  bucket: day(n),
  domainId,
  region,
  checks: 10 + n,
  failures: n % 3,
  latencyCount: h.reduce((s, c) => s + c, 0),
  latencySum: 12.5 * (n + 1),
  latencyMin: h.length > 0 ? 5 + n : null,
  latencyMax: h.length > 0 ? 900 - n : null,
  dnsMsSum: 1.25,
  connectMsSum: 2,
  tlsMsSum: 3,
  ttfbMsSum: 4.5,
  histOffset,
  histogram: h,
});

// the migration's last statement: the backfill of rollups_daily_all from rollups_daily
const backfill = readFileSync(
  join(migrationsFolder("timeseries"), "0006_rollups_daily_all_regions.sql"),
  "utf8",
)
  .split("--> statement-breakpoint")
  .at(-1)!;

const h = usePglite("timeseries");

describe("the rollups_daily_all migration", () => {
  it("fills each domain's day with the sum of its regions' rows, histograms merged", async () => {
    await h.db.insert(rollupsDaily).values([
      aRow(A, "ams", 0, 100, [3, 0, 12]),
      aRow(A, "iad", 0, 95, [1, 2]), // below, with a gap
      aRow(A, "sin", 0, 0, []), // only failures
      aRow(A, "ams", 1, 120, [7]),
      aRow(B, "iad", 0, 130, [5, 0, 0, 123456]),
      aRow(B, "sin", 0, 128, [1]),
    ]);
    await h.db.execute(sql.raw(backfill));
    expect(await allRegionsDrift(h.db, [A, B])).toEqual([]);
    const n = (await h.db.execute(sql`SELECT count(*)::int AS n FROM rollups_daily_all`)) as {
      rows: { n: number }[];
    };
    expect(n.rows[0]!.n).toBe(3);
  });
});
