import { afterAll, beforeAll, describe, expect, it } from "vitest";
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
type Next = ReturnType<typeof rng>;
const pick = <T>(next: Next, list: readonly T[]): T => list[Math.floor(next() * list.length)]!;

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

/** Strings for path segments and query values: edges of ids, dates, numbers and encodings. */
const oddText: string[] = [
  ...odd.map((v) => (typeof v === "string" ? v : JSON.stringify(v))),
  "0000-01-01",
  "0000-01-02",
  "0001-01-01",
  "1969-12-31",
  "1970-01-01T00:00:00Z",
  "2026-02-30",
  "2026-13-01",
  "2026-01-01T25:00:00Z",
  "2026-01-01T00:00:00+14:00",
  "2026-01-01T00:00:00.123456789Z",
  "9999-12-31",
  "9999-12-31T23:59:59.999Z",
  "+275760-09-13T00:00:00Z",
  "10000-01-01",
  "2026-01-01",
  "2026-01-02",
  "NaN",
  "Infinity",
  "-0",
  "1e3",
  "0x10",
  "99999999999999999999",
  "hour",
  "day",
  "week",
  "open",
  "resolved",
  "..",
  "a/b",
  "%",
  "%00",
  "\u0000",
  "😀",
  "00000000-0000-0000-0000-000000000000",
  "ZZZZZZZZ-0000-4000-8000-000000000000",
  "eyJhIjoxfQ",
  // a cursor at the largest position the API accepts
  "WyI5OTk5OTk5OTk5OTk5OTk5OSIsIjAwMDAwMDAwLTAwMDAtNDAwMC04MDAwLTAwMDAwMDAwMDAwMCJd",
];

/** The instants among them, for uptime ranges that pass the schema and reach the database. */
const instants = oddText.filter((t) => /^[+-]?\d{4,6}-\d\d-\d\d/.test(t));

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

function body(next: Next, fields: string[], base: Record<string, unknown>) {
  const out: Record<string, unknown> = { ...base };
  const n = 1 + Math.floor(next() * 3);
  for (let i = 0; i < n; i++) out[pick(next, fields)] = pick(next, odd);
  return out;
}

/** One query string of 1-3 parameters from `names`, values odd, sometimes repeated. */
function query(next: Next, names: readonly string[]): string {
  const parts: string[] = [];
  const n = 1 + Math.floor(next() * 3);
  for (let i = 0; i < n; i++) {
    parts.push(`${pick(next, names)}=${encodeURIComponent(pick(next, oddText))}`);
  }
  return parts.join("&");
}

/** Where the fuzz runs: a migrated control database, and a time-series one for roll-ups. */
export interface FuzzStores {
  db: DatabaseHandle;
  timeseries: DatabaseHandle;
  close(): Promise<void>;
}

/**
 * Bad input never yields a 500: random bodies, path parameters and query strings against the
 * real app on the given databases, each answered with a 2xx or a 4xx error body naming a code.
 */
