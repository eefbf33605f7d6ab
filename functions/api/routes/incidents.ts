import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import { and, desc, eq, getTableColumns, type SQL } from "drizzle-orm";
import { incidentState } from "../../../schema/control/enums";
import { incidents } from "../../../schema/control/incidents";
import type { ApiEnv } from "../auth";
import type { ApiDeps } from "../deps";
import { errorResponses, json, security } from "../openapi-common";
import { beyond, decodeCursor, PageQuery, pageOf, positionOf } from "../pagination";

const IncidentOut = z
  .object({
    id: z.uuid(),
    domainId: z.uuid(),
    state: z.enum(incidentState.enumValues),
    openedAt: z.string(),
    resolvedAt: z.string().nullable(),
    regions: z.array(z.string()),
  })
  .openapi("Incident");

const IncidentQuery = PageQuery.extend({
  domainId: z.uuid().optional(),
  state: z.enum(incidentState.enumValues).optional(),
});

/** GET /v1/incidents: newest first, filtered by domain and state. */
export function incidentRoutes(app: OpenAPIHono<ApiEnv>, deps: ApiDeps): void {
  app.openapi(
    createRoute({
      method: "get",
      path: "/v1/incidents",
      tags: ["incidents"],
      security,
      summary: "List incidents, newest first",
      request: { query: IncidentQuery },
      responses: {
        200: json(
          z.object({ incidents: z.array(IncidentOut), nextCursor: z.string().nullable() }),
          "A page",
        ),
        ...errorResponses,
      },
    }),
    async (c) => {
      const q = c.req.valid("query");
      const where: SQL[] = [eq(incidents.orgId, c.get("auth").orgId)];
      if (q.domainId) where.push(eq(incidents.domainId, q.domainId));
      if (q.state) where.push(eq(incidents.state, q.state));
      if (q.cursor) {
        const after = decodeCursor(q.cursor);
        where.push(beyond(incidents.openedAt, incidents.id, after, "desc"));
      }
      const rows = await deps.db
        .select({ ...getTableColumns(incidents), at: positionOf(incidents.openedAt) })
        .from(incidents)
        .where(and(...where))
        .orderBy(desc(incidents.openedAt), desc(incidents.id))
        .limit(q.limit + 1);
      const page = pageOf(rows, q.limit, (r) => ({ at: r.at, id: r.id }));
      const list = page.items.map((r) => ({
        id: r.id,
        domainId: r.domainId,
        state: r.state,
        openedAt: r.openedAt.toISOString(),
        resolvedAt: r.resolvedAt?.toISOString() ?? null,
        regions: r.regions,
      }));
      return c.json({ incidents: list, nextCursor: page.nextCursor }, 200);
    },
  );
}
