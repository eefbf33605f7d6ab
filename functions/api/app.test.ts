import { describe, expect, it } from "vitest";
import { memoryRedis } from "../../adapters/redis/memory";
import { migratedPglite } from "../../test-support/pglite";
import { apiContract } from "./api.test-suite";
import { apiHarness } from "./testing/harness";

async function pglite() {
  const db = await migratedPglite();
  return db;
}

apiContract("PGlite and in-process Redis", async () => {
  const db = await pglite();
  return { db, redis: memoryRedis().port, close: () => db.close() };
});

describe("API documents", () => {
  it("serves an OpenAPI 3.1 document listing every v1 operation", async () => {
    const db = await pglite();
    const h = apiHarness({ db, redis: memoryRedis().port });
    const res = await h.app.request("/openapi.json");
    // biome-ignore lint/suspicious/noExplicitAny: walking a JSON document
    const doc = (await res.json()) as any;
    expect(doc.openapi).toBe("3.1.0");
    expect(Object.keys(doc.paths).sort()).toEqual(
      [
        "/v1/api-keys",
        "/v1/api-keys/{id}",
        "/v1/channels",
        "/v1/channels/{id}",
        "/v1/channels/{id}/rotate-secret",
        "/v1/channels/{id}/test",
        "/v1/deliveries",
        "/v1/deliveries/{id}",
        "/v1/deliveries/{id}/retry",
        "/v1/domains",
        "/v1/domains/{id}",
        "/v1/domains/{id}/certificates",
        "/v1/domains/{id}/mute",
        "/v1/domains/{id}/sla",
        "/v1/domains/{id}/status",
        "/v1/domains/{id}/uptime",
        "/v1/events",
        "/v1/incidents",
        "/v1/incidents/{id}",
        "/v1/incidents/{id}/acknowledge",
        "/v1/incidents/{id}/resolve",
        "/v1/incidents/{id}/updates",
        "/v1/maintenance",
        "/v1/maintenance/{id}",
        "/v1/members",
        "/v1/members/{subject}",
        "/v1/status-pages",
        "/v1/status-pages/{id}",
      ].sort(),
    );
    expect(doc.components.schemas.CreateDomain.properties.regions.items.enum).toEqual([
      "ams",
      "iad",
      "sin",
    ]);
    expect(doc.components.securitySchemes.bearer).toMatchObject({ scheme: "bearer" });
    await db.close();
  });

  it("serves a reference page whose script comes from the API itself, not a CDN", async () => {
    const db = await pglite();
    const h = apiHarness({ db, redis: memoryRedis().port });
    const res = await h.app.request("/docs");
    const html = await res.text();
    expect(res.headers.get("content-type")).toMatch(/text\/html/);
    expect(html).toContain("/openapi.json");
    const src = /<script src="([^"]+)"/.exec(html)?.[1];
    expect(src).toBe("/docs/assets/scalar-standalone.js");
    expect(html).not.toMatch(/<script src="https?:/);
    const js = await h.app.request(src!);
    expect(js.status).toBe(200);
    expect(js.headers.get("content-type")).toMatch(/javascript/);
    expect((await js.text()).length).toBeGreaterThan(100_000);
    await db.close();
  });

  it("answers an unknown route with a JSON 404", async () => {
    const db = await pglite();
    const h = apiHarness({ db, redis: memoryRedis().port });
    const r = await h.call("GET", "/v2/nothing");
    expect(r.status).toBe(404);
    expect(r.body.error.code).toBe("not_found");
    await db.close();
  });
});
