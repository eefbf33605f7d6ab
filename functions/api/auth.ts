import { and, eq, sql } from "drizzle-orm";
import type { MiddlewareHandler } from "hono";
import { apiKeys } from "../../schema/control/api-keys";
import { memberships } from "../../schema/control/memberships";
import { organizations } from "../../schema/control/organizations";
import { users } from "../../schema/control/users";
import type { ApiDeps } from "./deps";
import { ApiError } from "./errors";
import { keyMatches, keyPrefix } from "./keys/api-key";
import type { KeyScope } from "./keys/create-key";
import type { PlanTier } from "./plans";
import type { Role } from "./signin/roles";

/** Who is calling: one organization, through one key or one signed-in member. */
export interface AuthInfo {
  orgId: string;
  /** The API key's id, or null for a signed-in user. */
  keyId: string | null;
  /** The token's `sub` for a signed-in user, or null for a key. */
  subject: string | null;
  /** What rate limits and audit name: `key:<id>` or `user:<sub>`. */
  principal: string;
  role: Role;
  scopes: KeyScope[];
  plan: PlanTier;
}

/** Hono env of authenticated routes. */
export type ApiEnv = { Variables: { auth: AuthInfo } };

const LAST_USED_GRANULARITY_MS = 60_000;
const JWT_RE = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;

/**
 * Bearer authentication: an API key, or (when sign-in is configured) the identity provider's
 * JWT of a member. GET needs any role; anything else needs admin (or a write key).
 */
export function authenticate(
  deps: Pick<ApiDeps, "db" | "clock" | "oidc">,
): MiddlewareHandler<ApiEnv> {
  return async (c, next) => {
    const header = c.req.header("authorization") ?? "";
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match) {
      throw new ApiError(
        "unauthorized",
        "missing Authorization: Bearer <api key or token>",
        "authorization",
      );
    }
    const token = match[1]!;
    const auth =
      deps.oidc && !keyPrefix(token) && JWT_RE.test(token)
        ? await memberAuth(deps, token, c.req.header("x-organization-id"))
        : await keyAuth(deps, token);
    const readOnly = c.req.method === "GET" || c.req.method === "HEAD";
    if (!readOnly && auth.role === "viewer") {
      throw new ApiError(
        "forbidden",
        auth.keyId
          ? "this API key has read scope only; writing needs write"
          : "viewers read only; writing needs the admin role",
      );
    }
    c.set("auth", auth);
    await next();
  };
}

async function keyAuth(deps: Pick<ApiDeps, "db" | "clock">, key: string): Promise<AuthInfo> {
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
  const now = deps.clock.now();
  if (!row.lastUsedAt || now - row.lastUsedAt.getTime() > LAST_USED_GRANULARITY_MS) {
    await deps.db.update(apiKeys).set({ lastUsedAt: sql`now()` }).where(eq(apiKeys.id, row.id));
  }
  const scopes = row.scopes as KeyScope[];
  return {
    orgId: row.orgId,
    keyId: row.id,
    subject: null,
    principal: `key:${row.id}`,
    // an organization's write key is its operator's credential: it may manage keys and members
    role: scopes.includes("write") ? "owner" : "viewer",
    scopes,
    plan: row.plan,
  };
}

async function memberAuth(
  deps: Pick<ApiDeps, "db" | "oidc">,
  token: string,
  orgHeader: string | undefined,
): Promise<AuthInfo> {
  const user = await deps.oidc!.verify(token);
  await deps.db
    .insert(users)
    .values({ subject: user.subject, email: user.email, name: user.name })
    .onConflictDoNothing();
  const where = [eq(memberships.subject, user.subject)];
  if (orgHeader) where.push(eq(sql`${memberships.orgId}::text`, orgHeader.toLowerCase()));
  const rows = await deps.db
    .select({ orgId: memberships.orgId, role: memberships.role, plan: organizations.plan })
    .from(memberships)
    .innerJoin(organizations, eq(organizations.id, memberships.orgId))
    .where(and(...where))
    .limit(2);
  if (rows.length === 0) {
    throw new ApiError(
      "forbidden",
      orgHeader ? `not a member of organization ${orgHeader}` : "not a member of any organization",
    );
  }
  if (rows.length > 1) {
    throw new ApiError(
      "invalid_request",
      "member of several organizations: name one in X-Organization-Id",
      "x-organization-id",
    );
  }
  const m = rows[0]!;
  return {
    orgId: m.orgId,
    keyId: null,
    subject: user.subject,
    principal: `user:${user.subject}`,
    role: m.role,
    scopes: m.role === "viewer" ? ["read"] : ["read", "write"],
    plan: m.plan,
  };
}
