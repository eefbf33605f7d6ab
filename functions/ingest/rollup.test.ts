import { describe, expect, it } from "vitest";
import {
  addToHistogram,
  emptyHistogram,
  histogramBucket,
  histogramTotal,
} from "../../schema/timeseries/latency-histogram";
import { parseEntries } from "./records";
import { ALL_REGIONS, allRegionsDeltas, rollupDeltas } from "./rollup";
import { aRecord, asEntry } from "./testing";

const D = "00000000-0000-4000-8000-00000000000d";
const at = (iso: string, totalMs = 100, ok = true) =>
  aRecord({
    domainId: D,
    checkedAt: iso,
    ok,
    error: ok ? null : { code: "TIMEOUT", message: "timed out" },
    timings: { dnsMs: 1, connectMs: 2, tlsMs: 3, ttfbMs: 4, totalMs },
  });
const parse = (rs: ReturnType<typeof aRecord>[]) =>
  parseEntries(rs.map((r, i) => ({ id: `${i}-0`, fields: asEntry(r) })));

describe("parseEntries and rollupDeltas", () => {
  it("keeps a result repeated out of order once, and gives the records in key order", () => {
    const { records } = parse([
      at("2031-01-01T10:00:00Z"),
      at("2031-01-01T10:02:00Z"),
      at("2031-01-01T10:01:00Z"),
      at("2031-01-01T10:00:00Z"), // behind the latest, a repeat of the first
      at("2031-01-01T10:01:00Z"),
      aRecord({ domainId: D, region: "iad", checkedAt: "2031-01-01T10:00:00Z" }),
    ]);
    // probe_results' key order: domain, region, time
    expect(records.map((r) => `${r.region} ${r.ts.toISOString().slice(11, 16)}`)).toEqual([
      "ams 10:00",
      "ams 10:01",
      "ams 10:02",
      "iad 10:00",
    ]);
  });

  it("orders domains by id as the uuid column does, whatever the case they arrive in", () => {
    const ids = ["b0000000-0000-4000-8000-000000000000", "A0000000-0000-4000-8000-000000000000"];
    const { records } = parse([
      aRecord({ domainId: ids[0], region: "ams", checkedAt: "2031-01-01T10:00:00Z" }),
      aRecord({ domainId: ids[1], region: "iad", checkedAt: "2031-01-01T10:00:00Z" }),
      aRecord({ domainId: ids[1], region: "ams", checkedAt: "2031-01-01T10:00:00Z" }),
    ]);
    expect(records.map((r) => `${r.domainId.slice(0, 1)} ${r.region}`)).toEqual([
      "a ams",
      "a iad",
      "b ams",
    ]);
  });

  it("sums each series into its hour and day buckets in one pass, passing checks only in latency", () => {
    const { records } = parse([
      at("2031-01-01T23:10:00Z", 50),
      at("2031-01-02T00:10:00Z", 400),
      at("2031-01-01T23:20:00Z", 60, false),
      at("2031-01-01T23:30:00Z", 70),
      aRecord({ domainId: D, region: "iad", checkedAt: "2031-01-01T23:40:00Z" }),
    ]);
    const { hour, day } = rollupDeltas(records);
    const brief = (d: (typeof hour)[number]) => ({
      at: `${d.region} ${d.bucket.toISOString().slice(0, 13)}`,
      checks: d.checks,
      failures: d.failures,
      n: d.latencyCount,
      sum: d.latencySum,
      min: d.latencyMin,
      max: d.latencyMax,
      hist: histogramTotal(d.histogram),
    });
    const want = (ams: string, nextDay: string, iad: string) => [
      { at: ams, checks: 3, failures: 1, n: 2, sum: 120, min: 50, max: 70, hist: 2 },
      { at: nextDay, checks: 1, failures: 0, n: 1, sum: 400, min: 400, max: 400, hist: 1 },
      { at: iad, checks: 1, failures: 0, n: 1, sum: 12, min: 12, max: 12, hist: 1 },
    ];
    expect(hour.map(brief)).toEqual(
      want("ams 2031-01-01T23", "ams 2031-01-02T00", "iad 2031-01-01T23"),
    );
    expect(day.map(brief)).toEqual(
      want("ams 2031-01-01T00", "ams 2031-01-02T00", "iad 2031-01-01T00"),
    );
    const h = day[0]!.histogram;
    expect(h.offset).toBe(histogramBucket(50));
    expect(h.counts[0]).toBe(1);
    expect(h.counts[histogramBucket(70) - h.offset]).toBe(1);
  });

  it("adds a day's regions into one all-regions delta, failing-only regions included", () => {
    const { records } = parse([
      at("2031-01-01T10:00:00Z", 50),
      at("2031-01-01T11:00:00Z", 900),
      aRecord({ domainId: D, region: "iad", checkedAt: "2031-01-01T12:00:00Z" }),
      aRecord({
        domainId: D,
        region: "sin",
        checkedAt: "2031-01-01T12:00:00Z",
        ok: false,
        error: { code: "TIMEOUT", message: "timed out" },
      }),
      at("2031-01-02T10:00:00Z", 70),
    ]);
    const { day } = rollupDeltas(records);
    const before = day.map((d) => ({ ...d.histogram }));
    const all = allRegionsDeltas(day);
    expect(all.map((d) => [d.region, d.bucket.toISOString().slice(0, 10), d.checks])).toEqual([
      [ALL_REGIONS, "2031-01-01", 4],
      [ALL_REGIONS, "2031-01-02", 1],
    ]);
    expect(all[0]).toMatchObject({
      failures: 1,
      latencyCount: 3,
      latencySum: 50 + 900 + 12,
      latencyMin: 12,
      latencyMax: 900,
      dnsMsSum: 3,
      ttfbMsSum: 12,
    });
    const want = emptyHistogram();
    for (const ms of [12, 50, 900]) addToHistogram(want, ms);
    expect(all[0]!.histogram).toEqual(want);
    // the per-region deltas are still what their own tables get
    expect(day.map((d) => ({ ...d.histogram }))).toEqual(before);
  });
});
