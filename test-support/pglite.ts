import { type DatabaseRole, migrateDatabase } from "../adapters/db/migrate";
import { openDatabase } from "../adapters/db/open";
import type { DatabaseHandle } from "../adapters/db/types";

/** A fresh in-memory PostgreSQL (PGlite) with `role`'s migrations applied. */
export async function migratedPglite(role: DatabaseRole = "control"): Promise<DatabaseHandle> {
  const db = await openDatabase("");
  await migrateDatabase(db, role);
  return db;
}
