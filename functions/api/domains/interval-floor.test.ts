import { describe, expect, it } from "vitest";
import { memoryRedis } from "../../../adapters/redis/memory";
import { migratedPglite } from "../../../test-support/pglite";
import { aDomainBody, apiHarness } from "../testing/harness";

async function harness(minIntervalSeconds: number) {
  const db = await migratedPglite();
  return { db, h: apiHarness({ db, redis: memoryRedis().port, config: { minIntervalSeconds } }) };
}

describe("the deployment's interval floor (MIN_INTERVAL_SECONDS)", () => {
  it("refuses an interval under the floor with 422 naming the setting, not a plan", async () => {
    const { db, h } = await harness(30);
    const { key } = await h.org("business");
    const r = await h.call("POST", "/v1/domains", key, aDomainBody({ intervalSeconds: 1 }));
    expect(r.status).toBe(422);
    expect(r.body.error.field).toBe("intervalSeconds");
    expect(r.body.error.message).toContain("MIN_INTERVAL_SECONDS");
    expect(r.body.error.message).not.toContain("plan");
    await db.close();
  });

  it("accepts a one-second interval when the floor is 1", async () => {
    const { db, h } = await harness(1);
    const { key } = await h.org("business");
    const body = aDomainBody({ intervalSeconds: 1, timeoutMs: 500 });
    const r = await h.call("POST", "/v1/domains", key, body);
    expect(r.status).toBe(201);
    expect(r.body.intervalSeconds).toBe(1);
    await db.close();
  });
});
