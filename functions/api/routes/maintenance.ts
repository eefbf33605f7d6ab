import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import { and, desc, eq, inArray } from "drizzle-orm";
import {
  removeMaintenanceWindow,
  writeMaintenanceWindow,
} from "../../../adapters/redis/status-read-model";
import { domains } from "../../../schema/control/domains";
import { maintenanceWindows } from "../../../schema/control/maintenance-windows";
import type { ApiEnv } from "../auth";
import type { ApiDeps } from "../deps";
import { ApiError } from "../errors";
import { publishDomains, refreshDomainOverlays } from "../maintenance/overlays";
import { errorResponses, existingId, IdParam, json, security } from "../openapi-common";

const WindowIn = z
  .object({
    domainIds: z
      .array(z.uuid())
      .min(1)
      .max(500)
      .openapi({ example: ["8d0f7a2b-0000-4000-8000-000000000000"] }),
    from: z.iso.datetime({ offset: true }).openapi({ example: "2026-11-24T22:00:00Z" }),
    to: z.iso.datetime({ offset: true }).openapi({ example: "2026-11-24T23:30:00Z" }),
    note: z.string().max(2_000).optional().openapi({ example: "database upgrade" }),
  })
  .strict()
  .openapi("MaintenanceInput");
const WindowOut = z
  .object({
    id: z.uuid(),
    domainIds: z.array(z.uuid()),
    from: z.string(),
    to: z.string(),
    note: z.string().nullable(),
  })
  .openapi("Maintenance");

const out = (w: typeof maintenanceWindows.$inferSelect) => ({
  id: w.id,
  domainIds: w.domainIds,
  from: w.startsAt.toISOString(),
  to: w.endsAt.toISOString(),
  note: w.note,
});

/**
 * Maintenance windows: the alert engine holds the domains' notifications inside one and
 * sends one net-change notice at its end (windows reach it in each domain's config).
 */
export function maintenanceRoutes(app: OpenAPIHono<ApiEnv>, deps: ApiDeps): void {
  app.openapi(
    createRoute({
      method: "post",
      path: "/v1/maintenance",
      tags: ["maintenance"],
      security,
      summary: "Plan a maintenance window: notifications are held inside it",
      request: { body: { content: { "application/json": { schema: WindowIn } }, required: true } },
      responses: { 201: json(WindowOut, "The window"), ...errorResponses },
    }),
    async (c) => {
      const { orgId } = c.get("auth");
      const body = c.req.valid("json");
      const from = new Date(body.from);
      const to = new Date(body.to);
      if (to <= from) throw new ApiError("invalid_request", "to: must be after from", "to");
      const ids = [...new Set(body.domainIds.map((d) => d.toLowerCase()))];
      const row = await deps.db.transaction(async (tx) => {
        const [w] = await tx
          .insert(maintenanceWindows)
          .values({ orgId, domainIds: ids, startsAt: from, endsAt: to, note: body.note ?? null })
          .returning();
        return { w: w!, changed: await refreshDomainOverlays(deps, tx, orgId, ids) };
      });
      await publishDomains(deps, row.changed);
      await showOnStatusPages(deps, () =>
        writeMaintenanceWindow(deps.redis, ids, {
          id: row.w.id,
          from: from.toISOString(),
          to: to.toISOString(),
          note: row.w.note,
        }),
      );
      return c.json(out(row.w), 201);
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/v1/maintenance",
      tags: ["maintenance"],
      security,
      summary: "List maintenance windows, latest start first",
      responses: {
        200: json(z.object({ maintenance: z.array(WindowOut) }), "Windows"),
        ...errorResponses,
      },
    }),
    async (c) => {
      const rows = await deps.db
        .select()
        .from(maintenanceWindows)
        .where(eq(maintenanceWindows.orgId, c.get("auth").orgId))
        .orderBy(desc(maintenanceWindows.startsAt))
        .limit(500);
      return c.json({ maintenance: rows.map(out) }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/v1/maintenance/{id}",
      tags: ["maintenance"],
      security,
      summary: "One maintenance window",
      request: { params: IdParam },
      responses: { 200: json(WindowOut, "The window"), ...errorResponses },
    }),
    async (c) => {
      const id = existingId(c.req.valid("param").id, "maintenance window");
      const [row] = await deps.db
        .select()
        .from(maintenanceWindows)
        .where(
          and(eq(maintenanceWindows.id, id), eq(maintenanceWindows.orgId, c.get("auth").orgId)),
        );
      if (!row) throw new ApiError("not_found", `no maintenance window ${id}`, "id");
      return c.json(out(row), 200);
    },
  );

  app.openapi(
    createRoute({
      method: "delete",
      path: "/v1/maintenance/{id}",
      tags: ["maintenance"],
      security,
      summary: "Cancel a maintenance window",
      request: { params: IdParam },
      responses: { 204: { description: "Cancelled" }, ...errorResponses },
    }),
    async (c) => {
      const { orgId } = c.get("auth");
      const id = existingId(c.req.valid("param").id, "maintenance window");
      const found = await deps.db.transaction(async (tx) => {
        const [gone] = await tx
          .delete(maintenanceWindows)
          .where(and(eq(maintenanceWindows.id, id), eq(maintenanceWindows.orgId, orgId)))
          .returning();
        if (!gone) return null;
        // a domain deleted since keeps no window: refresh the ones still there
        const left = await tx
          .select({ id: domains.id })
          .from(domains)
          .where(inArray(domains.id, gone.domainIds));
        const changed = await refreshDomainOverlays(
          deps,
          tx,
          orgId,
          left.map((d) => d.id),
        );
        return { changed, domainIds: gone.domainIds };
      });
      if (!found) throw new ApiError("not_found", `no maintenance window ${id}`, "id");
      await publishDomains(deps, found.changed);
      await showOnStatusPages(deps, () => removeMaintenanceWindow(deps.redis, found.domainIds, id));
      return c.body(null, 204);
    },
  );
}

/** The status pages' copy of the windows lives in Redis, a cache: a failure is logged, not fatal. */
async function showOnStatusPages(deps: ApiDeps, write: () => Promise<void>): Promise<void> {
  try {
    await write();
  } catch (err) {
    deps.log.warn("maintenance window not published to status pages", { error: String(err) });
  }
}
