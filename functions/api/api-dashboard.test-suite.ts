import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { QueuePort } from "../../adapters/queue/port";
import { incidents } from "../../schema/control/incidents";
import { redisKeys } from "../../schema/redis-keys";
import { DomainConfig } from "../../schema/wire/domain-config";
import { type OidcIssuer, startOidcIssuer } from "../../test-support/oidc-issuer";
import type { ApiSuiteState } from "./api.test-suite";
import { oidcVerifier } from "./signin/oidc";
import { type ApiHarness, aDomainBody, apiHarness } from "./testing/harness";

const ORIGIN = "https://app.domainpilot.test";

/** Sign-in, roles, members, keys, CORS, incidents' actions and maintenance, on one backing. */
export function dashboardSuite(state: ApiSuiteState): void {
  describe("dashboard: sign-in and operator actions", () => {
    let issuer: OidcIssuer;
    let d: ApiHarness;
    let key: string;
    let orgId: string;
    const sent: { queue: string; body: unknown }[] = [];
    const queue: QueuePort = {
      async send(q, bodies) {
        for (const body of bodies) sent.push({ queue: q, body });
      },
    };
    const as = async (sub: string) => ({ authorization: `Bearer ${await issuer.token({ sub })}` });
    const call = async (sub: string, method: string, path: string, body?: unknown) =>
      d.call(method, path, undefined, body, await as(sub));

    beforeAll(async () => {
      issuer = await startOidcIssuer();
      const oidc = {
        issuer: issuer.issuer,
        audience: issuer.audience,
        clockSkewSeconds: 5,
        jwksCooldownMs: 0,
      };
      d = apiHarness({
        db: state.b.db,
        redis: state.b.redis,
        ...(state.b.keys ? { keys: state.b.keys } : {}),
        config: { oidc, corsOrigins: [ORIGIN] },
        deps: { oidc: oidcVerifier(oidc), queue },
      });
      ({ key, orgId } = await d.org("business"));
      for (const [subject, role] of [
        ["owner-1", "owner"],
        ["admin-1", "admin"],
        ["viewer-1", "viewer"],
      ]) {
        expect((await d.call("POST", "/v1/members", key, { subject, role })).status).toBe(201);
      }
    });
    afterAll(async () => {
      await issuer?.close();
    });

    it("lets an admin's token read and write, and a viewer's token only read (403)", async () => {
      expect((await call("admin-1", "POST", "/v1/domains", aDomainBody())).status).toBe(201);
      expect((await call("viewer-1", "GET", "/v1/domains")).status).toBe(200);
      const w = await call("viewer-1", "POST", "/v1/domains", aDomainBody());
      expect(w.status).toBe(403);
      expect(w.body.error.code).toBe("forbidden");
    });

    it("answers 401 to a bad signature, wrong audience or issuer, an expired or not-yet-valid token, and an unknown key id", async () => {
      const bad = [
        await issuer.token({ sub: "admin-1", foreignKey: true }),
        await issuer.token({ sub: "admin-1", aud: "someone-else" }),
        await issuer.token({ sub: "admin-1", iss: "https://evil.example" }),
        await issuer.token({ sub: "admin-1", expiresIn: -60 }),
        await issuer.token({ sub: "admin-1", notBefore: 120 }),
        await issuer.token({ sub: "admin-1", kid: "no-such-key" }),
      ];
      for (const t of bad) {
        const r = await d.call("GET", "/v1/domains", t);
        expect(r.status, r.body.error?.message).toBe(401);
        expect(r.body.error.code).toBe("unauthorized");
      }
      // within the clock skew a just-expired token still passes
      const skew = await issuer.token({ sub: "admin-1", expiresIn: -2 });
      expect((await d.call("GET", "/v1/domains", skew)).status).toBe(200);
    });

    it("answers 403 to a valid token of a user who is not a member", async () => {
      const r = await call("stranger", "GET", "/v1/domains");
      expect(r.status).toBe(403);
    });

    it("answers 404 to a member's token for another organization's resources", async () => {
      const other = await d.org("business");
      const dom = (await d.call("POST", "/v1/domains", other.key, aDomainBody())).body;
      const [inc] = await state.b.db.db
        .insert(incidents)
        .values({
          orgId: other.orgId,
          domainId: dom.id,
          state: "open",
          regions: ["ams"],
          openedAt: new Date(),
        })
        .returning();
      expect((await call("admin-1", "GET", `/v1/domains/${dom.id}`)).status).toBe(404);
      expect((await call("admin-1", "GET", `/v1/incidents/${inc!.id}`)).status).toBe(404);
      expect((await call("admin-1", "POST", `/v1/incidents/${inc!.id}/acknowledge`)).status).toBe(
        404,
      );
      const m = await call("admin-1", "POST", "/v1/maintenance", {
        domainIds: [dom.id],
        from: new Date().toISOString(),
        to: new Date(Date.now() + 3_600_000).toISOString(),
      });
      expect(m.status).toBe(422);
      expect(m.body.error.field).toBe("domainIds");
    });

    it("lets owners manage members; admins get 403 and the last owner stays (409)", async () => {
      expect(
        (await call("admin-1", "POST", "/v1/members", { subject: "x", role: "viewer" })).status,
      ).toBe(403);
      expect(
        (await call("owner-1", "POST", "/v1/members", { subject: "temp", role: "viewer" })).status,
      ).toBe(201);
      const list = await call("viewer-1", "GET", "/v1/members");
      expect(list.body.members.map((m: { subject: string }) => m.subject).sort()).toEqual([
        "admin-1",
        "owner-1",
        "temp",
        "viewer-1",
      ]);
      expect((await call("owner-1", "DELETE", "/v1/members/temp")).status).toBe(204);
      expect((await call("temp", "GET", "/v1/domains")).status).toBe(403);
      expect((await call("owner-1", "DELETE", "/v1/members/owner-1")).status).toBe(409);
      expect((await call("owner-1", "DELETE", "/v1/members/nobody")).status).toBe(404);
      const bad = await call("owner-1", "POST", "/v1/members", { subject: "y", role: "king" });
      expect(bad.status).toBe(400);
      expect(bad.body.error.field).toBe("role");
    });

    it("issues keys that work at once, lists them without the secret, and a revoked one fails at once", async () => {
      expect((await call("admin-1", "POST", "/v1/api-keys", { scope: "write" })).status).toBe(403);
      const made = await call("owner-1", "POST", "/v1/api-keys", { name: "ci", scope: "read" });
      expect(made.status).toBe(201);
      expect((await d.call("GET", "/v1/domains", made.body.key)).status).toBe(200);
      expect((await d.call("POST", "/v1/domains", made.body.key, aDomainBody())).status).toBe(403);
      const list = await call("owner-1", "GET", "/v1/api-keys");
      const row = list.body.apiKeys.find((k: { id: string }) => k.id === made.body.id);
      expect(row).toMatchObject({ name: "ci", scope: "read" });
      expect(JSON.stringify(list.body)).not.toContain(made.body.key);
      expect((await call("owner-1", "DELETE", `/v1/api-keys/${made.body.id}`)).status).toBe(204);
      expect((await d.call("GET", "/v1/domains", made.body.key)).status).toBe(401);
      expect((await call("owner-1", "DELETE", `/v1/api-keys/${made.body.id}`)).status).toBe(404);
    });

    it("answers a CORS preflight from an allowed origin and not from another", async () => {
      const pre = (origin: string) =>
        d.app.request("/v1/domains", {
          method: "OPTIONS",
          headers: {
            origin,
            "access-control-request-method": "POST",
            "access-control-request-headers": "authorization,content-type",
          },
        });
      const ok = await pre(ORIGIN);
      expect(ok.status).toBe(204);
      expect(ok.headers.get("access-control-allow-origin")).toBe(ORIGIN);
      expect(ok.headers.get("access-control-allow-headers")?.toLowerCase()).toContain(
        "authorization",
      );
      const refused = await pre("https://evil.example");
      expect(refused.headers.get("access-control-allow-origin")).toBeNull();
    });

    it("acknowledges, updates and resolves an incident, shows the timeline, and tells consensus", async () => {
      const dom = (await call("admin-1", "POST", "/v1/domains", aDomainBody())).body;
      const [inc] = await state.b.db.db
        .insert(incidents)
        .values({
          orgId,
          domainId: dom.id,
          state: "open",
          regions: ["ams", "iad"],
          openedAt: new Date(),
        })
        .returning();
      const path = `/v1/incidents/${inc!.id}`;
      expect((await call("viewer-1", "POST", `${path}/acknowledge`)).status).toBe(403);
      const ack = await call("admin-1", "POST", `${path}/acknowledge`, { note: "on it" });
      expect(ack.status).toBe(200);
      expect(ack.body).toMatchObject({ id: inc!.id, state: "acknowledged" });
      expect((await call("admin-1", "POST", `${path}/acknowledge`)).status).toBe(409);
      expect(sent).toContainEqual({
        queue: "consensus",
        body: expect.objectContaining({
          kind: "operator",
          action: "acknowledge",
          incidentId: inc!.id,
        }),
      });
      const up = await call("admin-1", "POST", `${path}/updates`, {
        message: "fix deployed",
        state: "monitoring",
      });
      expect(up.status).toBe(201);
      const badUp = await call("admin-1", "POST", `${path}/updates`, { state: "monitoring" });
      expect(badUp.body.error.field).toBe("message");
      const res = await call("admin-1", "POST", `${path}/resolve`);
      expect(res.body.state).toBe("resolved");
      expect((await call("admin-1", "POST", `${path}/resolve`)).status).toBe(409);
      const got = await call("viewer-1", "GET", path);
      expect(got.body.events.map((e: { type: string }) => e.type)).toEqual([
        "acknowledged",
        "update",
        "resolved",
      ]);
      expect(got.body.events.map((e: { seq: number }) => e.seq)).toEqual([1, 2, 3]);
      expect(got.body.events[1]).toMatchObject({
        message: "fix deployed",
        state: "monitoring",
        actor: "user:admin-1",
      });
    });

    it("plans, lists and cancels maintenance windows, and carries them to consensus in the domain's config", async () => {
      const dom = (await d.call("POST", "/v1/domains", key, aDomainBody())).body;
      const from = new Date(Date.now() + 3_600_000);
      const to = new Date(Date.now() + 7_200_000);
      const made = await call("admin-1", "POST", "/v1/maintenance", {
        domainIds: [dom.id],
        from: from.toISOString(),
        to: to.toISOString(),
        note: "upgrade",
      });
      expect(made.status).toBe(201);
      const cfg = async () =>
        DomainConfig.parse(JSON.parse((await state.b.redis.hget(d.keys.hash, dom.id))!));
      expect((await cfg()).maintenance).toEqual([{ from: from.getTime(), to: to.getTime() }]);
      // and to the status pages' read model, which lists scheduled maintenance
      const shown = () => state.b.redis.hgetall(redisKeys.maintenanceWindows(dom.id));
      expect(JSON.parse((await shown())[made.body.id]!)).toMatchObject({ note: "upgrade" });
      expect((await call("viewer-1", "GET", `/v1/maintenance/${made.body.id}`)).body.note).toBe(
        "upgrade",
      );
      const list = await call("viewer-1", "GET", "/v1/maintenance");
      expect(list.body.maintenance.map((w: { id: string }) => w.id)).toContain(made.body.id);
      const backwards = await call("admin-1", "POST", "/v1/maintenance", {
        domainIds: [dom.id],
        from: to.toISOString(),
        to: from.toISOString(),
      });
      expect(backwards.status).toBe(400);
      expect(backwards.body.error.field).toBe("to");
      expect((await call("admin-1", "DELETE", `/v1/maintenance/${made.body.id}`)).status).toBe(204);
      expect((await cfg()).maintenance).toEqual([]);
      expect(await shown()).toEqual({});
      expect((await call("admin-1", "DELETE", `/v1/maintenance/${made.body.id}`)).status).toBe(404);
    });

    it("mutes a domain for some minutes and unmutes it, through its config", async () => {
      const dom = (await d.call("POST", "/v1/domains", key, aDomainBody())).body;
      const before = Date.now();
      const m = await call("admin-1", "POST", `/v1/domains/${dom.id}/mute`, { minutes: 30 });
      expect(m.status).toBe(200);
      const until = Date.parse(m.body.mutedUntil);
      expect(until).toBeGreaterThanOrEqual(before + 30 * 60_000);
      const cfg = DomainConfig.parse(JSON.parse((await state.b.redis.hget(d.keys.hash, dom.id))!));
      expect(cfg.mutedUntil).toBe(until);
      expect(
        (await call("admin-1", "DELETE", `/v1/domains/${dom.id}/mute`)).body.mutedUntil,
      ).toBeNull();
      expect(
        (await call("admin-1", "POST", `/v1/domains/${dom.id}/mute`, { minutes: 0 })).status,
      ).toBe(400);
    });

    it("limits each signed-in user per minute with 429 and Retry-After, apart from other users", async () => {
      const oidc = {
        issuer: issuer.issuer,
        audience: issuer.audience,
        clockSkewSeconds: 5,
        jwksCooldownMs: 0,
      };
      const limited = apiHarness({
        db: state.b.db,
        redis: state.b.redis,
        ...(state.b.keys ? { keys: state.b.keys } : {}),
        config: { oidc, rateLimitPerMinute: 2 },
        deps: { oidc: oidcVerifier(oidc) },
      });
      const get = async (sub: string) => {
        const res = await limited.app.request("/v1/members", { headers: await as(sub) });
        return { status: res.status, retry: res.headers.get("retry-after") };
      };
      // rate-limit counters live in Redis unprefixed: fresh subjects per run
      const sub = `rl-${randomUUID()}`;
      const other = `rl-${randomUUID()}`;
      for (const subject of [sub, other]) {
        await d.call("POST", "/v1/members", key, { subject, role: "viewer" });
      }
      const statuses = [(await get(sub)).status, (await get(sub)).status];
      const third = await get(sub);
      expect([...statuses, third.status]).toEqual([200, 200, 429]);
      expect(Number(third.retry)).toBeGreaterThan(0);
      expect((await get(other)).status).toBe(200);
    });

    it("picks up a rotated signing key, and refuses tokens of the key that is gone", async () => {
      const old = await issuer.token({ sub: "admin-1" });
      expect((await d.call("GET", "/v1/domains", old)).status).toBe(200);
      const fetched = issuer.jwksFetches();
      await issuer.rotate("k2");
      const fresh = await issuer.token({ sub: "admin-1" });
      expect((await d.call("GET", "/v1/domains", fresh)).status).toBe(200);
      expect(issuer.jwksFetches()).toBeGreaterThan(fetched);
      // cached: a second token of the new key needs no download
      const after = issuer.jwksFetches();
      expect(
        (await d.call("GET", "/v1/domains", await issuer.token({ sub: "admin-1" }))).status,
      ).toBe(200);
      expect(issuer.jwksFetches()).toBe(after);
      expect((await d.call("GET", "/v1/domains", old)).status).toBe(401);
    });
  });
}
