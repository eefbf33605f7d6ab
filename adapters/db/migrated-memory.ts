import { PGlite } from "@electric-sql/pglite";
import { type DatabaseRole, migrateDatabase } from "./migrate";
import { openDatabase, pgliteHandle } from "./open";
import type { DatabaseHandle } from "./types";

/** Per process: the data directory of a fresh in-memory PGlite with each role's migrations. */
const snapshots = new Map<DatabaseRole, Promise<File | Blob>>();

async function snapshotOf(role: DatabaseRole): Promise<File | Blob> {
  const h = await openDatabase("");
  try {
    await migrateDatabase(h, role);
    return await (h.db as unknown as { $client: PGlite }).$client.dumpDataDir("none");
  } finally {
    await h.close();
  }
}

/**
 * A fresh in-memory PostgreSQL (PGlite) with `role`'s migrations applied, its own from the
 * start. The first of a process is created and migrated (initdb alone takes seconds here);
 * every later one starts from a copy of that data directory, in well under a second.
 */
export async function openMigratedMemory(role: DatabaseRole): Promise<DatabaseHandle> {
  let snapshot = snapshots.get(role);
  if (!snapshot) {
    snapshot = snapshotOf(role);
    snapshots.set(role, snapshot);
    snapshot.catch(() => snapshots.delete(role));
  }
  const client = new PGlite({ loadDataDir: await snapshot });
  await client.waitReady;
  return pgliteHandle(client);
}
