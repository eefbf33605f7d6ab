import type { Observation, ObservedTls, ProbeResult } from "../schema/wire";

const DAY_MS = 86_400_000;

/** What the probe remembers of a domain's last result, to tell news from repetition. */
export interface DomainMemory {
  lastOk: boolean;
  fingerprint: string | null;
}

/** Which results consensus must hear about (the Observation contract). */
export function isNews(
  prev: DomainMemory | undefined,
  result: ProbeResult,
  confirm: boolean,
): boolean {
  if (confirm || !result.ok) return true;
  if (prev && !prev.lastOk) return true; // a recovery
  const fp = result.tls?.fingerprint256 ?? null;
  return prev !== undefined && fp !== null && prev.fingerprint !== null && fp !== prev.fingerprint;
}

/** The memory to keep after `result`. */
export function remember(result: ProbeResult): DomainMemory {
  return { lastOk: result.ok, fingerprint: result.tls?.fingerprint256 ?? null };
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
    daysToExpiry: Math.floor((Date.parse(tls.earliestValidTo) - completedAt) / DAY_MS),
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
