import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { apiKeys } from "../../schema/control/api-keys";
import type { ApiBacking, ApiSuiteState } from "./api.test-suite";
import { revokeApiKey } from "./keys/create-key";
import { type ApiHarness, aDomainBody } from "./testing/harness";

/** Authentication, validation and plan limits, run inside apiContract. */
export function accessSuite(state: ApiSuiteState): void {
  let b: ApiBacking;
  let h: ApiHarness;
  let key: string;
  beforeAll(() => {
    ({ b, h, key } = state);
  });
  const post = (body: unknown, k = key) => h.call("POST", "/v1/domains", k, body);

  describe("authentication", () => {
    it("answers 401 without a key, naming the header", async () => {
      const r = await h.call("GET", "/v1/domains");
      expect(r.status).toBe(401);
      expect(r.body.error).toMatchObject({ code: "unauthorized", field: "authorization" });
    });

    it("answers 401 for a malformed key and for a right prefix with a wrong secret", async () => {
      expect((await h.call("GET", "/v1/domains", "nope")).status).toBe(401);
      const wrong = `${key.slice(0, -4)}AAAA`;
      const r = await h.call("GET", "/v1/domains", wrong === key ? `${key}x` : wrong);
      expect(r.status).toBe(401);
      expect(r.body.error.code).toBe("unauthorized");
    });

    it("stops a revoked key at once", async () => {
      const o = await h.org("business");
      expect((await h.call("GET", "/v1/domains", o.key)).status).toBe(200);
      await revokeApiKey(b.db.db, o.keyId);
      expect((await h.call("GET", "/v1/domains", o.key)).status).toBe(401);
    });

    it("lets a read key read and refuses its writes with 403", async () => {
      const o = await h.org("business", ["read"]);
      expect((await h.call("GET", "/v1/domains", o.key)).status).toBe(200);
      const r = await post(aDomainBody(), o.key);
      expect(r.status).toBe(403);
      expect(r.body.error.code).toBe("forbidden");
    });

    it("records when a key was last used", async () => {
      const o = await h.org("business");
      await h.call("GET", "/v1/domains", o.key);
      const [row] = await b.db.db.select().from(apiKeys).where(eq(apiKeys.id, o.keyId));
      expect(row!.lastUsedAt).toBeInstanceOf(Date);
    });

    it("answers 404 for another organization's domain, on every verb", async () => {
      const other = await h.org("business");
      const mine = (await post(aDomainBody())).body;
      for (const [m, p, body] of [
        ["GET", `/v1/domains/${mine.id}`, undefined],
        ["GET", `/v1/domains/${mine.id}/status`, undefined],
        ["PATCH", `/v1/domains/${mine.id}`, { name: "x" }],
        ["DELETE", `/v1/domains/${mine.id}`, undefined],
      ] as const) {
        const r = await h.call(m, p, other.key, body);
        expect(r.status, `${m} ${p}`).toBe(404);
        expect(r.body.error.code).toBe("not_found");
      }
      const list = await h.call("GET", "/v1/domains", other.key);
      expect(list.body.domains).toEqual([]);
      expect((await h.call("GET", `/v1/domains/${mine.id}`, key)).status).toBe(200);
    });
  });

  describe("validation", () => {
    const cases: [string, unknown, string][] = [
      ["a non-http scheme", { url: "ftp://example.com/" }, "url"],
      ["a URL without a host", { url: "http://" }, "url"],
      ["text that is no URL", { url: "example dot com" }, "url"],
      ["a missing url", { name: "x" }, "url"],
      ["an unknown region", aDomainBody({ regions: ["ams", "mars"] }), "regions.1"],
      ["a repeated region", aDomainBody({ regions: ["ams", "ams"] }), "regions"],
      ["no regions", aDomainBody({ regions: [] }), "regions"],
      ["an interval that is text", aDomainBody({ intervalSeconds: "60" }), "intervalSeconds"],
      ["a fractional interval", aDomainBody({ intervalSeconds: 60.5 }), "intervalSeconds"],
      ["a timeout too short", aDomainBody({ timeoutMs: 5 }), "timeoutMs"],
      ["a bad expected status", aDomainBody({ expectStatus: "600" }), "expectStatus"],
      ["a reversed status range", aDomainBody({ expectStatus: "399-200" }), "expectStatus"],
      ["a bad method", aDomainBody({ method: "POST" }), "method"],
      ["an empty keyword", aDomainBody({ keyword: "" }), "keyword"],
      ["a bad warning day", aDomainBody({ sslWarnDays: [0] }), "sslWarnDays.0"],
      ["a channel id that is no uuid", aDomainBody({ channelIds: ["x"] }), "channelIds.0"],
      ["an unknown field", aDomainBody({ colour: "red" }), "colour"],
      ["a body that is an array", [1, 2], ""],
    ];
    for (const [what, body, field] of cases) {
      it(`refuses ${what} with 400 naming ${field || "the body"}`, async () => {
        const r = await post(body);
        expect(r.status).toBe(400);
        expect(r.body.error.code).toBe("invalid_request");
        if (field) expect(r.body.error.field).toBe(field);
        expect(r.body.error.message).toEqual(expect.any(String));
      });
    }

    it("answers malformed JSON with 400 invalid_json", async () => {
      const r = await post('{"url": "https://a.test/"');
      expect(r.status).toBe(400);
      expect(r.body.error.code).toBe("invalid_json");
    });

    it("answers a body over the limit with 413", async () => {
      const r = await post(aDomainBody({ name: "x".repeat(20_000) }));
      expect(r.status).toBe(413);
      expect(r.body.error.code).toBe("payload_too_large");
    });

    it("refuses a quorum above the region count and an unknown channel with 422", async () => {
      const q = await post(aDomainBody({ regions: ["ams", "iad"], quorum: 3 }));
      expect(q.status).toBe(422);
      expect(q.body.error.field).toBe("quorum");
      const ch = await post(aDomainBody({ channelIds: ["00000000-0000-4000-8000-000000000000"] }));
      expect(ch.status).toBe(422);
      expect(ch.body.error.field).toBe("channelIds");
    });

    it("refuses bad list queries and treats a malformed id as not found", async () => {
      expect((await h.call("GET", "/v1/domains?limit=0", key)).body.error.field).toBe("limit");
      const c = await h.call("GET", "/v1/domains?cursor=garbage", key);
      expect(c.status).toBe(400);
      expect(c.body.error.field).toBe("cursor");
      expect((await h.call("GET", "/v1/domains/not-a-uuid", key)).status).toBe(404);
      expect((await h.call("PATCH", "/v1/domains/1", key, { name: "a" })).status).toBe(404);
      const inc = await h.call("GET", "/v1/incidents?state=sleeping", key);
      expect(inc.body.error.field).toBe("state");
    });

    it("answers a forged cursor with 400 or an empty page, never a 500", async () => {
      const forge = (v: unknown) => Buffer.from(JSON.stringify(v)).toString("base64url");
      const id = "00000000-0000-4000-8000-000000000000";
      const bad = await h.call("GET", `/v1/domains?cursor=${forge(["2026-13-45 99:99", id])}`, key);
      expect(bad.status).toBe(400);
      expect(bad.body.error.field).toBe("cursor");
      const far = await h.call(
        "GET",
        `/v1/incidents?cursor=${forge(["99999999999999999", id])}`,
        key,
      );
      expect(far.status).toBe(200);
      const late = await h.call(
        "GET",
        `/v1/domains?cursor=${forge(["99999999999999999", id])}`,
        key,
      );
      expect(late.body).toEqual({ domains: [], nextCursor: null });
    });

    it("refuses an empty PATCH", async () => {
      const d = (await post(aDomainBody())).body;
      const r = await h.call("PATCH", `/v1/domains/${d.id}`, key, {});
      expect(r.status).toBe(400);
    });
  });

  describe("plan limits", () => {
    it("refuses a sixth domain on the free plan with 403 naming the limit", async () => {
      const free = await h.org("free");
      for (let i = 0; i < 5; i++) expect((await post(aDomainBody(), free.key)).status).toBe(201);
      const r = await post(aDomainBody(), free.key);
      expect(r.status).toBe(403);
      expect(r.body.error).toMatchObject({ code: "plan_limit" });
      expect(r.body.error.message).toMatch(/5 domains/);
    });

    it("refuses a second region and a one-minute interval on the free plan with 422", async () => {
      const free = await h.org("free");
      const regions = await post(aDomainBody({ regions: ["ams", "iad"] }), free.key);
      expect(regions.status).toBe(422);
      expect(regions.body.error).toMatchObject({ code: "plan_limit", field: "regions" });
      const interval = await post(aDomainBody({ intervalSeconds: 60 }), free.key);
      expect(interval.body.error).toMatchObject({ code: "plan_limit", field: "intervalSeconds" });
      const pro = await h.org("pro");
      expect((await post(aDomainBody({ intervalSeconds: 60 }), pro.key)).status).toBe(201);
    });

    it("refuses a PATCH that would break the plan", async () => {
      const free = await h.org("free");
      const d = (await post(aDomainBody(), free.key)).body;
      expect(d.regions).toEqual(["ams"]);
      expect(d.intervalSeconds).toBe(300);
      const r = await h.call("PATCH", `/v1/domains/${d.id}`, free.key, { intervalSeconds: 30 });
      expect(r.status).toBe(422);
      expect(r.body.error.field).toBe("intervalSeconds");
    });
  });
}
