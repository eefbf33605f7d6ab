import { describe, expect, it } from "vitest";
import { emptyHistogram, mergeHistogram } from "../../../schema/timeseries/latency-histogram";
import { rollupsDaily } from "../../../schema/timeseries/rollups-daily";
import { rollupsDailyAll } from "../../../schema/timeseries/rollups-daily-all";
import { rollupsHourly } from "../../../schema/timeseries/rollups-hourly";
import { usePglite } from "../../../test-support/pglite";
import { readRollups } from "./read-rollups";

const DOMAIN = "00000000-0000-4000-8000-000000000001";
const DAY = Date.parse("2031-03-01T00:00:00Z");
const aRow = (region: string, histOffset: number, histogram: number[], bucket = DAY) => ({
  bucket: new Date(bucket),
  domainId: DOMAIN,
  region,
  checks: 10,
  failures: 1,
  latencyCount: histogram.reduce((s, c) => s + c, 0),
  latencySum: 12.25,
  dnsMsSum: 1.5,
  connectMsSum: 2,
  tlsMsSum: 3,
  ttfbMsSum: 4.125,
  histOffset,
  histogram,
});

const h = usePglite("timeseries");

describe("readRollups", () => {
  it("adds a bucket's regions together, histograms merged across offsets and gaps", async () => {
    // hour buckets (and day buckets of one region) read the per-region rows
    const rows = [
      aRow("ams", 100, [3, 0, 12, 7]),
      aRow("iad", 95, [1, 2]), // below ams, with a gap up to it
      aRow("sin", 130, [5, 0, 0, 123456]), // above, with a gap; a count of several digits
      aRow("fra", 0, []), // no passing check
      aRow("ams", 101, [9], DAY + 86_400_000),
      aRow("ams", 101, [9], DAY + 2 * 86_400_000), // outside [from, to)
    ];
    await h.db.insert(rollupsHourly).values(rows);
    await h.db.insert(rollupsDaily).values(rows);
    const got = await readRollups(h.db, {
      domainId: DOMAIN,
      fromMs: DAY,
      toMs: DAY + 2 * 86_400_000,
      granularity: "hour",
    });
    const want = emptyHistogram();
    for (const r of rows.slice(0, 4)) {
      mergeHistogram(want, { offset: r.histOffset, counts: r.histogram });
    }
    const first = got.find((r) => r.bucket.getTime() === DAY)!;
    expect(got).toHaveLength(2);
    expect({ offset: first.histOffset, counts: first.histogram }).toEqual(want);
    expect(first).toMatchObject({
      checks: 40,
      failures: 4,
      latencyCount: 3 + 12 + 7 + 1 + 2 + 5 + 123456,
      latencySum: 49,
      dnsMsSum: 6,
      connectMsSum: 8,
      tlsMsSum: 12,
      ttfbMsSum: 16.5,
    });
    const second = got.find((r) => r.bucket.getTime() === DAY + 86_400_000)!;
    expect({ offset: second.histOffset, counts: second.histogram }).toEqual({
      offset: 101,
      counts: [9],
    });
    const iad = await readRollups(h.db, {
      domainId: DOMAIN,
      fromMs: DAY,
      toMs: DAY + 86_400_000,
      granularity: "day",
      region: "iad",
    });
    expect(iad.map((r) => [r.checks, r.histOffset, r.histogram])).toEqual([[10, 95, [1, 2]]]);
  });

  it("reads day buckets over every region from the all-regions rows alone", async () => {
    const { region: _, ...all } = aRow("ams", 100, [3, 0, 12]);
    await h.db.insert(rollupsDailyAll).values([{ ...all, checks: 30 }]);
    // per-region rows that disagree: the all-regions answer does not read them
    await h.db.insert(rollupsDaily).values([aRow("ams", 90, [1]), aRow("iad", 90, [1])]);
    const day = { domainId: DOMAIN, fromMs: DAY, toMs: DAY + 86_400_000 } as const;
    const got = await readRollups(h.db, { ...day, granularity: "day" });
    expect(got.map((r) => [r.checks, r.histOffset, r.histogram, r.latencyCount])).toEqual([
      [30, 100, [3, 0, 12], 15],
    ]);
    const ams = await readRollups(h.db, { ...day, granularity: "day", region: "ams" });
    expect(ams.map((r) => [r.checks, r.histOffset, r.histogram])).toEqual([[10, 90, [1]]]);
  });
});
