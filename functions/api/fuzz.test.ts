import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migrateDatabase } from "../../adapters/db/migrate";
import { openDatabase } from "../../adapters/db/open";
import type { DatabaseHandle } from "../../adapters/db/types";
import { memoryRedis } from "../../adapters/redis/memory";
import { type ApiHarness, aDomainBody, apiHarness } from "./testing/harness";

/** A small deterministic generator (mulberry32), so a failure replays. */
function rng(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const odd: unknown[] = [
  null,
  true,
  0,
  -1,
  1.5,
  1e308,
  Number.MAX_SAFE_INTEGER,
  "",
  " ",
  "x".repeat(3000),
  "ams",
  "https://a.test/",
  "ftp://x",
  "200-399",
  "999",
  "00000000-0000-4000-8000-000000000000",
  "ünïcode ✓",
  [],
  [null],
  ["ams", "ams"],
  [1, 2],
  {},
  { a: 1 },
  [{}],
  "1' OR '1'='1",
];
const domainFields = [
  "url",
  "name",
  "regions",
  "intervalSeconds",
  "timeoutMs",
  "quorum",
  "method",
  "expectStatus",
  "keyword",
  "maxRedirects",
  "sslWarnDays",
  "paused",
  "channelIds",
  "extra",
];
const channelFields = ["type", "name", "url", "webhookUrl", "to", "endpoint", "keys", "enabled"];

function body(next: () => number, fields: string[], base: Record<string, unknown>) {
  const out: Record<string, unknown> = { ...base };
  const n = 1 + Math.floor(next() * 3);
  for (let i = 0; i < n; i++) {
    out[fields[Math.floor(next() * fields.length)]!] = odd[Math.floor(next() * odd.length)];
  }
  return out;
}

describe("bad input never yields a 500", () => {
  let db: DatabaseHandle;
  let h: ApiHarness;
  let key: string;
  let domainId: string;
  let channelId: string;
  beforeAll(async () => {
    db = await openDatabase("");
    await migrateDatabase(db, "control");
    h = apiHarness({ db, redis: memoryRedis().port });
    ({ key } = await h.org("business"));
    domainId = (await h.call("POST", "/v1/domains", key, aDomainBody())).body.id;
    channelId = (await h.call("POST", "/v1/channels", key, { type: "email", to: ["a@b.test"] }))
      .body.id;
  });
  afterAll(async () => {
    await db?.close();
  });

  it("answers 300 random bodies and queries with a 2xx or a 4xx error body", async () => {
    const next = rng(42);
    const statuses = new Set<number>();
    for (let i = 0; i < 300; i++) {
      const pick = i % 5;
      const r =
        pick === 0
          ? await h.call("POST", "/v1/domains", key, body(next, domainFields, aDomainBody()))
          : pick === 1
            ? await h.call("PATCH", `/v1/domains/${domainId}`, key, body(next, domainFields, {}))
            : pick === 2
              ? await h.call("POST", "/v1/channels", key, body(next, channelFields, {}))
              : pick === 3
                ? await h.call(
                    "PATCH",
                    `/v1/channels/${channelId}`,
                    key,
                    body(next, channelFields, {}),
                  )
                : await h.call(
                    "GET",
                    `/v1/incidents?limit=${encodeURIComponent(String(odd[Math.floor(next() * odd.length)]))}&state=${encodeURIComponent(String(odd[Math.floor(next() * odd.length)]))}`,
                    key,
                  );
      statuses.add(r.status);
      expect(r.status, JSON.stringify(r.body)).toBeLessThan(500);
      if (r.status >= 400) expect(r.body.error).toMatchObject({ code: expect.any(String) });
    }
    expect([...statuses].some((s) => s >= 400)).toBe(true);
    expect(h.log.lines.filter((l) => l.level === "error")).toEqual([]);
  });
});
