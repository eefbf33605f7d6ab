import { afterAll, beforeAll, expect, it } from "vitest";
import { openDatabase } from "../../adapters/db/open";
import type { DatabaseHandle } from "../../adapters/db/types";
import { configKeys } from "../../adapters/redis/config-keys";
import { ioredisAdapter } from "../../adapters/redis/ioredis";
import { memoryRedis } from "../../adapters/redis/memory";
import { aDomainBody, apiHarness } from "../../functions/api/testing/harness";
import { startRedisServer } from "../../test-support/redis-server";
import { runScript } from "../../test-support/run-script";
import { scratchDatabase } from "../../test-support/scratch-postgres";
import { describeWith, serviceUrl } from "../../test-support/services";

const CLI = "scripts/admin/main.ts";

describeWith(["DATABASE_URL", "REDIS_URL"], "npm run admin on a fresh PostgreSQL", () => {
  let scratch: Awaited<ReturnType<typeof scratchDatabase>>;
  let redis: Awaited<ReturnType<typeof startRedisServer>>;
  let db: DatabaseHandle | undefined;
  const admin = (args: string[], extra: Record<string, string> = {}) =>
    runScript(CLI, args, { PATH: process.env.PATH, DATABASE_URL: scratch.url, ...extra });

  beforeAll(async () => {
    scratch = await scratchDatabase(serviceUrl("DATABASE_URL")!, "admin");
    // reconcile writes the production key names: give it a Redis of its own
    redis = await startRedisServer();
  });
  afterAll(async () => {
    await db?.close();
    await redis?.stop();
    await scratch?.drop();
  });

  it("org create prints a key the real API accepts, read keys only read, revoked keys fail", async () => {
    const created = await admin(["org", "create", "--name", "acme"]);
    expect(created.stderr).toBe("");
    expect(created.code).toBe(0);
    const { orgId, apiKey } = JSON.parse(created.stdout) as { orgId: string; apiKey: string };

    db = await openDatabase(scratch.url);
    const h = apiHarness({ db, redis: memoryRedis().port });
    expect((await h.call("GET", "/v1/domains", apiKey)).status).toBe(200);
    // the free plan's floor is 300 s: the key is accepted and the plan applies
    const made = await h.call("POST", "/v1/domains", apiKey, aDomainBody({ intervalSeconds: 300 }));
    expect(made.status).toBe(201);

    const read = await admin(["key", "create", "--org", orgId, "--scope", "read"]);
    expect(read.code).toBe(0);
    const readKey = JSON.parse(read.stdout) as { id: string; apiKey: string };
    expect((await h.call("GET", "/v1/domains", readKey.apiKey)).status).toBe(200);
    expect((await h.call("POST", "/v1/domains", readKey.apiKey, aDomainBody())).status).toBe(403);

    const revoked = await admin(["key", "revoke", readKey.id]);
    expect(revoked.code).toBe(0);
    expect(JSON.parse(revoked.stdout).id).toBe(readKey.id);
    expect((await h.call("GET", "/v1/domains", readKey.apiKey)).status).toBe(401);
    expect((await admin(["key", "revoke", readKey.id])).code).toBe(0);
    const unknown = await admin(["key", "revoke", "0b5a3c2e-6f1d-4c8a-9e7b-1234567890ab"]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/^admin: no API key 0b5a3c2e/);

    // business allows 30 s checks, which free refused
    expect(
      (await h.call("POST", "/v1/domains", apiKey, aDomainBody({ intervalSeconds: 30 }))).status,
    ).toBe(422);
    expect((await admin(["plan", "set", "--org", orgId, "business"])).code).toBe(0);
    expect(
      (await h.call("POST", "/v1/domains", apiKey, aDomainBody({ intervalSeconds: 30 }))).status,
    ).toBe(201);
  }, 120_000);

  it("reconcile rebuilds an empty Redis from the control DB", async () => {
    const run = await admin(["reconcile"], { REDIS_URL: redis.url });
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ put: 2, deleted: 0, unchanged: 0 });
    const r = ioredisAdapter({ url: redis.url });
    try {
      expect(Object.keys(await r.port.hgetall(configKeys().hash))).toHaveLength(2);
    } finally {
      await r.close();
    }
    const again = await admin(["reconcile"], { REDIS_URL: redis.url });
    expect(JSON.parse(again.stdout)).toMatchObject({ put: 0, unchanged: 2 });
  }, 60_000);

  it("exits 1 with one line, no stack trace, when the database is unreachable", async () => {
    const run = await admin(["org", "create", "--name", "x"], {
      DATABASE_URL: "postgres://postgres@127.0.0.1:1/none",
    });
    expect(run.code).toBe(1);
    expect(run.stdout).toBe("");
    expect(run.stderr).toMatch(/^admin: cannot use the control database .*ECONNREFUSED/);
    expect(run.stderr.trim().split("\n")).toHaveLength(1);
  }, 60_000);
});
