import { describe, expect, it } from "vitest";
import { memoryRedis } from "../adapters/redis/memory";
import { StatusPageView } from "../schema/wire/status-page";
import { createEdgeApp } from "./app";
import { memoryCache } from "./cache";
import { seedStatusPage } from "./testing/seed";

const NOW = Date.parse("2026-12-01T10:00:00Z");

function setup() {
  const redis = memoryRedis();
  const cache = memoryCache({ now: () => NOW });
  const errors: unknown[] = [];
  const app = createEdgeApp({
    store: redis.port,
    cache,
    now: () => NOW,
    onRedisError: (e) => errors.push(e),
  });
  return { redis, cache, app, errors };
}

describe("edge app on the in-process Redis", () => {
  it("renders a page under 30 KB with states in words and a text per day", async () => {
    const { redis, app } = setup();
    const s = await seedStatusPage(redis.port, NOW);
    const res = await app.request(`/status/${s.slug}`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(new TextEncoder().encode(html).length).toBeLessThan(30_000);
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).toContain("Some systems are down");
    expect(html).toContain("✕ Down");
    expect(html).toContain("We are looking into slow responses.");
    expect(html).toContain("Database upgrade");
    expect(html).toContain("2026-12-01: 99.3%"); // 20 failures of 2,880 today on the API
    expect(html.match(/<li class="[ownd]" title=/g)).toHaveLength(270);
    expect(html).not.toMatch(/<script|https?:\/\/fonts/);
  });

  it("answers the same data as JSON, 404 for an unknown slug", async () => {
    const { redis, app } = setup();
    const s = await seedStatusPage(redis.port, NOW);
    const body = StatusPageView.parse(await (await app.request(`/status/${s.slug}.json`)).json());
    expect(body.overall).toBe("outage");
    expect(body.domains.map((d) => d.status)).toEqual(["up", "down", "up"]);
    expect(body.activeIncidents.map((i) => i.id)).toEqual([s.open.id]);
    expect(body.recentIncidents.map((i) => i.id)).toEqual([s.resolved.id]);
    expect(body.domains[0]!.days).toHaveLength(90);
    expect((await app.request("/status/nope")).status).toBe(404);
    expect((await app.request("/status/nope.json")).status).toBe(404);
  });

  it("serves the cached copy within s-maxage without reading Redis", async () => {
    const { redis, app } = setup();
    const s = await seedStatusPage(redis.port, NOW);
    const first = await app.request(`/status/${s.slug}`);
    expect(first.headers.get("x-cache")).toBe("MISS");
    expect(first.headers.get("cache-control")).toContain("s-maxage=30");
    await redis.port.del(`dp:sp:${s.slug}`);
    const second = await app.request(`/status/${s.slug}`);
    expect(second.headers.get("x-cache")).toBe("HIT");
    expect(await second.text()).toBe(await first.text());
  });
});
