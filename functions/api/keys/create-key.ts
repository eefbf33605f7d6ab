import { eq } from "drizzle-orm";
import type { Database } from "../../../adapters/db/types";
import { apiKeys } from "../../../schema/control/api-keys";
import { organizations } from "../../../schema/control/organizations";
import type { PlanTier } from "../plans";
import { generateKey } from "./api-key";

/** A key's scopes: read lets GETs through; write also changes things. */
export type KeyScope = "read" | "write";

/** Issues a key for an organization; the key is returned once and only its hash is stored. */
export async function createApiKey(
  db: Database,
  input: { orgId: string; scopes?: KeyScope[]; name?: string },
): Promise<{ keyId: string; key: string; prefix: string }> {
  const { key, prefix, hash } = generateKey();
  const [row] = await db
    .insert(apiKeys)
    .values({
      orgId: input.orgId,
      name: input.name ?? "",
      prefix,
      hash,
      scopes: input.scopes ?? ["read", "write"],
    })
    .returning({ id: apiKeys.id });
  return { keyId: row!.id, key, prefix };
}

/** Creates an organization and its first read-write key (the local stack's first start). */
export async function createOrganizationWithKey(
  db: Database,
  input: { name: string; plan?: PlanTier; scopes?: KeyScope[] },
): Promise<{ orgId: string; keyId: string; key: string }> {
  const [org] = await db
    .insert(organizations)
    .values({ name: input.name, plan: input.plan ?? "free" })
    .returning({ id: organizations.id });
  const orgId = org!.id;
  const { keyId, key } = await createApiKey(db, {
    orgId,
    scopes: input.scopes ?? ["read", "write"],
  });
  return { orgId, keyId, key };
}

/** Revokes a key: it stops working at once and stays for audit. */
export async function revokeApiKey(db: Database, keyId: string, now = new Date()): Promise<void> {
  await db.update(apiKeys).set({ revokedAt: now }).where(eq(apiKeys.id, keyId));
}
