import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import { redisKeys } from "../../../schema/redis-keys";
import { DomainStatus } from "../../../schema/wire/domain-status";
import type { ApiEnv } from "../auth";
import type { ApiDeps } from "../deps";
import { findDomain } from "../domains/repo";
import { ApiError } from "../errors";
import { errorResponses, existingId, IdParam, json, security } from "../openapi-common";
import { readRegionChecks, withLatestChecks } from "../status/region-checks";

type DomainStatusOut = DomainStatus;

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
      responses: { 200: json(DomainStatus, "The status"), ...errorResponses },
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
      const status = await readStatus(deps, id);
      const checks = await readRegionChecks(deps.redis, id, row.regions).catch((err) => {
        deps.log.warn("region checks read failed", { domainId: id, error: String(err) });
        return {};
      });
      return c.json(withLatestChecks(status, checks), 200);
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
    const parsed = DomainStatus.safeParse(JSON.parse(raw));
    if (parsed.success) return parsed.data;
  } catch {}
  deps.log.warn("status in Redis fails its schema", { domainId: id });
  return unknown;
}
