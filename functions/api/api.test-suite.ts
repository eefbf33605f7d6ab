import { eq } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "../../adapters/db/types";
import type { ConfigKeys } from "../../adapters/redis/config-keys";
import type { RedisPort } from "../../adapters/redis/port";
import { apiKeys } from "../../schema/control/api-keys";
import { incidents } from "../../schema/control/incidents";
import { redisKeys } from "../../schema/redis-keys";
import { revokeApiKey } from "./keys/create-key";
import { type ApiHarness, aDomainBody, apiHarness } from "./testing/harness";

/** What each backing (PGlite + memory, PostgreSQL + Redis) hands the API suite. */
export interface ApiBacking {
  db: DatabaseHandle;
  redis: RedisPort;
  keys?: ConfigKeys;
  close(): Promise<void>;
}

/** The API's behaviour through app.request, on one database and one Redis. */
export function apiContract(name: string, open: () => Promise<ApiBacking>): void {
  describe(`API v1 on ${name}`, () => {
    let b: ApiBacking;
    let h: ApiHarness;
    let key: string;
    let orgId: string;
    beforeAll(async () => {
      b = await open();
      h = apiHarness(b);
      ({ key, orgId } = await h.org("business"));
    });
    afterAll(async () => {
      await b?.close();
    });
    // whatever a test did or was refused, Redis must hold exactly the database's configs
    afterEach(async () => {
      await h.expectRedisMatchesDb();
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
        const ch = await post(
          aDomainBody({ channelIds: ["00000000-0000-4000-8000-000000000000"] }),
        );
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
        const bad = await h.call(
          "GET",
          `/v1/domains?cursor=${forge(["2026-13-45 99:99", id])}`,
          key,
        );
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

    describe("domains", () => {
      it("creates, reads, updates and deletes, keeping Redis equal to the DB after each step", async () => {
        const created = await post(aDomainBody({ name: "shop", regions: ["ams", "iad"] }));
        expect(created.status).toBe(201);
        const d = created.body;
        expect(d).toMatchObject({ name: "shop", regions: ["ams", "iad"], configVersion: 1 });
        await h.expectRedisMatchesDb();
        expect((await h.call("GET", `/v1/domains/${d.id}`, key)).body).toEqual(d);

        const patched = await h.call("PATCH", `/v1/domains/${d.id}`, key, {
          intervalSeconds: 30,
          keyword: "ok",
        });
        expect(patched.status).toBe(200);
        expect(patched.body).toMatchObject({
          intervalSeconds: 30,
          keyword: "ok",
          configVersion: 2,
        });
        await h.expectRedisMatchesDb();
        const cfg = JSON.parse((await b.redis.hget(h.keys.hash, d.id))!);
        expect(cfg).toMatchObject({ id: d.id, orgId, version: 2, intervalSeconds: 30 });

        expect((await h.call("DELETE", `/v1/domains/${d.id}`, key)).status).toBe(204);
        expect((await h.call("GET", `/v1/domains/${d.id}`, key)).status).toBe(404);
        expect(await b.redis.hget(h.keys.hash, d.id)).toBeNull();
        await h.expectRedisMatchesDb();
      });

      it("links channels to a domain and changes them without a config bump", async () => {
        const ch = await h.call("POST", "/v1/channels", key, { type: "email", to: ["a@b.test"] });
        const d = (await post(aDomainBody({ channelIds: [ch.body.id] }))).body;
        expect(d.channelIds).toEqual([ch.body.id]);
        const r = await h.call("PATCH", `/v1/domains/${d.id}`, key, { channelIds: [] });
        expect(r.body).toMatchObject({ channelIds: [], configVersion: 1 });
      });

      it("pages through every domain once with a cursor", async () => {
        const o = await h.org("business");
        const ids = new Set<string>();
        for (let i = 0; i < 5; i++) ids.add((await post(aDomainBody(), o.key)).body.id);
        const seen: string[] = [];
        let cursor: string | null = null;
        let pages = 0;
        do {
          const q: string = cursor ? `&cursor=${cursor}` : "";
          const r = await h.call("GET", `/v1/domains?limit=2${q}`, o.key);
          expect(r.status).toBe(200);
          seen.push(...r.body.domains.map((x: { id: string }) => x.id));
          cursor = r.body.nextCursor;
          pages += 1;
        } while (cursor);
        expect(pages).toBe(3);
        expect(new Set(seen)).toEqual(ids);
        expect(seen).toHaveLength(5);
      });

      it("answers status unknown, then what the alert engine wrote, and paused when paused", async () => {
        const d = (await post(aDomainBody())).body;
        const url = `/v1/domains/${d.id}/status`;
        expect((await h.call("GET", url, key)).body).toMatchObject({ status: "unknown" });
        const written = {
          status: "down",
          since: "2026-11-24T10:00:00.000Z",
          regions: {
            ams: {
              ok: false,
              checkedAt: "2026-11-24T10:00:00.000Z",
              error: "TIMEOUT",
              latencyMs: 10000,
            },
          },
          tls: null,
        };
        await b.redis.set(redisKeys.domainStatus(d.id), JSON.stringify(written), { px: 60_000 });
        expect((await h.call("GET", url, key)).body).toEqual(written);
        await h.call("PATCH", `/v1/domains/${d.id}`, key, { paused: true });
        expect((await h.call("GET", url, key)).body.status).toBe("paused");
        await b.redis.del(redisKeys.domainStatus(d.id));
      });
    });

    describe("channels", () => {
      it("shows a webhook's signing secret once and never again", async () => {
        const r = await h.call("POST", "/v1/channels", key, {
          type: "webhook",
          url: "https://hooks.example.com/dp",
        });
        expect(r.status).toBe(201);
        expect(r.body.secret).toMatch(/^whsec_/);
        const again = await h.call("GET", `/v1/channels/${r.body.id}`, key);
        expect(again.body.secret).toBeUndefined();
        expect(again.body.config).toEqual({ url: "https://hooks.example.com/dp" });
      });

      it("validates each type's fields, naming the wrong one", async () => {
        const bad = await h.call("POST", "/v1/channels", key, { type: "email", to: ["nope"] });
        expect(bad.status).toBe(400);
        expect(bad.body.error.field).toBe("to.0");
        const slack = await h.call("POST", "/v1/channels", key, {
          type: "slack",
          webhookUrl: "http://hooks.slack.com/x",
        });
        expect(slack.body.error.field).toBe("webhookUrl");
        const type = await h.call("POST", "/v1/channels", key, { type: "pager" });
        expect(type.status).toBe(400);
        expect(type.body.error.field).toBe("type");
      });

      it("updates, lists and deletes within the organization only", async () => {
        const c = (await h.call("POST", "/v1/channels", key, { type: "email", to: ["a@b.test"] }))
          .body;
        const p = await h.call("PATCH", `/v1/channels/${c.id}`, key, {
          name: "ops",
          enabled: false,
        });
        expect(p.body).toMatchObject({ name: "ops", enabled: false, config: { to: ["a@b.test"] } });
        const bad = await h.call("PATCH", `/v1/channels/${c.id}`, key, { to: ["x"] });
        expect(bad.status).toBe(422);
        expect(bad.body.error.field).toBe("to.0");
        const other = await h.org("business");
        expect((await h.call("GET", `/v1/channels/${c.id}`, other.key)).status).toBe(404);
        expect((await h.call("DELETE", `/v1/channels/${c.id}`, other.key)).status).toBe(404);
        const list = await h.call("GET", "/v1/channels?limit=200", key);
        expect(list.body.channels.map((x: { id: string }) => x.id)).toContain(c.id);
        expect((await h.call("DELETE", `/v1/channels/${c.id}`, key)).status).toBe(204);
        expect((await h.call("GET", `/v1/channels/${c.id}`, key)).status).toBe(404);
      });
    });

    describe("incidents", () => {
      it("lists the organization's incidents newest first, filtered and paged", async () => {
        const o = await h.org("business");
        const other = await h.org("business");
        const d = (await post(aDomainBody(), o.key)).body;
        const od = (await post(aDomainBody(), other.key)).body;
        const at = (m: number) => new Date(Date.UTC(2026, 10, 24, 10, m));
        await b.db.db.insert(incidents).values([
          {
            orgId: o.orgId,
            domainId: d.id,
            state: "resolved",
            regions: ["ams"],
            openedAt: at(1),
            resolvedAt: at(5),
          },
          {
            orgId: o.orgId,
            domainId: d.id,
            state: "open",
            regions: ["ams", "iad"],
            openedAt: at(10),
          },
          { orgId: o.orgId, domainId: d.id, state: "open", regions: ["iad"], openedAt: at(20) },
          {
            orgId: other.orgId,
            domainId: od.id,
            state: "open",
            regions: ["ams"],
            openedAt: at(30),
          },
        ]);
        const all = await h.call("GET", "/v1/incidents", o.key);
        expect(all.body.incidents.map((i: { openedAt: string }) => i.openedAt)).toEqual([
          at(20).toISOString(),
          at(10).toISOString(),
          at(1).toISOString(),
        ]);
        expect(all.body.incidents[2]).toMatchObject({
          state: "resolved",
          resolvedAt: at(5).toISOString(),
        });
        const open = await h.call(
          "GET",
          `/v1/incidents?state=open&domainId=${d.id}&limit=1`,
          o.key,
        );
        expect(open.body.incidents).toHaveLength(1);
        const next = await h.call(
          "GET",
          `/v1/incidents?state=open&limit=1&cursor=${open.body.nextCursor}`,
          o.key,
        );
        expect(next.body.incidents[0].regions).toEqual(["ams", "iad"]);
        expect(next.body.nextCursor).toBeNull();
      });
    });
  });
}
