import { afterAll, afterEach, beforeAll, beforeEach } from "vitest";
import type { DatabaseRole } from "../adapters/db/migrate";
import { openMigratedMemory } from "../adapters/db/migrated-memory";
import type { DatabaseHandle } from "../adapters/db/types";

/** A fresh in-memory PostgreSQL (PGlite) with `role`'s migrations applied (see openMigratedMemory). */
export function migratedPglite(role: DatabaseRole = "control"): Promise<DatabaseHandle> {
  return openMigratedMemory(role);
}

/**
 * A migrated PGlite for the enclosing suite, fresh for each test (`each`) or shared by all of
 * them (`all`); the handle returned stands for whichever is open, so tests read it as a plain
 * DatabaseHandle. The fixture closes it.
 */
export function usePglite(role: DatabaseRole, scope: "each" | "all" = "each"): DatabaseHandle {
  let current: DatabaseHandle | undefined;
  const open = () => {
    if (!current) throw new Error("the PGlite fixture opens before each test");
    return current;
  };
  (scope === "each" ? beforeEach : beforeAll)(async () => {
    current = await migratedPglite(role);
  });
  (scope === "each" ? afterEach : afterAll)(async () => {
    await current?.close();
    current = undefined;
  });
  return {
    get kind() {
      return open().kind;
    },
    get db() {
      return open().db;
    },
    bulkInsert: (table, rows, opts) => open().bulkInsert(table, rows, opts),
    transaction: (fn) => open().transaction(fn),
    close: async () => {},
  };
}
