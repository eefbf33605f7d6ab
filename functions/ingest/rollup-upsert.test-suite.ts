import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import { expect, it } from "vitest";
import type { Database, DatabaseHandle } from "../../adapters/db/types";
import {
  addToHistogram,
  emptyHistogram,
  type Histogram,
  mergeHistogram,
} from "../../schema/timeseries/latency-histogram";
import { rng } from "../../test-support/rng";
import { parseEntries } from "./records";
import { rollupDeltas } from "./rollup";
import { sparseBuckets, upsertRollups } from "./rollup-upsert";
import { aRecord, asEntry } from "./testing";

/** A histogram of `n` latencies spread over 1–2,000 ms (n = 0 gives an empty one). */
function randomHistogram(r: () => number, n: number): Histogram {
  const h = emptyHistogram();
  const centre = 1 + r() * 1_000;
  for (let i = 0; i < n; i++) addToHistogram(h, centre * (0.5 + r() * r() * 3));
  return h;
}

const rowsOf = <T>(res: unknown) => (res as { rows: T[] }).rows;
const text = (h: Histogram) => `{${h.counts.join(",")}}`;

interface Stored {
  hist_offset: number;
  histogram: number[];
}

/** The roll-up histogram functions and upsertRollups, on one database. */
export function rollupUpsertContract(open: () => DatabaseHandle): void {
  it("dp_hist_add and dp_hist_merge give what the TypeScript merge gives, over ranges and gaps", async () => {
    const db = open();
    const r = rng(7);
    const cases = Array.from({ length: 300 }, (_, i) => ({
      a: randomHistogram(r, i % 7 === 0 ? 0 : Math.floor(r() * 200)),
      b: randomHistogram(r, i % 11 === 0 ? 0 : 1 + Math.floor(r() * 12)),
    }));
    const param = (f: (c: (typeof cases)[number]) => string | number) =>
      sql.param(`{${cases.map((c) => (typeof f(c) === "number" ? f(c) : `"${f(c)}"`)).join(",")}}`);
    const got = rowsOf<{ add_off: number; add: number[]; merge_off: number; merge: number[] }>(
      await db.db.execute(sql`
        SELECT dp_hist_add_offset(ao, a::int[], k::int[]) AS add_off,
          dp_hist_add(ao, a::int[], k::int[], c::int[]) AS add,
          dp_hist_offset(ao, a::int[], bo, b::int[]) AS merge_off,
          dp_hist_merge(ao, a::int[], bo, b::int[]) AS merge
        FROM unnest(${param((c) => c.a.offset)}::int[], ${param((c) => text(c.a))}::text[],
          ${param((c) => c.b.offset)}::int[], ${param((c) => text(c.b))}::text[],
          ${param((c) => sparseBuckets(c.b).keys)}::text[],
          ${param((c) => sparseBuckets(c.b).counts)}::text[]) WITH ORDINALITY
          AS u(ao, a, bo, b, k, c, n)
        ORDER BY n`),
    );
    expect(got).toHaveLength(cases.length);
    cases.forEach((c, i) => {
      const want = mergeHistogram({ offset: c.a.offset, counts: [...c.a.counts] }, c.b);
      const row = got[i]!;
      const asHist = (offset: number, counts: number[]) =>
        counts.length === 0 ? { offset: want.offset, counts } : { offset, counts };
      // the sparse add never stores a zero bucket at either end; the dense merge keeps b's range
      expect(asHist(row.add_off, row.add.map(Number))).toEqual(trim(want));
      expect(trim(asHist(row.merge_off, row.merge.map(Number)))).toEqual(trim(want));
    });
  });

  it("adds batches of deltas into stored rows exactly, inserting the rows not yet there", async () => {
    const db = open();
    const r = rng(11);
    const domains = Array.from({ length: 40 }, () => randomUUID());
    const t0 = Date.parse("2031-03-04T05:00:00Z");
    const all: ReturnType<typeof aRecord>[] = [];
    for (let batch = 0; batch < 4; batch++) {
      // each batch reaches a few more domains, so it both updates and inserts
      const records = domains.slice(0, 10 + batch * 10).flatMap((domainId, i) =>
        Array.from({ length: 1 + ((i + batch) % 3) }, (_, k) =>
          aRecord({
            domainId,
            checkedAt: new Date(t0 + batch * 60_000 + k * 1_000).toISOString(),
            ok: r() > 0.1,
            timings: { dnsMs: 1, connectMs: 2, tlsMs: 3, ttfbMs: 4, totalMs: 5 + r() * 900 },
          }),
        ),
      );
      for (const rec of records) if (!rec.ok) rec.error = { code: "TIMEOUT", message: "x" };
      all.push(...records);
      await upsertRollups(db.db, "hour", rollupDeltas(parsed(records)).hour);
    }
    const want = new Map(rollupDeltas(parsed(all)).hour.map((d) => [d.domainId, d]));
    const got = await storedHour(db.db, domains);
    expect(got.size).toBe(domains.length);
    for (const [domainId, row] of got) {
      const d = want.get(domainId)!;
      expect(row.checks).toBe(d.checks);
      expect(row.failures).toBe(d.failures);
      expect(row.latencyCount).toBe(d.latencyCount);
      expect(row.latencySum).toBeCloseTo(d.latencySum, 6);
      expect(row.latencyMin).toBeCloseTo(d.latencyMin!, 3);
      expect(row.latencyMax).toBeCloseTo(d.latencyMax!, 3);
      expect(trim(row.histogram)).toEqual(trim(d.histogram));
    }
  });
}

/** Drops zero buckets at both ends (their presence does not change a histogram's counts). */
function trim(h: Histogram): Histogram {
  let lo = 0;
  let hi = h.counts.length;
  while (lo < hi && h.counts[lo] === 0) lo++;
  while (hi > lo && h.counts[hi - 1] === 0) hi--;
  return lo === hi
    ? { offset: 0, counts: [] }
    : { offset: h.offset + lo, counts: h.counts.slice(lo, hi) };
}

/** The parsed records of `records`, as one stream read gives them. */
export const parsed = (records: ReturnType<typeof aRecord>[]) =>
  parseEntries(records.map((rec, i) => ({ id: `${i}-0`, fields: asEntry(rec) }))).records;

/** Each domain's one hourly row, as stored. */
export async function storedHour(db: Database, domains: readonly string[]) {
  const rows = rowsOf<
    Stored & {
      domain_id: string;
      checks: number;
      failures: number;
      latency_count: number;
      latency_sum: number;
      latency_min: number;
      latency_max: number;
    }
  >(
    await db.execute(sql`SELECT domain_id, checks, failures, latency_count, latency_sum,
      latency_min, latency_max, hist_offset, histogram FROM rollups_hourly
      WHERE domain_id = ANY(${sql.param(`{${domains.join(",")}}`)}::uuid[])`),
  );
  return new Map(
    rows.map((x) => [
      x.domain_id,
      {
        checks: x.checks,
        failures: x.failures,
        latencyCount: x.latency_count,
        latencySum: Number(x.latency_sum),
        latencyMin: Number(x.latency_min),
        latencyMax: Number(x.latency_max),
        histogram: { offset: x.hist_offset, counts: x.histogram.map(Number) },
      },
    ]),
  );
}
