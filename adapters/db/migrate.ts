import { fileURLToPath } from "node:url";
import { migrate as migrateNeon } from "drizzle-orm/neon-serverless/migrator";
import { migrate as migrateNodePg } from "drizzle-orm/node-postgres/migrator";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import type { DatabaseHandle } from "./types";

/** The two databases; never mixed, each with its own migrations and bookkeeping table. */
export type DatabaseRole = "control" | "timeseries";

/** Folder of a role's committed migrations. */
export function migrationsFolder(role: DatabaseRole): string {
  return fileURLToPath(new URL(`../../schema/migrations/${role}`, import.meta.url));
}

/** Applies the role's pending migrations; safe to run on every start. */
export async function migrateDatabase(handle: DatabaseHandle, role: DatabaseRole): Promise<void> {
  const config = {
    migrationsFolder: migrationsFolder(role),
    // Distinct bookkeeping tables, so both roles can even share one database in a pinch.
    migrationsTable: `__dp_${role}_migrations`,
  };
  // The drizzle instance is typed per driver; each migrator gets the one it was built for.
  // biome-ignore lint/suspicious/noExplicitAny: narrowing a driver-generic handle to its driver
  const db = handle.db as any;
  if (handle.kind === "pglite") await migratePglite(db, config);
  else if (handle.kind === "neon") await migrateNeon(db, config);
  else await migrateNodePg(db, config);
}
