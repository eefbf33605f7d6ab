import type { TlsFacts } from "./types";

/** What the SSL rules remember per domain. */
export interface SslState {
  /** Fingerprint → thresholds already announced (newest certificates last, a few kept). */
  expiring: [string, number[]][];
  /** Fingerprint → when `ssl.invalid` last went out. */
  invalidSentAt: [string, number][];
  /** Invalid certificates seen from too few regions: possible interception, recorded only. */
  suspicious: { t: number; region: string; fingerprint256: string; error: string | null }[];
}

const KEEP = 8; // certificates remembered per domain; rotations push old ones out

/** Nothing sent, nothing recorded. */
export function initialSsl(): SslState {
  return { expiring: [], invalidSentAt: [], suspicious: [] };
}

/** A certificate a client would accept. */
export function isValid(tls: TlsFacts): boolean {
  return tls.authorized && tls.error === null && tls.daysToExpiry >= 0;
}

/**
 * The tightest warning threshold this valid certificate has newly crossed, or null.
 * Crossing several at once (first sight at 12 days) yields one notice, for the tightest.
 */
export function expiringThreshold(
  ssl: SslState,
  tls: TlsFacts,
  warnDays: number[],
): { threshold: number; crossed: number[] } | null {
  if (!isValid(tls)) return null;
  const crossed = warnDays.filter((d) => tls.daysToExpiry <= d);
  if (crossed.length === 0) return null;
  const sent = ssl.expiring.find(([fp]) => fp === tls.fingerprint256)?.[1] ?? [];
  const fresh = crossed.filter((d) => !sent.includes(d));
  if (fresh.length === 0) return null;
  return { threshold: Math.min(...fresh), crossed };
}

/** Remembers that the thresholds of a certificate were announced. */
export function markExpiring(ssl: SslState, fingerprint: string, crossed: number[]): void {
  const rest = ssl.expiring.filter(([fp]) => fp !== fingerprint);
  const prev = ssl.expiring.find(([fp]) => fp === fingerprint)?.[1] ?? [];
  const all = [...new Set([...prev, ...crossed])].sort((a, b) => b - a);
  ssl.expiring = [...rest, [fingerprint, all] as [string, number[]]].slice(-KEEP);
}

/**
 * Invalid certificates seen by at least `quorum` regions, by fingerprint (one region's
 * interception shows a fingerprint the others do not see). Sorted by fingerprint.
 */
export function invalidByQuorum(
  latest: { region: string; tls: TlsFacts; streak: number }[],
  quorum: number,
): { fingerprint256: string; regions: string[]; error: string | null }[] {
  const groups = new Map<string, { regions: string[]; error: string | null; streak: number }>();
  for (const { region, tls, streak } of latest) {
    if (isValid(tls)) continue;
    const g = groups.get(tls.fingerprint256) ?? { regions: [], error: tls.error, streak };
    g.regions.push(region);
    g.streak = Math.max(g.streak, streak);
    groups.set(tls.fingerprint256, g);
  }
  return [...groups]
    .filter(([, g]) => g.regions.length >= quorum && (quorum > 1 || g.streak >= 2))
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([fingerprint256, g]) => ({ fingerprint256, regions: g.regions.sort(), error: g.error }));
}

/** Whether `ssl.invalid` may go out again for this certificate (once a day). */
export function invalidDue(ssl: SslState, fingerprint: string, now: number, repeatMs: number) {
  const last = ssl.invalidSentAt.find(([fp]) => fp === fingerprint)?.[1];
  return last === undefined || now - last >= repeatMs;
}

/** Remembers when `ssl.invalid` went out for a certificate. */
export function markInvalid(ssl: SslState, fingerprint: string, now: number): void {
  const rest = ssl.invalidSentAt.filter(([fp]) => fp !== fingerprint);
  ssl.invalidSentAt = [...rest, [fingerprint, now] as [string, number]].slice(-KEEP);
}

/** Records a lone region's invalid certificate (kept short: the latest few). */
export function recordSuspicious(ssl: SslState, entry: SslState["suspicious"][number]): void {
  const seen = ssl.suspicious.some(
    (s) => s.region === entry.region && s.fingerprint256 === entry.fingerprint256,
  );
  if (!seen) ssl.suspicious = [...ssl.suspicious, entry].slice(-KEEP);
}
