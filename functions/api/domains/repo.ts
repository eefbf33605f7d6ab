import { and, asc, eq, getTableColumns, inArray } from "drizzle-orm";
import type { Database } from "../../../adapters/db/types";
import { alertChannels } from "../../../schema/control/alert-channels";
import { domainChannels } from "../../../schema/control/domain-channels";
import { type Domain, domains } from "../../../schema/control/domains";
import { ApiError } from "../errors";
import { beyond, type Cursor, positionOf } from "../pagination";
import type { DomainOut } from "./schemas";

/** A transaction or the database: both run queries. */
export type Queryable = Pick<Database, "select" | "insert" | "update" | "delete" | "execute">;

/** One of the organization's domains, or null (another organization's is null too). */
export async function findDomain(db: Queryable, orgId: string, id: string, lock = false) {
  const q = db
    .select()
    .from(domains)
    .where(and(eq(domains.id, id), eq(domains.orgId, orgId)));
  const [row] = await (lock ? q.for("update") : q);
  return row ?? null;
}

/** A page of the organization's domains in creation order, with each row's cursor position. */
export async function listDomainRows(db: Queryable, orgId: string, limit: number, after?: Cursor) {
  const where = after
    ? and(eq(domains.orgId, orgId), beyond(domains.createdAt, domains.id, after, "asc"))
    : eq(domains.orgId, orgId);
  return db
    .select({ ...getTableColumns(domains), at: positionOf(domains.createdAt) })
    .from(domains)
    .where(where)
    .orderBy(asc(domains.createdAt), asc(domains.id))
    .limit(limit);
}

/** Channel ids of each domain. */
export async function channelIdsOf(db: Queryable, ids: string[]): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>(ids.map((id) => [id, []]));
  if (ids.length === 0) return out;
  const rows = await db
    .select()
    .from(domainChannels)
    .where(inArray(domainChannels.domainId, ids))
    .orderBy(asc(domainChannels.channelId));
  for (const r of rows) out.get(r.domainId)?.push(r.channelId);
  return out;
}

/** Replaces a domain's channels, refusing ids that are not this organization's channels. */
export async function setChannels(
  db: Queryable,
  orgId: string,
  domainId: string,
  channelIds: string[],
): Promise<void> {
  if (channelIds.length > 0) {
    const found = await db
      .select({ id: alertChannels.id })
      .from(alertChannels)
      .where(and(eq(alertChannels.orgId, orgId), inArray(alertChannels.id, channelIds)));
    const known = new Set(found.map((f) => f.id));
    const missing = channelIds.find((id) => !known.has(id));
    if (missing) {
      throw new ApiError(
        "unprocessable",
        `no channel ${missing} in this organization`,
        "channelIds",
      );
    }
  }
  await db.delete(domainChannels).where(eq(domainChannels.domainId, domainId));
  if (channelIds.length > 0) {
    await db
      .insert(domainChannels)
      .values(channelIds.map((channelId) => ({ domainId, channelId })));
  }
}

/** A row as the API answers it. */
export function domainOut(row: Domain, channelIds: string[]): DomainOut {
  return {
    id: row.id,
    url: row.url,
    name: row.name,
    regions: row.regions,
    intervalSeconds: row.intervalSeconds,
    timeoutMs: row.timeoutMs,
    quorum: row.quorum,
    method: row.method,
    expectStatus: row.expectStatus,
    keyword: row.keyword,
    maxRedirects: row.maxRedirects,
    sslWarnDays: row.sslWarnDays,
    paused: row.paused,
    channelIds,
    configVersion: row.configVersion,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}
