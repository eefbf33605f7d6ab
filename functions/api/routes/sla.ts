import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import { and, eq, gte, isNull, or, sql } from "drizzle-orm";
import { incidents } from "../../../schema/control/incidents";
import { rollupsDaily } from "../../../schema/timeseries/rollups-daily";
import type { ApiEnv } from "../auth";
import type { ApiDeps } from "../deps";
import { findDomain } from "../domains/repo";
import { ApiError } from "../errors";
import { errorResponses, existingId, IdParam, json, security } from "../openapi-common";
import { SLA_WINDOWS, slaSummary } from "../uptime/sla";

const DAY_MS = 86_400_000;

const Window = z
  .object({
    days: z.number().int(),
    uptime: z.number().nullable().openapi({ description: "1 - incident time / monitored time" }),
    downtimeMinutes: z.number(),
    incidents: z.number().int(),
    checks: z.number().int(),
    failures: z.number().int(),
    checkUptime: z.number().nullable().openapi({ description: "Passing share of all checks" }),
  })
  .openapi("SlaWindow");

/** GET /v1/domains/:id/sla: uptime and downtime over 7/30/90/365 days. */
export function slaRoutes(app: OpenAPIHono<ApiEnv>, deps: ApiDeps): void {
  app.openapi(
    createRoute({
      method: "get",
      path: "/v1/domains/{id}/sla",
      tags: ["domains"],
      security,
      summary: "Uptime and downtime minutes over the last 7, 30, 90 and 365 days",
      request: { params: IdParam },
      responses: {
        200: json(z.object({ windows: z.array(Window) }), "One entry per window"),
        ...errorResponses,
      },
    }),
    async (c) => {
      const id = existingId(c.req.valid("param").id, "domain");
      const domain = await findDomain(deps.db, c.get("auth").orgId, id);
      if (!domain) throw new ApiError("not_found", `no domain ${id}`, "id");
      const now = deps.clock.now();
      const since = new Date(now - (Math.max(...SLA_WINDOWS) + 1) * DAY_MS);
      const [opened, days] = await Promise.all([
        deps.db
          .select({ openedAt: incidents.openedAt, resolvedAt: incidents.resolvedAt })
          .from(incidents)
          .where(
            and(
              eq(incidents.domainId, id),
              or(isNull(incidents.resolvedAt), gte(incidents.resolvedAt, since)),
            ),
          ),
        readDays(deps, id, since),
      ]);
      const windows = slaSummary({
        now,
        monitoredSince: domain.createdAt.getTime(),
        incidents: opened.map((i) => ({
          openedAt: i.openedAt.getTime(),
          resolvedAt: i.resolvedAt?.getTime() ?? null,
        })),
        days,
      });
      return c.json({ windows }, 200);
    },
  );
}

async function readDays(deps: ApiDeps, id: string, since: Date) {
  if (!deps.timeseries) return [];
  const t = rollupsDaily;
  const rows = await deps.timeseries
    .select({
      bucket: t.bucket,
      checks: sql<number>`sum(${t.checks})::int`,
      failures: sql<number>`sum(${t.failures})::int`,
    })
    .from(t)
    .where(and(eq(t.domainId, id), gte(t.bucket, since)))
    .groupBy(t.bucket);
  return rows.map((r) => ({
    bucket: r.bucket.getTime(),
    checks: Number(r.checks),
    failures: Number(r.failures),
  }));
}
