import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import { and, desc, eq, isNull } from "drizzle-orm";
import { apiKeys } from "../../../schema/control/api-keys";
import type { ApiEnv } from "../auth";
import type { ApiDeps } from "../deps";
import { ApiError } from "../errors";
import { createApiKey, revokeApiKey } from "../keys/create-key";
import { errorResponses, existingId, IdParam, json, security } from "../openapi-common";
import { requireRole } from "../signin/roles";

const KeyIn = z
  .object({
    name: z.string().max(100).optional().openapi({ example: "deploy script" }),
    scope: z.enum(["read", "write"]).openapi({ example: "read" }),
  })
  .strict()
  .openapi("ApiKeyInput");
const KeyCreated = z.object({ id: z.uuid(), key: z.string() }).openapi("ApiKeyCreated", {
  example: {
    id: "00000000-0000-4000-8000-000000000000",
    key: "dp_live_ab12cd34ef_0123456789abcdefghijklmnopqrstuv",
  },
});
const KeyOut = z
  .object({
    id: z.uuid(),
    name: z.string(),
    prefix: z.string(),
    scope: z.enum(["read", "write"]),
    createdAt: z.string(),
    lastUsedAt: z.string().nullable(),
  })
  .openapi("ApiKey");

/** POST/GET /v1/api-keys, DELETE /v1/api-keys/:id; a revoked key fails at once. */
export function apiKeyRoutes(app: OpenAPIHono<ApiEnv>, deps: ApiDeps): void {
  app.openapi(
    createRoute({
      method: "post",
      path: "/v1/api-keys",
      tags: ["api-keys"],
      security,
      summary: "Create an API key (owners only); the key is shown once",
      request: { body: { content: { "application/json": { schema: KeyIn } }, required: true } },
      responses: { 201: json(KeyCreated, "The new key, shown this once"), ...errorResponses },
    }),
    async (c) => {
      requireRole(c, "owner");
      const body = c.req.valid("json");
      const scopes = body.scope === "write" ? (["read", "write"] as const) : (["read"] as const);
      const made = await createApiKey(deps.db, {
        orgId: c.get("auth").orgId,
        scopes: [...scopes],
        ...(body.name ? { name: body.name } : {}),
      });
      return c.json({ id: made.keyId, key: made.key }, 201);
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/v1/api-keys",
      tags: ["api-keys"],
      security,
      summary: "List the organization's live API keys (never the secret)",
      responses: { 200: json(z.object({ apiKeys: z.array(KeyOut) }), "Keys"), ...errorResponses },
    }),
    async (c) => {
      const rows = await deps.db
        .select()
        .from(apiKeys)
        .where(and(eq(apiKeys.orgId, c.get("auth").orgId), isNull(apiKeys.revokedAt)))
        .orderBy(desc(apiKeys.createdAt));
      const list = rows.map((r) => ({
        id: r.id,
        name: r.name,
        prefix: r.prefix,
        scope: r.scopes.includes("write") ? ("write" as const) : ("read" as const),
        createdAt: r.createdAt.toISOString(),
        lastUsedAt: r.lastUsedAt?.toISOString() ?? null,
      }));
      return c.json({ apiKeys: list }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: "delete",
      path: "/v1/api-keys/{id}",
      tags: ["api-keys"],
      security,
      summary: "Revoke an API key (owners only); it fails from the next request on",
      request: { params: IdParam },
      responses: { 204: { description: "Revoked" }, ...errorResponses },
    }),
    async (c) => {
      requireRole(c, "owner");
      const id = existingId(c.req.valid("param").id, "API key");
      const [row] = await deps.db
        .select({ id: apiKeys.id })
        .from(apiKeys)
        .where(
          and(
            eq(apiKeys.id, id),
            eq(apiKeys.orgId, c.get("auth").orgId),
            isNull(apiKeys.revokedAt),
          ),
        );
      if (!row) throw new ApiError("not_found", `no API key ${id}`, "id");
      await revokeApiKey(deps.db, id);
      return c.body(null, 204);
    },
  );
}
