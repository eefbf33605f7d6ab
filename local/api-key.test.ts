import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { revokeApiKey } from "../functions/api/keys/create-key";
import { apiKeys } from "../schema/control/api-keys";
import { migratedPglite } from "../test-support/pglite";
import { ensureLocalApiKey } from "./api";

const dir = mkdtempSync(join(tmpdir(), "dp-local-key-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("ensureLocalApiKey", () => {
  it("creates and writes a new key when the file's key is not in this database", async () => {
    const file = join(dir, "fresh-db", "api-key");
    const old = await migratedPglite();
    const first = await ensureLocalApiKey(old.db, file);
    await old.close();
    const db = await migratedPglite(); // e.g. a new DATABASE_URL behind the same DATA_DIR
    const second = await ensureLocalApiKey(db.db, file);
    expect(second.created).toBe(true);
    expect(second.key).not.toBe(first.key);
    expect(readFileSync(file, "utf8").trim()).toBe(second.key);
    expect(await db.db.select().from(apiKeys)).toHaveLength(1);
    await db.close();
  });

  it("replaces a revoked key and keeps a live one", async () => {
    const file = join(dir, "revoked", "api-key");
    const db = await migratedPglite();
    const first = await ensureLocalApiKey(db.db, file);
    expect(await ensureLocalApiKey(db.db, file)).toEqual({ key: first.key, created: false });
    const [row] = await db.db.select().from(apiKeys);
    await revokeApiKey(db.db, row!.id);
    const third = await ensureLocalApiKey(db.db, file);
    expect(third.created).toBe(true);
    expect(third.key).not.toBe(first.key);
    await db.close();
  });
});
