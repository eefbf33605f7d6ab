import { and, eq, isNull } from "drizzle-orm";
import type { Database } from "../../adapters/db/types";
import { createConfigBroadcast } from "../../adapters/redis/config-broadcast";
import { pruneConfigLog } from "../../adapters/redis/config-prune";
import type { RedisPort } from "../../adapters/redis/port";
import { createApiKey, createOrganizationWithKey } from "../../functions/api/keys/create-key";
import { reconcileConfig } from "../../functions/maintenance/reconcile";
import { apiKeys } from "../../schema/control/api-keys";
import { organizations } from "../../schema/control/organizations";
import type { AdminCommand } from "./args";

/** A command that ran and failed for a reason the operator can act on (exit 1). */
export class AdminFailure extends Error {
  override name = "AdminFailure";
}

/** What a command needs; Redis is opened only for `reconcile`. */
export interface AdminDeps {
  db: Database;
  redis?: () => RedisPort;
  now?: () => Date;
}

async function orgExists(db: Database, orgId: string): Promise<boolean> {
  const rows = await db
    .select({ id: organizations.id })
    .from(organizations)
    .where(eq(organizations.id, orgId))
    .limit(1);
  return rows.length > 0;
}

/** Runs one command against the control DB (and Redis for reconcile); returns what to print. */
export async function runAdminCommand(
  deps: AdminDeps,
  cmd: Exclude<AdminCommand, { kind: "help" }>,
): Promise<Record<string, unknown>> {
  const { db } = deps;
  switch (cmd.kind) {
    case "org-create": {
      const { orgId, key } = await createOrganizationWithKey(db, {
        name: cmd.name,
        plan: cmd.plan,
      });
      return { orgId, apiKey: key };
    }
    case "key-create": {
      if (!(await orgExists(db, cmd.orgId))) {
        throw new AdminFailure(`no organization ${cmd.orgId}`);
      }
      const scopes = cmd.scope === "read" ? (["read"] as const) : (["read", "write"] as const);
      const { keyId, key } = await createApiKey(db, { orgId: cmd.orgId, scopes: [...scopes] });
      return { id: keyId, apiKey: key };
    }
    case "key-revoke": {
      const now = deps.now?.() ?? new Date();
      const [revoked] = await db
        .update(apiKeys)
        .set({ revokedAt: now })
        .where(and(eq(apiKeys.id, cmd.keyId), isNull(apiKeys.revokedAt)))
        .returning({ id: apiKeys.id, revokedAt: apiKeys.revokedAt });
      if (revoked) return { id: revoked.id, revokedAt: revoked.revokedAt };
      // already revoked is success (the key stays dead); never seen is a mistake
      const [earlier] = await db
        .select({ id: apiKeys.id, revokedAt: apiKeys.revokedAt })
        .from(apiKeys)
        .where(eq(apiKeys.id, cmd.keyId));
      if (!earlier) throw new AdminFailure(`no API key ${cmd.keyId}`);
      return { id: earlier.id, revokedAt: earlier.revokedAt };
    }
    case "plan-set": {
      const [row] = await db
        .update(organizations)
        .set({ plan: cmd.plan })
        .where(eq(organizations.id, cmd.orgId))
        .returning({ id: organizations.id, plan: organizations.plan });
      if (!row) throw new AdminFailure(`no organization ${cmd.orgId}`);
      return { orgId: row.id, plan: row.plan };
    }
    case "reconcile": {
      if (!deps.redis) {
        throw new AdminFailure(
          "reconcile needs UPSTASH_REDIS_REST_URL and UPSTASH_REDIS_REST_TOKEN, or REDIS_URL",
        );
      }
      const redis = deps.redis();
      const broadcast = createConfigBroadcast({ redis });
      const report = await reconcileConfig({ db, redis, broadcast });
      const { removed } = await pruneConfigLog(redis, broadcast.keys);
      return { ...report, pruned: removed };
    }
  }
}
