import { describe, expect, it } from "vitest";
import { incidents } from "../../schema/control/incidents";
import { redisKeys } from "../../schema/redis-keys";
import { DomainConfig } from "../../schema/wire/domain-config";
import type { ApiSuiteState } from "./api.test-suite";
import { aDomainBody } from "./testing/harness";
import { signedInFixture } from "./testing/signed-in";

/** Operator actions of signed-in users: incidents, maintenance and mutes, on one backing. */
export function operatorSuite(state: ApiSuiteState): void {
  describe("dashboard: operator actions", () => {
    const f = signedInFixture(state, "operator-");

    it("answers 404 to a member's token for another organization's resources", async () => {
      const other = await f.d.org("business");
      const dom = (await f.d.call("POST", "/v1/domains", other.key, aDomainBody())).body;
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
      expect((await f.call("admin-1", "GET", `/v1/domains/${dom.id}`)).status).toBe(404);
      expect((await f.call("admin-1", "GET", `/v1/incidents/${inc!.id}`)).status).toBe(404);
      expect((await f.call("admin-1", "POST", `/v1/incidents/${inc!.id}/acknowledge`)).status).toBe(
        404,
      );
      const m = await f.call("admin-1", "POST", "/v1/maintenance", {
        domainIds: [dom.id],
        from: new Date().toISOString(),
        to: new Date(Date.now() + 3_600_000).toISOString(),
      });
      expect(m.status).toBe(422);
      expect(m.body.error.field).toBe("domainIds");
    });

    it("acknowledges, updates and resolves an incident, shows the timeline, and tells consensus", async () => {
      const dom = (await f.call("admin-1", "POST", "/v1/domains", aDomainBody())).body;
      const [inc] = await state.b.db.db
        .insert(incidents)
        .values({
          orgId: f.orgId,
          domainId: dom.id,
          state: "open",
          regions: ["ams", "iad"],
          openedAt: new Date(),
        })
        .returning();
      const path = `/v1/incidents/${inc!.id}`;
      expect((await f.call("viewer-1", "POST", `${path}/acknowledge`)).status).toBe(403);
      const ack = await f.call("admin-1", "POST", `${path}/acknowledge`, { note: "on it" });
      expect(ack.status).toBe(200);
      expect(ack.body).toMatchObject({ id: inc!.id, state: "acknowledged" });
      expect((await f.call("admin-1", "POST", `${path}/acknowledge`)).status).toBe(409);
      expect(f.sent).toContainEqual({
        queue: "consensus",
        body: expect.objectContaining({
          kind: "operator",
          action: "acknowledge",
          incidentId: inc!.id,
        }),
      });
      const up = await f.call("admin-1", "POST", `${path}/updates`, {
        message: "fix deployed",
        state: "monitoring",
      });
      expect(up.status).toBe(201);
      const badUp = await f.call("admin-1", "POST", `${path}/updates`, { state: "monitoring" });
      expect(badUp.body.error.field).toBe("message");
      const res = await f.call("admin-1", "POST", `${path}/resolve`);
      expect(res.body.state).toBe("resolved");
      expect((await f.call("admin-1", "POST", `${path}/resolve`)).status).toBe(409);
      const got = await f.call("viewer-1", "GET", path);
      expect(got.body.events.map((e: { type: string }) => e.type)).toEqual([
        "acknowledged",
        "update",
        "resolved",
      ]);
      expect(got.body.events.map((e: { seq: number }) => e.seq)).toEqual([1, 2, 3]);
      expect(got.body.events[1]).toMatchObject({
        message: "fix deployed",
        state: "monitoring",
        actor: "user:operator-admin-1",
      });
    });

    it("plans, lists and cancels maintenance windows, and carries them to consensus in the domain's config", async () => {
      const dom = (await f.d.call("POST", "/v1/domains", f.key, aDomainBody())).body;
      const from = new Date(Date.now() + 3_600_000);
      const to = new Date(Date.now() + 7_200_000);
      const made = await f.call("admin-1", "POST", "/v1/maintenance", {
        domainIds: [dom.id],
        from: from.toISOString(),
        to: to.toISOString(),
        note: "upgrade",
      });
      expect(made.status).toBe(201);
      const cfg = async () =>
        DomainConfig.parse(JSON.parse((await state.b.redis.hget(f.d.keys.hash, dom.id))!));
      expect((await cfg()).maintenance).toEqual([{ from: from.getTime(), to: to.getTime() }]);
      // and to the status pages' read model, which lists scheduled maintenance
      const shown = () => state.b.redis.hgetall(redisKeys.maintenanceWindows(dom.id));
      expect(JSON.parse((await shown())[made.body.id]!)).toMatchObject({ note: "upgrade" });
      expect((await f.call("viewer-1", "GET", `/v1/maintenance/${made.body.id}`)).body.note).toBe(
        "upgrade",
      );
      const list = await f.call("viewer-1", "GET", "/v1/maintenance");
      expect(list.body.maintenance.map((w: { id: string }) => w.id)).toContain(made.body.id);
      const backwards = await f.call("admin-1", "POST", "/v1/maintenance", {
        domainIds: [dom.id],
        from: to.toISOString(),
        to: from.toISOString(),
      });
      expect(backwards.status).toBe(400);
      expect(backwards.body.error.field).toBe("to");
      expect((await f.call("admin-1", "DELETE", `/v1/maintenance/${made.body.id}`)).status).toBe(
        204,
      );
      expect((await cfg()).maintenance).toEqual([]);
      expect(await shown()).toEqual({});
      expect((await f.call("admin-1", "DELETE", `/v1/maintenance/${made.body.id}`)).status).toBe(
        404,
      );
    });

    it("mutes a domain for some minutes and unmutes it, through its config", async () => {
      const dom = (await f.d.call("POST", "/v1/domains", f.key, aDomainBody())).body;
      const before = Date.now();
      const m = await f.call("admin-1", "POST", `/v1/domains/${dom.id}/mute`, { minutes: 30 });
      expect(m.status).toBe(200);
      const until = Date.parse(m.body.mutedUntil);
      expect(until).toBeGreaterThanOrEqual(before + 30 * 60_000);
      const cfg = DomainConfig.parse(
        JSON.parse((await state.b.redis.hget(f.d.keys.hash, dom.id))!),
      );
      expect(cfg.mutedUntil).toBe(until);
      expect(
        (await f.call("admin-1", "DELETE", `/v1/domains/${dom.id}/mute`)).body.mutedUntil,
      ).toBeNull();
      expect(
        (await f.call("admin-1", "POST", `/v1/domains/${dom.id}/mute`, { minutes: 0 })).status,
      ).toBe(400);
    });
  });
}
