import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import type { Database } from "../../adapters/db/types";
import {
  emptyHistogram,
  type Histogram,
  mergeHistogram,
} from "../../schema/timeseries/latency-histogram";
import type { ProbeResultRecord } from "../../schema/wire/probe-result";
import { RECORDS_FIELD, resultsEntry } from "../../schema/wire/results-stream";

/** A passing record of one check; override what the test is about. */
export function aRecord(over: Partial<ProbeResultRecord> = {}): ProbeResultRecord {
  return {
    url: "https://a.example/",
    region: "ams",
    ok: true,
    checkedAt: "2026-11-24T10:00:00.000Z",
    error: null,
    httpStatus: 200,
    timings: { dnsMs: 1, connectMs: 2, tlsMs: 3, ttfbMs: 4, totalMs: 12 },
    tls: null,
    domainId: randomUUID(),
    configVersion: 1,
    ...over,
  };
}

/** The stream entry the probe's emitter writes for a flush of these records (or of one). */
export const asEntry = (r: ProbeResultRecord | readonly ProbeResultRecord[]) =>
  resultsEntry(Array.isArray(r) ? r : [r]);

/** The entry an earlier probe wrote for a flush: a JSON array of records in `records`. */
export const asRecordsEntry = (records: readonly unknown[]) => ({
  [RECORDS_FIELD]: JSON.stringify(records),
});

/**
 * `n` records of `domains` over ~2 hours from `startMs`, every region, one in seven failing,
 * latencies spread over two orders of magnitude: what the exactness tests sum by hand.
 */
export function recordsOf(
  domains: readonly string[],
  regions: readonly string[],
  n: number,
  startMs: number,
): ProbeResultRecord[] {
  return Array.from({ length: n }, (_, i) => {
    const ok = i % 7 !== 3;
    const totalMs = 5 + ((i * 37) % 900) + (i % 10) / 8;
    return aRecord({
      domainId: domains[i % domains.length]!,
      region: regions[Math.floor(i / domains.length) % regions.length]!,
      checkedAt: new Date(startMs + i * 11_000).toISOString(),
      ok,
      error: ok ? null : { code: "TIMEOUT", message: "timed out" },
      httpStatus: ok ? 200 : null,
      timings: { dnsMs: 1.5, connectMs: 2.5, tlsMs: 3.5, ttfbMs: totalMs / 2, totalMs },
    });
  });
}

const rowsOf = <T>(r: unknown) => (r as { rows: T[] }).rows;

/** Totals of the raw rows and both roll-up tables for some domains, to compare exactly. */
export async function totals(db: Database, domains: readonly string[]) {
  const ids = sql.param([...domains]);
  const raw = rowsOf<{ n: number; keys: number }>(
    await db.execute(sql`SELECT count(*)::int AS n,
      count(DISTINCT (domain_id, region, ts))::int AS keys
      FROM probe_results WHERE domain_id = ANY(${ids}::uuid[])`),
  )[0]!;
  const rollup = async (table: string) =>
    rowsOf<{ checks: number; failures: number; lc: number; ls: number; hist: number }>(
      await db.execute(sql`SELECT coalesce(sum(checks), 0)::int AS checks,
        coalesce(sum(failures), 0)::int AS failures, coalesce(sum(latency_count), 0)::int AS lc,
        coalesce(sum(latency_sum), 0)::float8 AS ls,
        coalesce(sum((SELECT sum(x) FROM unnest(histogram) x)), 0)::int AS hist
        FROM ${sql.identifier(table)} WHERE domain_id = ANY(${ids}::uuid[])`),
    )[0]!;
  return {
    raw,
    hourly: await rollup("rollups_hourly"),
    daily: await rollup("rollups_daily"),
    dailyAll: await rollup("rollups_daily_all"),
  };
}

interface DailyRow {
  domain_id: string;
  day: string;
  checks: number;
  failures: number;
  latency_count: number;
  latency_sum: number;
  latency_min: number | null;
  latency_max: number | null;
  phases: number;
  hist_offset: number;
  histogram: number[];
}

const dailyRows = async (db: Database, table: string, ids: readonly string[]) =>
  rowsOf<DailyRow>(
    await db.execute(sql`SELECT domain_id, to_char(bucket AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS day,
      checks, failures, latency_count, latency_sum, latency_min, latency_max,
      dns_ms_sum + connect_ms_sum + tls_ms_sum + ttfb_ms_sum AS phases, hist_offset, histogram
      FROM ${sql.identifier(table)} WHERE domain_id = ANY(${sql.param([...ids])}::uuid[])
      ORDER BY domain_id, bucket`),
  );

/**
 * How rollups_daily_all differs from the per-region rollups_daily rows added up here (merged
 * with mergeHistogram): one line per difference, none when ingest kept the sum exact.
 */
export async function allRegionsDrift(db: Database, domains: readonly string[]) {
  const want = new Map<string, DailyRow & { h: Histogram }>();
  for (const r of await dailyRows(db, "rollups_daily", domains)) {
    const key = `${r.domain_id} ${r.day}`;
    const h = { offset: r.hist_offset, counts: r.histogram };
    const m = want.get(key);
    if (!m) {
      want.set(key, { ...r, h: mergeHistogram(emptyHistogram(), h) });
      continue;
    }
    m.checks += r.checks;
    m.failures += r.failures;
    m.latency_count += r.latency_count;
    m.latency_sum += r.latency_sum;
    m.phases += r.phases;
    if (r.latency_min !== null) m.latency_min = Math.min(m.latency_min ?? Infinity, r.latency_min);
    if (r.latency_max !== null) m.latency_max = Math.max(m.latency_max ?? -Infinity, r.latency_max);
    mergeHistogram(m.h, h);
  }
  const drift: string[] = [];
  const got = await dailyRows(db, "rollups_daily_all", domains);
  for (const r of got) {
    const key = `${r.domain_id} ${r.day}`;
    const w = want.get(key);
    if (!w) {
      drift.push(`${key}: no per-region rows`);
      continue;
    }
    const same =
      r.checks === w.checks &&
      r.failures === w.failures &&
      r.latency_count === w.latency_count &&
      Math.abs(r.latency_sum - w.latency_sum) < 1e-6 &&
      Math.abs(r.phases - w.phases) < 1e-6 &&
      r.latency_min === w.latency_min &&
      r.latency_max === w.latency_max &&
      (w.h.counts.length === 0 ? r.histogram.length === 0 : r.hist_offset === w.h.offset) &&
      r.histogram.join() === w.h.counts.join();
    if (!same) drift.push(`${key}: ${JSON.stringify(r)} is not the sum ${JSON.stringify(w)}`);
  }
  if (got.length !== want.size) drift.push(`${got.length} all-regions rows for ${want.size} days`);
  return drift;
}

/** What the totals must be for some records, summed by hand. */
export function expectedTotals(records: readonly ProbeResultRecord[]) {
  const passing = records.filter((r) => r.ok);
  return {
    checks: records.length,
    failures: records.length - passing.length,
    lc: passing.length,
    ls: passing.reduce((s, r) => s + r.timings.totalMs, 0),
  };
}
