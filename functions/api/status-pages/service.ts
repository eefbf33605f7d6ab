import { and, asc, eq, inArray, ne, or } from "drizzle-orm";
import { domains } from "../../../schema/control/domains";
import { type StatusPage, statusPages } from "../../../schema/control/status-pages";
import type { AuthInfo } from "../auth";
import type { ApiDeps } from "../deps";
import { ApiError } from "../errors";
import { publishPage } from "./publish";
import type { CreateStatusPageBody, PatchStatusPageBody, StatusPageOut } from "./schemas";

type Deps = Pick<ApiDeps, "db" | "redis" | "log">;
const notFound = (id: string) => new ApiError("not_found", `no status page ${id}`, "id");

function out(row: StatusPage): StatusPageOut {
  return {
    id: row.id,
    slug: row.slug,
    title: row.title,
    domainIds: row.domainIds,
    customHostname: row.customHostname,
    path: `/status/${row.slug}`,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** Every listed domain must be the organization's own. */
async function checkDomains(deps: Deps, orgId: string, ids: string[]): Promise<void> {
  if (ids.length === 0) return;
  const rows = await deps.db
    .select({ id: domains.id })
    .from(domains)
    .where(and(eq(domains.orgId, orgId), inArray(domains.id, ids)));
  const own = new Set(rows.map((r) => r.id));
  const i = ids.findIndex((id) => !own.has(id));
  if (i >= 0) throw new ApiError("unprocessable", `no domain ${ids[i]}`, `domainIds.${i}`);
}

/** Slugs and hostnames are global (they are URLs): another page holding one is a 409. */
async function checkFree(deps: Deps, slug: string, host: string | null, self?: string) {
  const clash = host
    ? or(eq(statusPages.slug, slug), eq(statusPages.customHostname, host))
    : eq(statusPages.slug, slug);
  const [row] = await deps.db
    .select({ slug: statusPages.slug, host: statusPages.customHostname })
    .from(statusPages)
    .where(self ? and(clash, ne(statusPages.id, self)) : clash)
    .limit(1);
  if (!row) return;
  if (row.slug === slug) throw new ApiError("conflict", `slug ${slug} is taken`, "slug");
  throw new ApiError("conflict", `hostname ${host} is taken`, "customHostname");
}

/** Creates a page and publishes it to the edge. */
export async function createStatusPage(deps: Deps, auth: AuthInfo, body: CreateStatusPageBody) {
  const host = body.customHostname ?? null;
  await checkDomains(deps, auth.orgId, body.domainIds);
  await checkFree(deps, body.slug, host);
  const [row] = await deps.db
    .insert(statusPages)
    .values({
      orgId: auth.orgId,
      slug: body.slug,
      title: body.title,
      domainIds: body.domainIds,
      customHostname: host,
    })
    .returning();
  await publishPage(deps, { op: "upsert", row: row! });
  return out(row!);
}

async function find(deps: Deps, auth: AuthInfo, id: string) {
  const [row] = await deps.db
    .select()
    .from(statusPages)
    .where(and(eq(statusPages.id, id), eq(statusPages.orgId, auth.orgId)));
  if (!row) throw notFound(id);
  return row;
}

/** One page of the caller's organization. */
export async function getStatusPage(deps: Deps, auth: AuthInfo, id: string) {
  return out(await find(deps, auth, id));
}

/** The organization's pages, oldest first. */
export async function listStatusPages(deps: Deps, auth: AuthInfo) {
  const rows = await deps.db
    .select()
    .from(statusPages)
    .where(eq(statusPages.orgId, auth.orgId))
    .orderBy(asc(statusPages.createdAt), asc(statusPages.id));
  return { statusPages: rows.map(out) };
}

/** Changes a page and republishes it (a new slug or hostname drops the old keys). */
export async function updateStatusPage(
  deps: Deps,
  auth: AuthInfo,
  id: string,
  body: PatchStatusPageBody,
) {
  const row = await find(deps, auth, id);
  const slug = body.slug ?? row.slug;
  const host = body.customHostname === undefined ? row.customHostname : body.customHostname;
  if (body.domainIds) await checkDomains(deps, auth.orgId, body.domainIds);
  await checkFree(deps, slug, host, id);
  const [updated] = await deps.db
    .update(statusPages)
    .set({
      slug,
      title: body.title ?? row.title,
      domainIds: body.domainIds ?? row.domainIds,
      customHostname: host,
      updatedAt: new Date(),
    })
    .where(eq(statusPages.id, id))
    .returning();
  await publishPage(deps, { op: "upsert", row: updated! });
  return out(updated!);
}

/** Deletes a page and removes it from the edge. */
export async function deleteStatusPage(deps: Deps, auth: AuthInfo, id: string) {
  await find(deps, auth, id);
  await deps.db.delete(statusPages).where(eq(statusPages.id, id));
  await publishPage(deps, { op: "delete", id });
}
