import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import { and, eq, sql } from "drizzle-orm";
import { domains } from "../../../schema/control/domains";
import type { ApiEnv } from "../auth";
import type { ApiDeps } from "../deps";
import { ApiError } from "../errors";
import { errorResponses, existingId, IdParam, json, security } from "../openapi-common";
import { publishDomain } from "../publish";

const MuteIn = z
  .object({
    minutes: z.number().int().min(1).max(43_200).openapi({ example: 60 }),
  })
  .strict()
  .openapi("MuteInput");
const MuteOut = z
  .object({ domainId: z.uuid(), mutedUntil: z.string().nullable() })
  .openapi("Mute", {
    example: {
      domainId: "8d0f7a2b-0000-4000-8000-000000000000",
      mutedUntil: "2026-11-24T11:00:00.000Z",
    },
  });

/** POST/DELETE /v1/domains/:id/mute: drop a domain's notifications for a while. */
export function muteRoutes(app: OpenAPIHono<ApiEnv>, deps: ApiDeps): void {
  async function setMute(orgId: string, rawId: string, until: Date | null) {
    const id = existingId(rawId, "domain");
    const [row] = await deps.db
      .update(domains)
      .set({
        mutedUntil: until,
        configVersion: sql`${domains.configVersion} + 1`,
        updatedAt: sql`now()`,
      })
      .where(and(eq(domains.id, id), eq(domains.orgId, orgId)))
      .returning();
    if (!row) throw new ApiError("not_found", `no domain ${id}`, "id");
    await publishDomain(deps, { op: "upsert", row });
    return { domainId: id, mutedUntil: row.mutedUntil?.toISOString() ?? null };
  }

  app.openapi(
    createRoute({
      method: "post",
      path: "/v1/domains/{id}/mute",
      tags: ["domains"],
      security,
      summary: "Mute a domain for some minutes: checks go on, notifications are dropped",
      request: {
        params: IdParam,
        body: { content: { "application/json": { schema: MuteIn } }, required: true },
      },
      responses: { 200: json(MuteOut, "Muted until"), ...errorResponses },
    }),
    async (c) => {
      const until = new Date(deps.clock.now() + c.req.valid("json").minutes * 60_000);
      return c.json(await setMute(c.get("auth").orgId, c.req.valid("param").id, until), 200);
    },
  );

  app.openapi(
    createRoute({
      method: "delete",
      path: "/v1/domains/{id}/mute",
      tags: ["domains"],
      security,
      summary: "Unmute a domain",
      request: { params: IdParam },
      responses: { 200: json(MuteOut, "Not muted"), ...errorResponses },
    }),
    async (c) => c.json(await setMute(c.get("auth").orgId, c.req.valid("param").id, null), 200),
  );
}
