import { and, count, eq, sql } from "drizzle-orm";
import { domains } from "../../../schema/control/domains";
import { organizations } from "../../../schema/control/organizations";
import type { AuthInfo } from "../auth";
import type { ApiDeps } from "../deps";
import { ApiError } from "../errors";
import { type Cursor, pageOf } from "../pagination";
import { planLimits } from "../plans";
import { publishDomain } from "../publish";
import {
  channelIdsOf,
  domainOut,
  findDomain,
  listDomainRows,
  type Queryable,
  setChannels,
} from "./repo";
import { checkSettings, type DomainSettings, settingsForCreate } from "./rules";
import type { CreateDomainBody, DomainOut, PatchDomainBody } from "./schemas";

type Deps = Pick<ApiDeps, "db" | "broadcast" | "log" | "config">;

const notFound = (id: string) => new ApiError("not_found", `no domain ${id}`, "id");

async function answer(db: Queryable, row: Parameters<typeof domainOut>[0]): Promise<DomainOut> {
  const channels = await channelIdsOf(db, [row.id]);
  return domainOut(row, channels.get(row.id) ?? []);
}

/** Creates a domain within the plan, commits, then pushes its config to every region. */
export async function createDomain(deps: Deps, auth: AuthInfo, body: CreateDomainBody) {
  const limits = planLimits(auth.plan, deps.config);
  const settings = settingsForCreate(body, limits, deps.config);
  checkSettings(settings, limits, auth.plan, deps.config.minIntervalSeconds);
  const row = await deps.db.transaction(async (tx) => {
    // one writer per organization at a time, so two creates cannot both pass the count
    await tx
      .select({ id: organizations.id })
      .from(organizations)
      .where(eq(organizations.id, auth.orgId))
      .for("update");
    const [{ n } = { n: 0 }] = await tx
      .select({ n: count() })
      .from(domains)
      .where(eq(domains.orgId, auth.orgId));
    if (n >= limits.maxDomains) {
      throw new ApiError("plan_limit", `the ${auth.plan} plan allows ${limits.maxDomains} domains`);
    }
    const [created] = await tx
      .insert(domains)
      .values({ ...settings, orgId: auth.orgId })
      .returning();
    await setChannels(tx, auth.orgId, created!.id, body.channelIds ?? []);
    return created!;
  });
  await publishDomain(deps, { op: "upsert", row });
  return answer(deps.db, row);
}

/** Applies a partial change; a change to how it is checked bumps config_version and is pushed. */
export async function updateDomain(
  deps: Deps,
  auth: AuthInfo,
  id: string,
  body: PatchDomainBody,
): Promise<DomainOut> {
  const limits = planLimits(auth.plan, deps.config);
  const { channelIds, ...changes } = body;
  const checked = Object.keys(changes).length > 0;
  const row = await deps.db.transaction(async (tx) => {
    const current = await findDomain(tx, auth.orgId, id, true);
    if (!current) throw notFound(id);
    if (channelIds) await setChannels(tx, auth.orgId, id, channelIds);
    if (!checked) return current;
    const merged: DomainSettings = { ...pick(current), ...changes };
    checkSettings(merged, limits, auth.plan, deps.config.minIntervalSeconds);
    const [updated] = await tx
      .update(domains)
      .set({
        ...merged,
        configVersion: sql`${domains.configVersion} + 1`,
        updatedAt: sql`now()`,
      })
      .where(and(eq(domains.id, id), eq(domains.orgId, auth.orgId)))
      .returning();
    return updated!;
  });
  if (checked) await publishDomain(deps, { op: "upsert", row });
  return answer(deps.db, row);
}

/** Deletes a domain (its incidents and links go with it) and tells the probes. */
export async function deleteDomain(deps: Deps, auth: AuthInfo, id: string): Promise<void> {
  const gone = await deps.db
    .delete(domains)
    .where(and(eq(domains.id, id), eq(domains.orgId, auth.orgId)))
    .returning({ id: domains.id });
  if (gone.length === 0) throw notFound(id);
  await publishDomain(deps, { op: "delete", id });
}

/** One domain of the caller's organization. */
export async function getDomain(deps: Deps, auth: AuthInfo, id: string): Promise<DomainOut> {
  const row = await findDomain(deps.db, auth.orgId, id);
  if (!row) throw notFound(id);
  return answer(deps.db, row);
}

/** A page of the caller's domains. */
export async function listDomains(deps: Deps, auth: AuthInfo, limit: number, after?: Cursor) {
  const rows = await listDomainRows(deps.db, auth.orgId, limit + 1, after);
  const page = pageOf(rows, limit, (r) => ({ at: r.at, id: r.id }));
  const channels = await channelIdsOf(
    deps.db,
    page.items.map((r) => r.id),
  );
  return {
    domains: page.items.map((r) => domainOut(r, channels.get(r.id) ?? [])),
    nextCursor: page.nextCursor,
  };
}

function pick(row: DomainSettings): DomainSettings {
  const { url, name, regions, intervalSeconds, timeoutMs, quorum, method } = row;
  const { expectStatus, keyword, maxRedirects, sslWarnDays, paused } = row;
  return {
    url,
    name,
    regions,
    intervalSeconds,
    timeoutMs,
    quorum,
    method,
    expectStatus,
    keyword,
    maxRedirects,
    sslWarnDays,
    paused,
  };
}
