import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "../adapters/db/types";
import { configKeys } from "../adapters/redis/config-keys";
import { memoryRedis } from "../adapters/redis/memory";
import { memoryLogger } from "../functions/api/testing/harness";
import { domains } from "../schema/control/domains";
import { organizations } from "../schema/control/organizations";
import { migratedPglite } from "../test-support/pglite";
import {
  ensureLocalApiKey,
  localApiConfig,
  openLocalRedis,
  type RunningApi,
  startApi,
} from "./api";

describe("startApi", () => {
  let db: DatabaseHandle;
  let api: RunningApi;
  let dir: string;
  const redis = memoryRedis();
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "dp-local-api-"));
    db = await migratedPglite();
    const [org] = await db.db.insert(organizations).values({ name: "before" }).returning();
    await db.db
      .insert(domains)
      .values({ orgId: org!.id, url: "https://a.test/", name: "a", regions: ["ams"] });
    api = await startApi({
      port: 0,
      db: db.db,
      redis: redis.port,
      config: localApiConfig(["ams", "iad", "sin"], 1),
      log: memoryLogger(),
      reconcileEveryMs: 50,
    });
  });
  afterAll(async () => {
    await api?.close();
    await db?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("rebuilds Redis from the database before serving", async () => {
    expect(api.reconciled).toMatchObject({ put: 1, deleted: 0, unchanged: 0, complete: true });
    expect(await redis.port.get(configKeys().complete)).toBe(String(api.reconciled.epoch));
    expect(await redis.hlen(configKeys().hash)).toBe(1);
  });

  it("serves /healthz and the API over HTTP, with the local floor of 1 s", async () => {
    expect(await (await fetch(`${api.url}/healthz`)).json()).toEqual({ ok: true });
    const { key, created } = await ensureLocalApiKey(db.db, join(dir, "api-key"));
    expect(created).toBe(true);
    const res = await fetch(`${api.url}/v1/domains`, {
      method: "POST",
      headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
      body: JSON.stringify({ url: "http://127.0.0.1:9/", intervalSeconds: 1, timeoutMs: 500 }),
    });
    expect(res.status).toBe(201);
    expect(await redis.hlen(configKeys().hash)).toBe(2);
    expect((await fetch(`${api.url}/openapi.json`)).status).toBe(200);
  });

  it("creates the local key once, private to its owner, and reads it back later", async () => {
    const file = join(dir, "again", "api-key");
    const first = await ensureLocalApiKey(db.db, file);
    const second = await ensureLocalApiKey(db.db, file);
    expect(first.created).toBe(true);
    expect(second).toEqual({ key: first.key, created: false });
    expect(first.key).toMatch(/^dp_live_/);
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it("repairs Redis on its own when a change never reached it", async () => {
    const hash = configKeys().hash;
    const [id] = Object.keys(await redis.hgetall(hash));
    await redis.hdel(hash, id!);
    const end = Date.now() + 2_000;
    while ((await redis.hget(hash, id!)) === null && Date.now() < end) {
      await new Promise((r) => setTimeout(r, 10));
    }
    expect(await redis.hget(hash, id!)).not.toBeNull();
  });
});

describe("openLocalRedis", () => {
  it("gives the API and the probes one in-process Redis when no URL is set", async () => {
    const r = openLocalRedis();
    const got: string[] = [];
    await r.probes.subscriber.subscribe("c", (m) => got.push(m));
    await r.api.publish("c", "hello");
    await new Promise((res) => setTimeout(res, 5));
    expect(got).toEqual(["hello"]);
    await r.close();
  });
});