export function apiFuzz(name: string, open: () => Promise<FuzzStores>): void {
  describe(`bad input never yields a 500: ${name}`, () => {
    let stores: FuzzStores;
    let h: ApiHarness;
    let key: string;
    let domainId: string;
    let channelId: string;
    beforeAll(async () => {
      stores = await open();
      h = apiHarness({ db: stores.db, timeseries: stores.timeseries, redis: memoryRedis().port });
      ({ key } = await h.org("business"));
      domainId = (await h.call("POST", "/v1/domains", key, aDomainBody())).body.id;
      channelId = (await h.call("POST", "/v1/channels", key, { type: "email", to: ["a@b.test"] }))
        .body.id;
    });
    afterAll(async () => {
      await stores?.close();
    });

    /** Sends one request and asserts the answer is a 2xx or a well-formed 4xx; returns it. */
    async function expectNo500(method: string, path: string, sent?: unknown) {
      const r = await h.call(method, path, key, sent);
      expect(r.status, `${method} ${path} → ${JSON.stringify(r.body)}`).toBeLessThan(500);
      if (r.status >= 400) expect(r.body.error).toMatchObject({ code: expect.any(String) });
      return r.status;
    }

    it("answers 300 random bodies with a 2xx or a 4xx error body", async () => {
      const next = rng(42);
      const statuses = new Set<number>();
      for (let i = 0; i < 300; i++) {
        const k = i % 4;
        const [method, path, fields, base] =
          k === 0
            ? ["POST", "/v1/domains", domainFields, aDomainBody()]
            : k === 1
              ? ["PATCH", `/v1/domains/${domainId}`, domainFields, {}]
              : k === 2
                ? ["POST", "/v1/channels", channelFields, {}]
                : ["PATCH", `/v1/channels/${channelId}`, channelFields, {}];
        statuses.add(await expectNo500(method, path, body(next, fields, base)));
      }
      expect([...statuses].some((s) => s >= 400)).toBe(true);
    });

    it("answers 300 random path parameters with a 2xx or a 4xx error body", async () => {
      const next = rng(7);
      const routes = [
        ["GET", "/v1/domains/:id"],
        ["PATCH", "/v1/domains/:id"],
        ["DELETE", "/v1/domains/:id"],
        ["GET", "/v1/domains/:id/status"],
        ["GET", "/v1/domains/:id/uptime"],
        ["GET", "/v1/channels/:id"],
        ["PATCH", "/v1/channels/:id"],
        ["DELETE", "/v1/channels/:id"],
      ] as const;
      const statuses = new Set<number>();
      for (let i = 0; i < 300; i++) {
        const [method, template] = pick(next, routes);
        const raw = pick(next, oddText);
        // mostly encoded as a client would; sometimes sent raw, bad escapes and all
        const segment = next() < 0.75 ? encodeURIComponent(raw) : raw.replace(/[\s#?]/g, "");
        const path = template.replace(":id", segment || "%20");
        const sent = method === "PATCH" ? { name: "renamed" } : undefined;
        statuses.add(await expectNo500(method, path, sent));
      }
      expect(statuses.has(404) || statuses.has(400)).toBe(true);
    });

    it("answers 900 random query strings with a 2xx or a 4xx error body", async () => {
      const next = rng(1234);
      const routes = [
        [`/v1/domains/:id/uptime`, ["from", "to", "granularity"]],
        ["/v1/domains", ["limit", "cursor"]],
        ["/v1/incidents", ["limit", "cursor", "state", "domainId"]],
        ["/v1/channels", ["limit", "cursor"]],
      ] as const;
      const statuses = new Set<number>();
      for (let i = 0; i < 400; i++) {
        const [template, names] = pick(next, routes);
        const path = template.replace(":id", domainId);
        statuses.add(await expectNo500("GET", `${path}?${query(next, names)}`));
      }
      // ranges made of instants only, so many pass validation and query the roll-ups
      for (let i = 0; i < 500; i++) {
        const from = encodeURIComponent(pick(next, instants));
        const to = encodeURIComponent(pick(next, instants));
        const g = pick(next, ["hour", "day"]);
        const q = `from=${from}&to=${to}&granularity=${g}`;
        statuses.add(await expectNo500("GET", `/v1/domains/${domainId}/uptime?${q}`));
      }
      expect(statuses.has(200)).toBe(true);
      expect(statuses.has(400)).toBe(true);
    });

    it("answers an uptime range at the edges of the calendar with a 400 naming the field", async () => {
      for (const [from, to] of [
        ["0000-01-01", "0000-01-02"],
        ["0001-01-01", "0001-01-02"],
        ["9999-12-31", "10000-01-01"],
      ]) {
        const r = await h.call("GET", `/v1/domains/${domainId}/uptime?from=${from}&to=${to}`, key);
        expect(r.status, `${from}..${to}`).toBe(400);
        expect(["from", "to"]).toContain(r.body.error.field);
      }
    });

    it("logged no error while answering all of the above", () => {
      expect(h.log.lines.filter((l) => l.level === "error")).toEqual([]);
    });
  });
}
