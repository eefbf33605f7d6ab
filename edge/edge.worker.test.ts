import { beforeAll, describe, expect, inject, it } from "vitest";
import { createEdgeApp } from "./app";
import type { CacheLike } from "./cache";
import { seedStatusPage } from "./testing/seed";
import { upstashStore } from "./upstash-store";
import worker from "./worker";

// these tests run inside workerd: caches.default, fetch and the Worker entry are the real ones
const { url, token } = inject("upstash");
const env = { UPSTASH_REDIS_REST_URL: url, UPSTASH_REDIS_REST_TOKEN: token };
const store = upstashStore({ url, token });
const cache = (globalThis as unknown as { caches: { default: CacheLike } }).caches.default;
const NOW = Date.now();

/** One request through the Worker entry, waiting for its waitUntil work (the cache puts). */
async function get(path: string, host = "status.domainpilot.test") {
  const pending: Promise<unknown>[] = [];
  const ctx = {
    waitUntil: (p: Promise<unknown>) => pending.push(p),
    passThroughOnException() {},
    props: {},
  };
  const res = await worker.fetch(new Request(`https://${host}${path}`), env, ctx);
  const body = await res.text();
  await Promise.all(pending);
  return { res, body };
}

let s: Awaited<ReturnType<typeof seedStatusPage>>;
beforeAll(async () => {
  s = await seedStatusPage(store, NOW, { customHostname: "status.acme.test" });
});

describe("the status Worker in workerd, on Upstash REST", () => {
  it("serves the HTML page with every state in words", async () => {
    const { res, body } = await get(`/status/${s.slug}`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("text/html");
    expect(body).toContain("<h1>Acme</h1>");
    expect(body).toContain("Some systems are down");
    expect(body).toContain("We are looking into slow responses.");
    expect(new TextEncoder().encode(body).length).toBeLessThan(30_000);
  });

  it("serves the page as JSON", async () => {
    const { res, body } = await get(`/status/${s.slug}.json`);
    expect(res.headers.get("content-type")).toContain("application/json");
    const view = JSON.parse(body);
    expect(view.stale).toBe(false);
    expect(view.domains.map((d: { name: string }) => d.name)).toEqual([
      "Website",
      "API",
      "Dashboard",
    ]);
    expect(view.activeIncidents[0].id).toBe(s.open.id);
    expect(view.maintenance[0]).toMatchObject({ id: s.maintenance.id, domainIds: [s.third.id] });
  });

  it("serves an Atom feed of the incidents", async () => {
    const { res, body } = await get(`/status/${s.slug}/feed.atom`);
    expect(res.headers.get("content-type")).toContain("application/atom+xml");
    expect(body).toContain('<feed xmlns="http://www.w3.org/2005/Atom">');
    expect(body.match(/<entry>/g)).toHaveLength(2);
    expect(body).toContain(`urn:uuid:${s.open.id}`);
    expect(body).toContain("API: timeout (Identified)");
  });

  it("draws status, uptime and certificate badges", async () => {
    const status = await get(`/badge/${s.down.id}/status.svg`);
    expect(status.res.headers.get("content-type")).toContain("image/svg+xml");
    expect(status.body).toContain('aria-label="status: down"');
    const uptime = await get(`/badge/${s.up.id}/uptime.svg?days=7`);
    // 40 failures of 7 × 2,880 checks
    expect(uptime.body).toContain('aria-label="uptime 7d: 99.8%"');
    const cert = await get(`/badge/${s.up.id}/cert.svg`);
    expect(cert.body).toContain('aria-label="certificate: 64 days left"');
    expect((await get(`/badge/${s.up.id}/uptime.svg?days=400`)).res.status).toBe(400);
  });

  it("answers 404 for an unknown slug or domain", async () => {
    expect((await get("/status/no-such-page")).res.status).toBe(404);
    expect((await get("/status/no-such-page.json")).res.status).toBe(404);
    expect((await get(`/badge/${crypto.randomUUID()}/status.svg`)).res.status).toBe(404);
    expect((await get("/badge/not-a-uuid/cert.svg")).res.status).toBe(404);
  });

  it("answers the second request from the Cache API", async () => {
    const path = `/badge/${s.third.id}/status.svg`;
    const first = await get(path);
    expect(first.res.headers.get("x-cache")).toBe("MISS");
    expect(first.res.headers.get("cache-control")).toBe("public, max-age=10, s-maxage=30");
    const second = await get(path);
    expect(second.res.headers.get("x-cache")).toBe("HIT");
    expect(second.body).toBe(first.body);
  });

  it("serves the last good copy, marked stale, when Redis cannot be read", async () => {
    const page = `/status/${s.slug}`;
    await get(`${page}.json`);
    await get(page);
    // the fresh copies expire; Redis is unreachable (nothing listens on port 9)
    const host = "https://status.domainpilot.test";
    await cache.delete(`${host}${page}`);
    await cache.delete(`${host}${page}.json`);
    const dead = createEdgeApp({
      store: upstashStore({ url: "http://127.0.0.1:9", token, timeoutMs: 500 }),
      cache,
      onRedisError: () => {},
    });
    const json = await dead.request(`${host}${page}.json`);
    expect(json.status).toBe(200);
    expect(json.headers.get("x-status-stale")).toBe("1");
    expect(json.headers.get("cache-control")).toBe("no-store");
    expect(((await json.json()) as { stale: boolean }).stale).toBe(true);
    const html = await (await dead.request(`${host}${page}`)).text();
    expect(html).toContain("Live status is unavailable right now; this is the last known status");
    expect(html).toContain("Some systems are down");
    const never = await dead.request(`${host}/status/never-seen`);
    expect(never.status).toBe(503);
  });

  it("serves a page on the customer's own hostname", async () => {
    const { res, body } = await get("/", "status.acme.test");
    expect(res.status).toBe(200);
    expect(body).toContain("<h1>Acme</h1>");
    expect(body).toContain('href="/feed.atom"');
    const json = JSON.parse((await get("/status.json", "status.acme.test")).body);
    expect(json.slug).toBe(s.slug);
    expect((await get("/", "unknown.example.test")).res.status).toBe(404);
  });
});
