import { replay } from "./replay/run";
import { TraceLine } from "./replay/trace";
import type { DomainSpec } from "./types";

/** Builders for traces in tests and benchmarks: small objects with overrides. */
export const T0 = Date.UTC(2026, 0, 1); // ms since epoch
export const MIN = 60_000;

/** A domain line; three regions, one-minute interval unless overridden. */
export function aDomain(over: Record<string, unknown> = {}): Record<string, unknown> {
  return { type: "domain", id: "d1", regions: ["ams", "iad", "sin"], intervalSeconds: 60, ...over };
}

/** A domain spec as the engine is configured with it; same defaults as `aDomain`. */
export function aSpec(over: Partial<DomainSpec> = {}): DomainSpec {
  return {
    id: "d1",
    regions: ["ams", "iad", "sin"],
    intervalMs: MIN,
    timeoutMs: 10_000,
    quorum: null,
    sslWarnDays: [30],
    maintenance: [],
    ...over,
  };
}

/** A passing result line unless overridden. */
export function aResult(over: Record<string, unknown> = {}): Record<string, unknown> {
  const base = {
    type: "result",
    t: T0,
    domain: "d1",
    region: "ams",
    ok: true,
    error: null,
    latencyMs: 120,
  };
  const merged: Record<string, unknown> = { ...base, ...over };
  if (merged.ok === false && over.error === undefined) merged.error = "TIMEOUT";
  return merged;
}

/** Options of `checks`: which regions check when, and what they see. */
export interface ChecksOptions {
  domain?: string;
  regions?: string[];
  intervalMs?: number;
  from?: number;
  to?: number;
  /** Offset of each region's check within the interval, ms; default spreads them. */
  phaseMs?: (region: string, index: number) => number;
  /** The error a check at time t sees from region, or null when it passes. */
  error?: (region: string, t: number) => string | null;
  tls?: (region: string, t: number) => Record<string, unknown> | null;
}

/** Periodic results of every region of a domain, in time order. */
export function checks(o: ChecksOptions = {}): Record<string, unknown>[] {
  const regions = o.regions ?? ["ams", "iad", "sin"];
  const interval = o.intervalMs ?? MIN;
  const from = o.from ?? T0;
  const to = o.to ?? from + 60 * MIN;
  const out: Record<string, unknown>[] = [];
  regions.forEach((region, i) => {
    const phase = o.phaseMs?.(region, i) ?? Math.floor((interval * (i + 1)) / (regions.length + 1));
    for (let t = from + phase; t < to; t += interval) {
      const error = o.error?.(region, t) ?? null;
      const line = aResult({ t, domain: o.domain ?? "d1", region, ok: error === null, error });
      const tls = o.tls?.(region, t);
      if (tls) line.tls = tls;
      out.push(line);
    }
  });
  return byTime(out);
}

/** Merges line lists by time (stable), as a trace must be ordered. */
export function byTime(...lists: Record<string, unknown>[][]): Record<string, unknown>[] {
  return lists.flat().sort((a, b) => Number(a.t ?? 0) - Number(b.t ?? 0));
}

/** Runs lines (domain lines first) through the replay and parses what it prints. */
export function run(lines: Record<string, unknown>[]): Record<string, unknown>[] {
  const trace = lines.map((l) => TraceLine.parse(l));
  return replay(trace).map((s) => JSON.parse(s) as Record<string, unknown>);
}

/** The types of notifications for one domain, in order. */
export function typesOf(out: Record<string, unknown>[], domain = "d1"): string[] {
  return out.filter((n) => n.domain === domain).map((n) => String(n.type));
}
