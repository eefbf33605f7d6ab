import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "../../../adapters/db/types";
import { memoryRedis } from "../../../adapters/redis/memory";
import { createEdgeApp } from "../../../edge/app";
import { domains } from "../../../schema/control/domains";
import { incidentEvents } from "../../../schema/control/incident-events";
import { incidents } from "../../../schema/control/incidents";
import { redisKeys } from "../../../schema/redis-keys";
import { StatusPageView } from "../../../schema/wire/status-page";
import { migratedPglite } from "../../../test-support/pglite";
import { reconcileStatusPages } from "../../maintenance/reconcile-status-pages";
import { aDomainBody, apiHarness } from "../testing/harness";

describe("status pages API", () => {
  let db: DatabaseHandle;
  beforeAll(async () => {
    db = await migratedPglite();
  });

  async function setup() {
    const redis = memoryRedis();
    const h = apiHarness({ db, redis: redis.port });
    const { key } = await h.org();
    const a = await h.call("POST", "/v1/domains", key, aDomainBody({ name: "Website" }));
    const b = await h.call("POST", "/v1/domains", key, aDomainBody({ name: "API" }));
    const edge = createEdgeApp({ store: redis.port });
    return { redis, h, key, ids: [a.body.id as string, b.body.id as string], edge };
  }
  const slug = () => `p-${crypto.randomUUID().slice(0, 8)}`;

  it("creates a page and publishes it so the edge serves it at once", async () => {
    const { h, key, ids, edge } = await setup();
    const s = slug();
    const res = await h.call("POST", "/v1/status-pages", key, {
      slug: s,
      title: "Acme",
      domainIds: ids,
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      slug: s,
      title: "Acme",
      domainIds: ids,
      customHostname: null,
      path: `/status/${s}`,
    });
    const view = StatusPageView.parse(await (await edge.request(`/status/${s}.json`)).json());
    expect(view).toMatchObject({
      title: "Acme",
      domains: [
        { id: ids[0], name: "Website" },
        { id: ids[1], name: "API" },
      ],
    });
    expect((await h.call("GET", `/v1/status-pages/${res.body.id}`, key)).body.slug).toBe(s);
    expect((await h.call("GET", "/v1/status-pages", key)).body.statusPages).toHaveLength(1);
  });

  it("moves the page when its slug or hostname changes, and removes it on delete", async () => {
    const { h, key, ids, edge, redis } = await setup();
    const [s1, s2] = [slug(), slug()];
    const host = `${s1}.status.example.com`;
    const { body } = await h.call("POST", "/v1/status-pages", key, {
      slug: s1,
      title: "A",
      domainIds: ids,
      customHostname: host.toUpperCase(),
    });
    expect(body.customHostname).toBe(host);
    expect((await edge.request(`https://${host}/`)).status).toBe(200);
    const patched = await h.call("PATCH", `/v1/status-pages/${body.id}`, key, {
      slug: s2,
      customHostname: null,
      domainIds: [ids[1]],
    });
    expect(patched.status).toBe(200);
    expect((await edge.request(`/status/${s1}`)).status).toBe(404);
    expect((await edge.request(`https://${host}/`)).status).toBe(404);
    const view = StatusPageView.parse(await (await edge.request(`/status/${s2}.json`)).json());
    expect(view.domains.map((d) => d.name)).toEqual(["API"]);
    expect((await h.call("DELETE", `/v1/status-pages/${body.id}`, key)).status).toBe(204);
    expect((await edge.request(`/status/${s2}`)).status).toBe(404);
    expect(await redis.port.hgetall(redisKeys.statusPageIndex)).not.toHaveProperty(body.id);
    expect((await h.call("GET", `/v1/status-pages/${body.id}`, key)).status).toBe(404);
  });

  it("refuses a taken slug or hostname with 409 and another org's domain with 422", async () => {
    const { h, key, ids } = await setup();
    const other = await setup();
    const s = slug();
    await h.call("POST", "/v1/status-pages", key, {
      slug: s,
      title: "A",
      domainIds: [],
      customHostname: `${s}.example.com`,
    });
    const taken = await other.h.call("POST", "/v1/status-pages", other.key, {
      slug: s,
      title: "B",
      domainIds: [],
    });
    expect(taken.status).toBe(409);
    expect(taken.body.error.field).toBe("slug");
    const host = await other.h.call("POST", "/v1/status-pages", other.key, {
      slug: slug(),
      title: "B",
      domainIds: [],
      customHostname: `${s}.example.com`,
    });
    expect(host.body.error.field).toBe("customHostname");
    const foreign = await other.h.call("POST", "/v1/status-pages", other.key, {
      slug: slug(),
      title: "B",
      domainIds: [other.ids[0], ids[0]],
    });
    expect(foreign.status).toBe(422);
    expect(foreign.body.error.field).toBe("domainIds.1");
    const bad = await h.call("POST", "/v1/status-pages", key, {
      slug: "Not A Slug",
      title: "A",
      domainIds: [],
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.field).toBe("slug");
    const badHost = await h.call("POST", "/v1/status-pages", key, {
      slug: slug(),
      title: "A",
      domainIds: [],
      customHostname: "http://x",
    });
    expect(badHost.body.error.field).toBe("customHostname");
  });

  it("reconcile rebuilds pages and incident summaries into an empty Redis", async () => {
    const { h, key, ids } = await setup();
    const s = slug();
    await h.call("POST", "/v1/status-pages", key, { slug: s, title: "Acme", domainIds: ids });
    const openedAt = new Date(Date.now() - 60_000);
    const [inc] = await db.db
      .insert(incidents)
      .values({
        orgId: await orgOf(ids[0]!),
        domainId: ids[0]!,
        state: "open",
        regions: ["ams", "iad"],
        cause: "TIMEOUT",
        openedAt,
        lastSequence: 1,
      })
      .returning();
    await db.db.insert(incidentEvents).values({
      incidentId: inc!.id,
      sequence: 1,
      type: "incident.opened",
      fromState: "suspect",
      toState: "open",
      at: openedAt,
      data: {},
    });
    const fresh = memoryRedis();
    const report = await reconcileStatusPages({ db: db.db, redis: fresh.port });
    expect(report.incidents).toBeGreaterThanOrEqual(1);
    const res = await createEdgeApp({ store: fresh.port }).request(`/status/${s}.json`);
    const view = StatusPageView.parse(await res.json());
    expect(view.activeIncidents).toMatchObject([
      {
        id: inc!.id,
        title: "timeout",
        state: "open",
        timeline: [{ type: "incident.opened", state: "open" }],
      },
    ]);
    expect(view.overall).toBe("unknown");
  });

  async function orgOf(domainId: string): Promise<string> {
    const [row] = await db.db
      .select({ orgId: domains.orgId })
      .from(domains)
      .where(eq(domains.id, domainId));
    return row!.orgId;
  }
});
