import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import { desc, eq, max, min, sql } from "drizzle-orm";
import { certObservations } from "../../../schema/timeseries/cert-observations";
import type { ApiEnv } from "../auth";
import type { ApiDeps } from "../deps";
import { findDomain } from "../domains/repo";
import { ApiError } from "../errors";
import { errorResponses, existingId, IdParam, json, security } from "../openapi-common";

const Certificate = z
  .object({
    fingerprint256: z.string(),
    subject: z.string(),
    issuer: z.string(),
    validFrom: z.string(),
    validTo: z.string(),
    firstSeen: z.string(),
    lastSeen: z.string(),
    regions: z.array(z.string()).openapi({ description: "Regions that were served it" }),
  })
  .openapi("Certificate");

/** GET /v1/domains/:id/certificates: every certificate the domain served, newest first. */
export function certificateRoutes(app: OpenAPIHono<ApiEnv>, deps: ApiDeps): void {
  app.openapi(
    createRoute({
      method: "get",
      path: "/v1/domains/{id}/certificates",
      tags: ["domains"],
      security,
      summary: "Certificate history: each certificate seen, with first and last sighting",
      request: { params: IdParam },
      responses: {
        200: json(z.object({ certificates: z.array(Certificate) }), "Newest first"),
        ...errorResponses,
      },
    }),
    async (c) => {
      const id = existingId(c.req.valid("param").id, "domain");
      if (!(await findDomain(deps.db, c.get("auth").orgId, id))) {
        throw new ApiError("not_found", `no domain ${id}`, "id");
      }
      if (!deps.timeseries) return c.json({ certificates: [] }, 200);
      const t = certObservations;
      const firstSeen = min(t.observedAt);
      const rows = await deps.timeseries
        .select({
          fingerprint256: t.fingerprint256,
          subject: t.subject,
          issuer: t.issuer,
          validFrom: t.validFrom,
          validTo: t.validTo,
          firstSeen,
          lastSeen: max(t.lastSeen),
          regions: sql<string[]>`array_agg(DISTINCT ${t.region} ORDER BY ${t.region})`,
        })
        .from(t)
        .where(eq(t.domainId, id))
        .groupBy(t.fingerprint256, t.subject, t.issuer, t.validFrom, t.validTo)
        .orderBy(desc(firstSeen))
        .limit(500);
      const iso = (d: Date | string | null) => (d === null ? "" : new Date(d).toISOString());
      const certificates = rows.map((r) => ({
        ...r,
        validFrom: iso(r.validFrom),
        validTo: iso(r.validTo),
        firstSeen: iso(r.firstSeen),
        lastSeen: iso(r.lastSeen),
        regions: r.regions,
      }));
      return c.json({ certificates }, 200);
    },
  );
}
