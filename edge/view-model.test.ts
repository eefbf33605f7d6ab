import { describe, expect, it } from "vitest";
import { utcDay } from "../adapters/redis/status-read-model";
import { layeredCache, memoryCache } from "./cache";
import { aDomainStatus } from "./testing/seed";
import { buildPageView, type DomainReads } from "./view-model";
import { certBadge, uptimeBadge } from "./views/badge";

const NOW = Date.parse("2026-12-01T12:00:00Z");
const model = (n: number) => ({
  id: "p",
  slug: "p",
  title: "P",
  customHostname: null,
  updatedAt: "x",
  domains: Array.from({ length: n }, (_, i) => ({ id: `d${i}`, name: `D${i}` })),
});
const reads = (over: Partial<DomainReads> = {}): DomainReads => ({
  status: aDomainStatus(),
  days: {},
  incidents: {},
  maintenance: {},
  ...over,
});

describe("page view", () => {
  it("is an outage when a domain is down, maintenance when that domain is in a window", () => {
    const down = reads({ status: aDomainStatus({ status: "down" }) });
    expect(buildPageView(model(2), [reads(), down], NOW).overall).toBe("outage");
    const window = JSON.stringify({
      id: "w",
      from: "2026-12-01T11:00:00Z",
      to: "2026-12-01T13:00:00Z",
    });
    const held = { ...down, maintenance: { w: window } };
    const v = buildPageView(model(2), [reads(), held], NOW);
    expect(v.overall).toBe("maintenance");
    expect(v.maintenance).toEqual([expect.objectContaining({ id: "w", domainIds: ["d1"] })]);
  });

  it("reads degraded, unknown and operational, and leaves ended windows out", () => {
    const flap = reads({ status: aDomainStatus({ status: "flapping" }) });
    expect(buildPageView(model(2), [reads(), flap], NOW).overall).toBe("degraded");
    expect(buildPageView(model(1), [reads({ status: null })], NOW).overall).toBe("unknown");
    const ended = JSON.stringify({
      id: "w",
      from: "2026-11-01T00:00:00Z",
      to: "2026-11-02T00:00:00Z",
    });
    const v = buildPageView(model(1), [reads({ maintenance: { w: ended } })], NOW);
    expect(v.overall).toBe("operational");
    expect(v.maintenance).toEqual([]);
  });

  it("fills 90 days ending today and computes uptime over the days that had checks", () => {
    const days = {
      [utcDay(NOW)]: "100,1",
      [utcDay(NOW - 86_400_000)]: "100,0",
      "2020-01-01": "5,5",
      junk: "x",
    };
    const d = buildPageView(model(1), [reads({ days })], NOW).domains[0]!;
    expect(d.days).toHaveLength(90);
    expect(d.days.at(-1)).toEqual({ day: "2026-12-01", checks: 100, failures: 1 });
    expect(d.days[0]!.checks).toBe(0);
    expect(d.uptime90d).toBe(99.5);
    expect(d.certDaysLeft).toBe(64.2);
  });
});

describe("badges", () => {
  it("tell certificate days left, expiry and invalid chains in words", () => {
    const tls = aDomainStatus().tls!;
    expect(certBadge(tls)).toContain("64 days left");
    expect(certBadge({ ...tls, daysToExpiry: -1 })).toContain(">expired<");
    expect(certBadge({ ...tls, authorized: false })).toContain(">invalid<");
    expect(certBadge(null)).toContain("none seen");
    expect(uptimeBadge(null, 30)).toContain("no data");
  });
});

describe("caches", () => {
  it("keeps a response for its s-maxage, capped by maxTtlSeconds, and layers a front cache", async () => {
    let now = 0;
    const back = memoryCache({ now: () => now });
    const front = memoryCache({ now: () => now, maxTtlSeconds: 5 });
    const both = layeredCache(front, back);
    const res = () =>
      new Response("x", { headers: { "cache-control": "public, max-age=10, s-maxage=30" } });
    await both.put("k", res());
    await back.put("nostore", new Response("y", { headers: { "cache-control": "no-store" } }));
    now = 6_000;
    expect(await front.match("k")).toBeUndefined();
    expect(await (await both.match("k"))!.text()).toBe("x");
    expect(await front.match("k")).toBeDefined();
    now = 31_000;
    expect(await back.match("k")).toBeUndefined();
    expect(await back.match("nostore")).toBeUndefined();
  });
});
