import { describe, expect, it } from "vitest";
import { memoryRedis } from "../../adapters/redis/memory";
import { migratedPglite } from "../../test-support/pglite";
import { apiHarness } from "./testing/harness";

describe("Standard Webhooks in the API reference", () => {
  // the rendered /docs page shows the same text: see docs.browser.int.test.ts
  it("names the three headers in /openapi.json, which /docs renders", async () => {
    const db = await migratedPglite();
    const h = apiHarness({ db, redis: memoryRedis().port });
    // biome-ignore lint/suspicious/noExplicitAny: walking a JSON document
    const doc = (await (await h.app.request("/openapi.json")).json()) as any;
    for (const header of ["webhook-id", "webhook-timestamp", "webhook-signature: v1,"]) {
      expect(doc.paths["/v1/channels"].post.description).toContain(header);
    }
    await db.close();
  });
});
