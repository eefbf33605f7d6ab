import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "../../adapters/db/types";
import { memoryRedis } from "../../adapters/redis/memory";
import { migratedPglite } from "../../test-support/pglite";
import { apiHarness } from "./testing/harness";

describe("config broadcast log", () => {
  let db: DatabaseHandle;
  beforeAll(async () => {
    db = await migratedPglite();
  });
  afterAll(async () => {
    await db?.close();
  });

  it("logs one line per config change pushed to the probes", async () => {
    const h = apiHarness({ db, redis: memoryRedis().port });
    const { key } = await h.org();
    const created = await h.call("POST", "/v1/domains", key, { url: "https://example.com/" });
    const { id } = created.body as { id: string };
    await h.call("PATCH", `/v1/domains/${id}`, key, { name: "renamed" });
    await h.call("DELETE", `/v1/domains/${id}`, key);
    expect(h.log.lines.filter((l) => l.msg.startsWith("config "))).toEqual([
      { level: "info", msg: "config changed" },
      { level: "info", msg: "config changed" },
      { level: "info", msg: "config removed" },
    ]);
  });
});
