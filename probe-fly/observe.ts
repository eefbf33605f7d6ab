import type { Observation, ObservedTls, ProbeResult } from "../schema/wire";

const DAY_MS = 86_400_000;

/** What the probe remembers of a domain's last result, to tell news from repetition. */
export interface DomainMemory {
  lastOk: boolean;
  fingerprint: string | null;
  /** Whole days to the chain's earliest expiry, or null without TLS. */
  expiryDays: number | null;
}

/** Whole days from `completedAt` (ms) to the served chain's earliest expiry. */
function expiryDays(result: ProbeResult, completedAt: number): number | null {
  return result.tls
    ? Math.floor((Date.parse(result.tls.earliestValidTo) - completedAt) / DAY_MS)
    : null;
}

/**
 * Which results consensus must hear about (the Observation contract): every failure and
 * recheck, the first result of a domain (consensus learns the region's vote and the
 * certificate), a recovery, a changed certificate, and a certificate one day nearer its expiry
 * (so warning thresholds are crossed at most a day late, with one message a day per region).
 */
export function isNews(
  prev: DomainMemory | undefined,
  result: ProbeResult,
  confirm: boolean,
  completedAt: number,
): boolean {
  if (confirm || !result.ok || prev === undefined) return true;
  if (!prev.lastOk) return true; // a recovery
  const fp = result.tls?.fingerprint256 ?? null;
  if (fp !== prev.fingerprint) return true;
  return expiryDays(result, completedAt) !== prev.expiryDays;
}

/** The memory to keep after `result`. */
export function remember(result: ProbeResult, completedAt: number): DomainMemory {
  return {
    lastOk: result.ok,
    fingerprint: result.tls?.fingerprint256 ?? null,
    expiryDays: expiryDays(result, completedAt),
  };
}

/**
 * The certificate facts for consensus. `daysToExpiry` counts to the served chain's earliest
 * expiry, so an intermediate about to lapse warns like a leaf about to lapse.
 */
export function observedTls(result: ProbeResult, completedAt: number): ObservedTls | null {
  const tls = result.tls;
  if (!tls) return null;
  const code = result.error?.code;
  return {
    daysToExpiry: expiryDays(result, completedAt)!,
    fingerprint256: tls.fingerprint256,
    authorized: tls.authorized && tls.hostnameMatches,
    error: code?.startsWith("TLS_") ? code : null,
  };
}

/** Builds the Observation for one result; `completedAt` is ms since epoch. */
export function toObservation(
  result: ProbeResult,
  ctx: { domainId: string; configVersion: number; confirm: boolean; completedAt: number },
): Observation {
  return {
    domainId: ctx.domainId,
    region: result.region,
    t: Math.round(ctx.completedAt),
    ok: result.ok,
    error: result.error?.code ?? null,
    latencyMs: result.timings.totalMs,
    tls: observedTls(result, ctx.completedAt),
    confirm: ctx.confirm,
    configVersion: ctx.configVersion,
  };
}
