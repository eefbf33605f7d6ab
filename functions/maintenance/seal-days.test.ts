import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { rowsOf } from "../../adapters/db/rows";
import { addToHistogram, emptyHistogram } from "../../schema/timeseries/latency-histogram";
import { usePglite } from "../../test-support/pglite";
import { uptimeBuckets } from "../api/uptime/buckets";
import { readRollups } from "../api/uptime/read-rollups";
import type { RollupDelta } from "../ingest/rollup";
import { upsertRollups } from "../ingest/rollup-upsert";
import { sealClosedDays } from "./seal-days";

const DAY = 86_400_000;
const TODAY = Date.parse("2031-05-20T00:00:00Z");
const NOW = TODAY + 9 * 3_600_000;
const A = "00000000-0000-4000-8000-00000000000a";
const B = "00000000-0000-4000-8000-00000000000b";

/** What one ingest batch adds to one domain's day: `latencies` passing checks, `failures` failing. */
function delta(domainId: string, dayMs: number, latencies: number[], failures = 0): RollupDelta {
  const histogram = emptyHistogram();
  for (const ms of latencies) addToHistogram(histogram, ms);
  return {
    bucket: new Date(dayMs),
    domainId,
    region: "*",
    checks: latencies.length + failures,
    failures,
    latencyCount: latencies.length,
    latencySum: latencies.reduce((s, x) => s + x, 0),
    latencyMin: latencies.length ? Math.min(...latencies) : null,
    latencyMax: latencies.length ? Math.max(...latencies) : null,
    // phases in fractions of a millisecond, as probes measure them: long floats to round
    dnsMsSum: latencies.reduce((s, x) => s + x * 0.0123, 0),
    connectMsSum: latencies.reduce((s, x) => s + x * 0.0317, 0),
    tlsMsSum: latencies.reduce((s, x) => s + x * 0.0711, 0),
    ttfbMsSum: latencies.reduce((s, x) => s + x * 0.6131, 0),
    histogram,
  };
}

/** A spread of latencies: a log-normal-ish body with a slow tail, different per seed. */
const spread = (n: number, seed: number) =>
  Array.from(
    { length: n },
    (_, i) => 40 + ((i * 7919 + seed * 104729) % 300) + (i % 50 === 0 ? 2_000 : 0),
  );

const h = usePglite("timeseries");

const yearGraph = async (domainId: string) => {
  const q = { domainId, fromMs: TODAY - 10 * DAY, toMs: TODAY + DAY, granularity: "day" as const };
  const rows = await readRollups(h.db, q);
  return { rows, buckets: uptimeBuckets(rows, q.fromMs, q.toMs, "day") };
};

const sealedState = async () =>
  rowsOf<{ day: string; sealed: boolean }>(
    await h.db.execute(sql`SELECT to_char(bucket AT TIME ZONE 'UTC', 'MM-DD') AS day,
        sealed_checks IS NOT DISTINCT FROM checks AS sealed
      FROM rollups_daily_all WHERE domain_id = ${A} ORDER BY bucket`),
  );

describe("sealing closed days' percentiles and mean phases", () => {
  it("answers the same graph from sealed rows as from their histograms, and sends no histogram for them", async () => {
    const days = [TODAY - 9 * DAY, TODAY - 2 * DAY, TODAY - DAY, TODAY];
    await upsertRollups(
      h.db,
      "dayAllRegions",
      days.flatMap((d, k) => [delta(A, d, spread(500, k), k), delta(B, d, spread(300, k + 7))]),
    );
    // a day of nothing but failures has no percentiles to seal, and is sealed all the same
    await upsertRollups(h.db, "dayAllRegions", [delta(A, TODAY - 3 * DAY, [], 12)]);
    const before = await yearGraph(A);
    expect(before.rows.every((r) => r.sealed === undefined)).toBe(true);

    const report = await sealClosedDays(h.db, NOW);
    // the closed days of the last week for both domains (the 9-day-old row is outside it); not today
    expect(report.sealed).toBe(2 * 2 + 1);
    expect(await sealedState()).toEqual([
      { day: "05-11", sealed: false },
      { day: "05-17", sealed: true },
      { day: "05-18", sealed: true },
      { day: "05-19", sealed: true },
      { day: "05-20", sealed: false },
    ]);
    const after = await yearGraph(A);
    expect(after.buckets).toEqual(before.buckets);
    const sealedRows = after.rows.filter((r) => r.sealed !== undefined);
    expect(sealedRows.map((r) => r.bucket.getTime()).sort()).toEqual(
      [TODAY - 3 * DAY, TODAY - 2 * DAY, TODAY - DAY].sort(),
    );
    expect(sealedRows.every((r) => r.histogram.length === 0)).toBe(true);
    expect(after.buckets.find((b) => b.start.startsWith("2031-05-19"))!.p99Ms).toBeGreaterThan(
      1_900,
    );

    // nothing left to seal; a longer window reaches the old row
    expect((await sealClosedDays(h.db, NOW)).sealed).toBe(0);
    expect((await sealClosedDays(h.db, NOW, 30)).sealed).toBe(2);
    expect((await yearGraph(A)).buckets).toEqual(before.buckets);
  });

  it("lets a late result reopen its day: the graph follows the histogram until the day is sealed again", async () => {
    const fast = Array.from({ length: 200 }, (_, i) => 50 + (i % 100));
    await upsertRollups(h.db, "dayAllRegions", [delta(A, TODAY - DAY, fast)]);
    await sealClosedDays(h.db, NOW);
    const sealed = await yearGraph(A);
    const day = (g: typeof sealed) => g.buckets.find((b) => b.start.startsWith("2031-05-19"))!;
    expect(day(sealed).p99Ms).toBeLessThan(400);

    // late, slow results for yesterday: a new maximum the stale seal would hide
    await upsertRollups(h.db, "dayAllRegions", [delta(A, TODAY - DAY, Array(20).fill(5_000))]);
    const reopened = await yearGraph(A);
    expect(reopened.rows.find((r) => r.bucket.getTime() === TODAY - DAY)!.sealed).toBeUndefined();
    expect(day(reopened).checks).toBe(220);
    expect(day(reopened).p99Ms).toBeGreaterThan(4_900);

    expect((await sealClosedDays(h.db, NOW)).sealed).toBe(1);
    const resealed = await yearGraph(A);
    expect(resealed.rows.find((r) => r.bucket.getTime() === TODAY - DAY)!.sealed).toBeDefined();
    expect(resealed.buckets).toEqual(reopened.buckets);
  });

  it("pages through more rows than one statement reads", async () => {
    const many = Array.from({ length: 5_200 }, (_, i) =>
      delta(`00000000-0000-4000-8000-${String(i).padStart(12, "0")}`, TODAY - DAY, [50 + (i % 90)]),
    );
    await upsertRollups(h.db, "dayAllRegions", many);
    expect((await sealClosedDays(h.db, NOW)).sealed).toBe(5_200);
    const left = rowsOf<{ n: number }>(
      await h.db.execute(
        sql`SELECT count(*)::int AS n FROM rollups_daily_all WHERE sealed_checks IS DISTINCT FROM checks`,
      ),
    );
    expect(left[0]!.n).toBe(0);
  });
});
