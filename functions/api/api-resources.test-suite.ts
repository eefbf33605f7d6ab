import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { alertChannels } from "../../schema/control/alert-channels";
import { incidents } from "../../schema/control/incidents";
import { redisKeys } from "../../schema/redis-keys";
import type { ApiBacking, ApiSuiteState } from "./api.test-suite";
import { type ApiHarness, aDomainBody } from "./testing/harness";

/** Domains, channels and incidents, run inside apiContract. */
export function resourceSuite(state: ApiSuiteState): void {
  let b: ApiBacking;
  let h: ApiHarness;
  let key: string;
  let orgId: string;
  beforeAll(() => {
    ({ b, h, key, orgId } = state);
  });
  const post = (body: unknown, k = key) => h.call("POST", "/v1/domains", k, body);

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

    it("shows why delivery disabled a channel, and turning it on again starts its failure run afresh", async () => {
      const c = (await h.call("POST", "/v1/channels", key, { type: "email", to: ["a@b.test"] }))
        .body;
      const failingSince = new Date(Date.now() - 6 * 86_400_000);
      await state.b.db.db
        .update(alertChannels)
        .set({ enabled: false, disabledReason: "failed every delivery for 5 days", failingSince })
        .where(eq(alertChannels.id, c.id));
      const shown = await h.call("GET", `/v1/channels/${c.id}`, key);
      expect(shown.body).toMatchObject({
        enabled: false,
        disabledReason: "failed every delivery for 5 days",
      });
      const on = await h.call("PATCH", `/v1/channels/${c.id}`, key, { enabled: true });
      expect(on.body).toMatchObject({ enabled: true, disabledReason: null });
      const [row] = await state.b.db.db
        .select()
        .from(alertChannels)
        .where(eq(alertChannels.id, c.id));
      expect(row).toMatchObject({ enabled: true, disabledReason: null, failingSince: null });
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
      const open = await h.call("GET", `/v1/incidents?state=open&domainId=${d.id}&limit=1`, o.key);
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
}
