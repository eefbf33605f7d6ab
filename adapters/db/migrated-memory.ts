import { createHash } from "node:crypto";
import { mkdir, readdir, readFile, rename, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { type DatabaseRole, migrateDatabase, migrationsFolder } from "./migrate";
import { openDatabase, pgliteHandle } from "./open";
import type { DatabaseHandle } from "./types";

/** Where the migrated data directories are kept between processes (one file per role and key). */
export function snapshotDir(): string {
  return join(tmpdir(), "domainpilot-pglite");
}

/** What a snapshot depends on: every file of the role's migrations and the PGlite release. */
async function snapshotKey(role: DatabaseRole): Promise<string> {
  const hash = createHash("sha256").update(role);
  const entry = createRequire(import.meta.url).resolve("@electric-sql/pglite");
  let dir = dirname(entry);
  // the package's own package.json sits above its dist folder
  while (!(await readdir(dir)).includes("package.json")) dir = dirname(dir);
  hash.update(await readFile(join(dir, "package.json")));
  const folder = migrationsFolder(role);
  const walk = async (d: string): Promise<void> => {
    for (const name of (await readdir(d, { withFileTypes: true })).sort((a, b) =>
      a.name < b.name ? -1 : 1,
    )) {
      const path = join(d, name.name);
      if (name.isDirectory()) await walk(path);
      else hash.update(name.name).update(await readFile(path));
    }
  };
  await walk(folder);
  return hash.digest("hex").slice(0, 16);
}

async function migratedDump(role: DatabaseRole): Promise<Blob> {
  const h = await openDatabase("");
  try {
    await migrateDatabase(h, role);
    return await (h.db as unknown as { $client: PGlite }).$client.dumpDataDir("none");
  } finally {
    await h.close();
  }
}

/** The role's migrated data directory: read from disk, or made, migrated and written there. */
async function loadSnapshot(role: DatabaseRole): Promise<Blob> {
  const file = join(snapshotDir(), `${role}-${await snapshotKey(role)}.tar`);
  try {
    return new Blob([await readFile(file)]);
  } catch {
    const dump = await migratedDump(role);
    // written aside and renamed, so a process reading it never sees half a file
    await mkdir(snapshotDir(), { recursive: true });
    const partial = `${file}.${process.pid}.${Date.now()}`;
    await writeFile(partial, new Uint8Array(await dump.arrayBuffer()));
    await rename(partial, file);
    return dump;
  }
}

/** Per process: each role's snapshot, read once. */
const snapshots = new Map<DatabaseRole, Promise<Blob>>();

/**
 * A fresh in-memory PostgreSQL (PGlite) with `role`'s migrations applied, its own from the
 * start. initdb and the migrations take seconds here, so they run once per migration set: the
 * data directory is kept on disk (keyed by the migrations' content and the PGlite release) and
 * every later database, in any process, starts from a copy of it in well under a second.
 */
export async function openMigratedMemory(role: DatabaseRole): Promise<DatabaseHandle> {
  let snapshot = snapshots.get(role);
  if (!snapshot) {
    snapshot = loadSnapshot(role);
    snapshots.set(role, snapshot);
    snapshot.catch(() => snapshots.delete(role));
  }
  const client = new PGlite({ loadDataDir: await snapshot });
  await client.waitReady;
  return pgliteHandle(client);
}
