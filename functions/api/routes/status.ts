import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import { redisKeys } from "../../../schema/redis-keys";
import type { ApiEnv } from "../auth";
import type { ApiDeps } from "../deps";
import { findDomain } from "../domains/repo";
import { ApiError } from "../errors";
import { errorResponses, existingId, IdParam, json, security } from "../openapi-common";

/** Current status of a domain (CONTRACTS §4), as the alert engine writes it to Redis. */
export const DomainStatusOut = z
  .object({
    status: z.enum(["up", "down", "degraded", "flapping", "unknown", "paused"]),
    since: z.string().nullable(),
    regions: z.record(
      z.string(),
      z.object({
        ok: z.boolean(),
        checkedAt: z.string(),
        error: z.string().nullable(),
        latencyMs: z.number().nullable(),
      }),
    ),
    tls: z.record(z.string(), z.unknown()).nullable(),
  })
  .openapi("DomainStatus");
type DomainStatusOut = z.infer<typeof DomainStatusOut>;

/** GET /v1/domains/:id/status: read from Redis; unknown when nothing was written yet. */
export function statusRoutes(app: OpenAPIHono<ApiEnv>, deps: ApiDeps): void {
  app.openapi(
    createRoute({
      method: "get",
      path: "/v1/domains/{id}/status",
      tags: ["domains"],
      security,
      summary: "Current status of a domain across its regions",
      request: { params: IdParam },
      responses: { 200: json(DomainStatusOut, "The status"), ...errorResponses },
    }),
    async (c) => {
      const id = existingId(c.req.valid("param").id, "domain");
      const row = await findDomain(deps.db, c.get("auth").orgId, id);
      if (!row) throw new ApiError("not_found", `no domain ${id}`, "id");
      const since = row.updatedAt.toISOString();
      if (row.paused) {
        const paused: DomainStatusOut = { status: "paused", since, regions: {}, tls: null };
        return c.json(paused, 200);
      }
      return c.json(await readStatus(deps, id), 200);
    },
  );
}

async function readStatus(deps: ApiDeps, id: string): Promise<DomainStatusOut> {
  const unknown: DomainStatusOut = { status: "unknown", since: null, regions: {}, tls: null };
  let raw: string | null;
  try {
    raw = await deps.redis.get(redisKeys.domainStatus(id));
  } catch (err) {
    deps.log.warn("status read failed", { domainId: id, error: String(err) });
    return unknown;
  }
  if (raw === null) return unknown;
  try {
    const parsed = DomainStatusOut.safeParse(JSON.parse(raw));
    if (parsed.success) return parsed.data;
  } catch {}
  deps.log.warn("status in Redis fails its schema", { domainId: id });
  return unknown;
}
