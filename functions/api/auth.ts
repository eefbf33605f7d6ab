import { eq, sql } from "drizzle-orm";
import type { MiddlewareHandler } from "hono";
import { apiKeys } from "../../schema/control/api-keys";
import { organizations } from "../../schema/control/organizations";
import type { ApiDeps } from "./deps";
import { ApiError } from "./errors";
import { keyMatches, keyPrefix } from "./keys/api-key";
import type { KeyScope } from "./keys/create-key";
import type { PlanTier } from "./plans";

/** Who is calling: one organization, through one key. */
export interface AuthInfo {
  orgId: string;
  keyId: string;
  scopes: KeyScope[];
  plan: PlanTier;
}

/** Hono env of authenticated routes. */
export type ApiEnv = { Variables: { auth: AuthInfo } };

const LAST_USED_GRANULARITY_MS = 60_000;

/** Bearer-key authentication and scope check (GET needs read, anything else write). */
export function authenticate(deps: Pick<ApiDeps, "db" | "clock">): MiddlewareHandler<ApiEnv> {
  return async (c, next) => {
    const header = c.req.header("authorization") ?? "";
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match) {
      throw new ApiError(
        "unauthorized",
        "missing Authorization: Bearer <api key>",
        "authorization",
      );
    }
    const key = match[1]!;
    const prefix = keyPrefix(key);
    const invalid = new ApiError("unauthorized", "invalid or revoked API key", "authorization");
    if (!prefix) throw invalid;
    const [row] = await deps.db
      .select({
        id: apiKeys.id,
        orgId: apiKeys.orgId,
        hash: apiKeys.hash,
        scopes: apiKeys.scopes,
        revokedAt: apiKeys.revokedAt,
        lastUsedAt: apiKeys.lastUsedAt,
        plan: organizations.plan,
      })
      .from(apiKeys)
      .innerJoin(organizations, eq(organizations.id, apiKeys.orgId))
      .where(eq(apiKeys.prefix, prefix))
      .limit(1);
    if (!row || !keyMatches(key, row.hash) || row.revokedAt !== null) throw invalid;

    const readOnly = c.req.method === "GET" || c.req.method === "HEAD";
    const scopes = row.scopes as KeyScope[];
    if (!readOnly && !scopes.includes("write")) {
      throw new ApiError("forbidden", "this API key has read scope only; writing needs write");
    }
    const now = deps.clock.now();
    if (!row.lastUsedAt || now - row.lastUsedAt.getTime() > LAST_USED_GRANULARITY_MS) {
      await deps.db.update(apiKeys).set({ lastUsedAt: sql`now()` }).where(eq(apiKeys.id, row.id));
    }
    c.set("auth", { orgId: row.orgId, keyId: row.id, scopes, plan: row.plan });
    await next();
  };
}
