import { describe, expect, it } from "vitest";
import { memoryRedis } from "../../adapters/redis/memory";
import { migratedPglite } from "../../test-support/pglite";
import { apiHarness } from "./testing/harness";

describe("a body that is not sent as JSON", () => {
  it.each([
    ["text/plain", { "content-type": "text/plain" }],
    ["form-encoded", { "content-type": "application/x-www-form-urlencoded" }],
    ["no content type", {}],
  ])("is a 400 naming content-type (%s)", async (_label, headers: Record<string, string>) => {
    const db = await migratedPglite();
    const h = apiHarness({ db, redis: memoryRedis().port });
    const { key } = await h.org();
    const res = await h.app.request("/v1/domains", {
      method: "POST",
      headers: { authorization: `Bearer ${key}`, ...headers },
      body: JSON.stringify({ url: "https://example.com/" }),
    });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { code: string; field?: string } };
    expect(body.error).toMatchObject({ code: "invalid_request", field: "content-type" });
    await db.close();
  });
});
