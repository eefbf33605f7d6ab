import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import type { ApiSuiteState } from "./api.test-suite";
import { oidcVerifier } from "./signin/oidc";
import { aDomainBody, apiHarness } from "./testing/harness";
import { DASHBOARD_ORIGIN, signedInFixture } from "./testing/signed-in";

/** Sign-in, roles, members, keys, CORS and per-user limits, on one backing. */
export function signInSuite(state: ApiSuiteState): void {
  describe("dashboard: sign-in, roles, members and keys", () => {
    const f = signedInFixture(state);

    it("lets an admin's token read and write, and a viewer's token only read (403)", async () => {
      expect((await f.call("admin-1", "POST", "/v1/domains", aDomainBody())).status).toBe(201);
      expect((await f.call("viewer-1", "GET", "/v1/domains")).status).toBe(200);
      const w = await f.call("viewer-1", "POST", "/v1/domains", aDomainBody());
      expect(w.status).toBe(403);
      expect(w.body.error.code).toBe("forbidden");
    });

    it("answers 401 to a bad signature, wrong audience or issuer, an expired or not-yet-valid token, and an unknown key id", async () => {
      const bad = [
        await f.issuer.token({ sub: "admin-1", foreignKey: true }),
        await f.issuer.token({ sub: "admin-1", aud: "someone-else" }),
        await f.issuer.token({ sub: "admin-1", iss: "https://evil.example" }),
        await f.issuer.token({ sub: "admin-1", expiresIn: -60 }),
        await f.issuer.token({ sub: "admin-1", notBefore: 120 }),
        await f.issuer.token({ sub: "admin-1", kid: "no-such-key" }),
      ];
      for (const t of bad) {
        const r = await f.d.call("GET", "/v1/domains", t);
        expect(r.status, r.body.error?.message).toBe(401);
        expect(r.body.error.code).toBe("unauthorized");
      }
      // within the clock skew a just-expired token still passes
      const skew = await f.issuer.token({ sub: "admin-1", expiresIn: -2 });
      expect((await f.d.call("GET", "/v1/domains", skew)).status).toBe(200);
    });

    it("answers 403 to a valid token of a user who is not a member", async () => {
      const r = await f.call("stranger", "GET", "/v1/domains");
      expect(r.status).toBe(403);
    });

    it("lets owners manage members; admins get 403 and the last owner stays (409)", async () => {
      expect(
        (await f.call("admin-1", "POST", "/v1/members", { subject: "x", role: "viewer" })).status,
      ).toBe(403);
      expect(
        (await f.call("owner-1", "POST", "/v1/members", { subject: "temp", role: "viewer" }))
          .status,
      ).toBe(201);
      const list = await f.call("viewer-1", "GET", "/v1/members");
      expect(list.body.members.map((m: { subject: string }) => m.subject).sort()).toEqual([
        "admin-1",
        "owner-1",
        "temp",
        "viewer-1",
      ]);
      expect((await f.call("owner-1", "DELETE", "/v1/members/temp")).status).toBe(204);
      expect((await f.call("temp", "GET", "/v1/domains")).status).toBe(403);
      expect((await f.call("owner-1", "DELETE", "/v1/members/owner-1")).status).toBe(409);
      expect((await f.call("owner-1", "DELETE", "/v1/members/nobody")).status).toBe(404);
      const bad = await f.call("owner-1", "POST", "/v1/members", { subject: "y", role: "king" });
      expect(bad.status).toBe(400);
      expect(bad.body.error.field).toBe("role");
    });

    it("issues keys that work at once, lists them without the secret, and a revoked one fails at once", async () => {
      expect((await f.call("admin-1", "POST", "/v1/api-keys", { scope: "write" })).status).toBe(
        403,
      );
      const made = await f.call("owner-1", "POST", "/v1/api-keys", { name: "ci", scope: "read" });
      expect(made.status).toBe(201);
      expect((await f.d.call("GET", "/v1/domains", made.body.key)).status).toBe(200);
      expect((await f.d.call("POST", "/v1/domains", made.body.key, aDomainBody())).status).toBe(
        403,
      );
      const list = await f.call("owner-1", "GET", "/v1/api-keys");
      const row = list.body.apiKeys.find((k: { id: string }) => k.id === made.body.id);
      expect(row).toMatchObject({ name: "ci", scope: "read" });
      expect(JSON.stringify(list.body)).not.toContain(made.body.key);
      expect((await f.call("owner-1", "DELETE", `/v1/api-keys/${made.body.id}`)).status).toBe(204);
      expect((await f.d.call("GET", "/v1/domains", made.body.key)).status).toBe(401);
      expect((await f.call("owner-1", "DELETE", `/v1/api-keys/${made.body.id}`)).status).toBe(404);
    });

    it("answers a CORS preflight from an allowed origin and not from another", async () => {
      const pre = (origin: string) =>
        f.d.app.request("/v1/domains", {
          method: "OPTIONS",
          headers: {
            origin,
            "access-control-request-method": "POST",
            "access-control-request-headers": "authorization,content-type",
          },
        });
      const ok = await pre(DASHBOARD_ORIGIN);
      expect(ok.status).toBe(204);
      expect(ok.headers.get("access-control-allow-origin")).toBe(DASHBOARD_ORIGIN);
      expect(ok.headers.get("access-control-allow-headers")?.toLowerCase()).toContain(
        "authorization",
      );
      const refused = await pre("https://evil.example");
      expect(refused.headers.get("access-control-allow-origin")).toBeNull();
    });

    it("limits each signed-in user per minute with 429 and Retry-After, apart from other users", async () => {
      const limited = apiHarness({
        db: state.b.db,
        redis: state.b.redis,
        ...(state.b.keys ? { keys: state.b.keys } : {}),
        config: { oidc: f.oidc(), rateLimitPerMinute: 2 },
        deps: { oidc: oidcVerifier(f.oidc()) },
      });
      const get = async (sub: string) => {
        const res = await limited.app.request("/v1/members", { headers: await f.as(sub) });
        return { status: res.status, retry: res.headers.get("retry-after") };
      };
      // rate-limit counters live in Redis unprefixed: fresh subjects per run
      const sub = `rl-${randomUUID()}`;
      const other = `rl-${randomUUID()}`;
      for (const subject of [sub, other]) {
        await f.d.call("POST", "/v1/members", f.key, { subject, role: "viewer" });
      }
      const statuses = [(await get(sub)).status, (await get(sub)).status];
      const third = await get(sub);
      expect([...statuses, third.status]).toEqual([200, 200, 429]);
      expect(Number(third.retry)).toBeGreaterThan(0);
      expect((await get(other)).status).toBe(200);
    });

    it("picks up a rotated signing f.key, and refuses tokens of the key that is gone", async () => {
      const old = await f.issuer.token({ sub: "admin-1" });
      expect((await f.d.call("GET", "/v1/domains", old)).status).toBe(200);
      const fetched = f.issuer.jwksFetches();
      await f.issuer.rotate("k2");
      const fresh = await f.issuer.token({ sub: "admin-1" });
      expect((await f.d.call("GET", "/v1/domains", fresh)).status).toBe(200);
      expect(f.issuer.jwksFetches()).toBeGreaterThan(fetched);
      // cached: a second token of the new key needs no download
      const after = f.issuer.jwksFetches();
      expect(
        (await f.d.call("GET", "/v1/domains", await f.issuer.token({ sub: "admin-1" }))).status,
      ).toBe(200);
      expect(f.issuer.jwksFetches()).toBe(after);
      expect((await f.d.call("GET", "/v1/domains", old)).status).toBe(401);
    });
  });
}
