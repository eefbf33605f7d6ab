import { sql } from "drizzle-orm";
import type { Database } from "../../adapters/db/types";
import type { IngestRecord } from "./records";

interface Seen {
  domainId: string;
  region: string;
  observedAt: Date;
  lastSeen: Date;
  tls: NonNullable<IngestRecord["tls"]>;
}

const rowsOf = (r: unknown) => (r as { rows: Record<string, unknown>[] }).rows;

/**
 * Keeps cert_observations to one row per certificate a region saw in a row: a new row when the
 * fingerprint differs from that region's latest, otherwise that row's last_seen moves forward.
 * Replays are harmless: last_seen only grows.
 */
export async function recordCertificates(
  db: Database,
  records: readonly IngestRecord[],
): Promise<number> {
  const withTls = records
    .filter((r) => r.tls !== null)
    .sort((a, b) => a.ts.getTime() - b.ts.getTime());
  if (withTls.length === 0) return 0;
  const pairs = new Map<string, { domainId: string; region: string }>();
  for (const r of withTls) pairs.set(`${r.domainId}|${r.region}`, r);
  const latest = await db.execute(sql`
    SELECT DISTINCT ON (c.domain_id, c.region) c.domain_id, c.region, c.observed_at, c.fingerprint256
    FROM cert_observations c
    JOIN unnest(${sql.param([...pairs.values()].map((p) => p.domainId))}::uuid[],
      ${sql.param([...pairs.values()].map((p) => p.region))}::text[]) AS u(domain_id, region)
      ON c.domain_id = u.domain_id AND c.region = u.region
    ORDER BY c.domain_id, c.region, c.observed_at DESC`);
  const current = new Map<string, Seen | { fingerprint: string; observedAt: Date }>();
  for (const row of rowsOf(latest)) {
    current.set(`${row.domain_id}|${row.region}`, {
      fingerprint: String(row.fingerprint256),
      observedAt: new Date(row.observed_at as string),
    });
  }
  const out: Seen[] = [];
  for (const r of withTls) {
    const key = `${r.domainId}|${r.region}`;
    const tls = r.tls!;
    const cur = current.get(key);
    const curFp = cur && ("tls" in cur ? cur.tls.fingerprint256 : cur.fingerprint);
    const same = cur !== undefined && curFp === tls.fingerprint256;
    if (same && "tls" in cur) {
      cur.lastSeen = r.ts;
      continue;
    }
    // the stored certificate seen again (its last_seen moves), or a new one
    const observedAt = same ? cur.observedAt : r.ts;
    const s = { domainId: r.domainId, region: r.region, observedAt, lastSeen: r.ts, tls };
    current.set(key, s);
    out.push(s);
  }
  const col = <T>(f: (s: Seen) => T) => sql.param(out.map(f));
  await db.execute(sql`
    INSERT INTO cert_observations AS c (domain_id, region, observed_at, fingerprint256, subject,
      issuer, valid_from, valid_to, earliest_valid_to, authorized, error_code, last_seen)
    SELECT * FROM unnest(${col((s) => s.domainId)}::uuid[], ${col((s) => s.region)}::text[],
      ${col((s) => s.observedAt.toISOString())}::timestamptz[],
      ${col((s) => s.tls.fingerprint256)}::text[], ${col((s) => s.tls.subject)}::text[],
      ${col((s) => s.tls.issuer)}::text[], ${col((s) => s.tls.validFrom)}::timestamptz[],
      ${col((s) => s.tls.validTo)}::timestamptz[],
      ${col((s) => s.tls.earliestValidTo)}::timestamptz[],
      ${col((s) => s.tls.authorized)}::boolean[],
      ${col((s) => s.tls.authorizationError)}::text[],
      ${col((s) => s.lastSeen.toISOString())}::timestamptz[])
    ON CONFLICT (domain_id, region, observed_at) DO UPDATE
      SET last_seen = greatest(c.last_seen, excluded.last_seen)`);
  return out.length;
}
