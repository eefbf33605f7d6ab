import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import type { Database } from "../../adapters/db/types";
import type { ProbeResultRecord } from "../../schema/wire/probe-result";
import { RECORD_FIELD } from "./records";

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

/** The stream entry fields the probe's emitter writes for a record. */
export const asEntry = (r: ProbeResultRecord) => ({ [RECORD_FIELD]: JSON.stringify(r) });

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
  return { raw, hourly: await rollup("rollups_hourly"), daily: await rollup("rollups_daily") };
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
