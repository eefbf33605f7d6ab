import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { systemClock } from "../../adapters/clock/clock";
import type { DatabaseHandle } from "../../adapters/db/types";
import { memoryQueue } from "../../adapters/queue/memory";
import { memoryRedis } from "../../adapters/redis/memory";
import { migratedPglite } from "../../test-support/pglite";
import { openSse } from "../../test-support/sse-client";
import { drizzleIncidentStore } from "../consensus/drizzle-incident-store";
import { consensusHandler } from "../consensus/handler";
import { aDomainBody, apiHarness, memoryLogger } from "./testing/harness";

const ORIGIN = "https://app.domainpilot.test";

describe("GET /v1/events on a real HTTP server", () => {
  let db: DatabaseHandle;
  let base: string;
  let close: () => Promise<void>;
  let h: ReturnType<typeof apiHarness>;
  let key: string;
  let domainId: string;
  const redis = memoryRedis();
  let n = 0;
  const obs = (region: string, ok: boolean) => ({
    messageId: `m${++n}`,
    body: JSON.stringify({
      domainId,
      region,
      t: Date.now(),
      ok,
      error: ok ? null : "TIMEOUT",
      latencyMs: 10,
      tls: null,
      confirm: false,
      configVersion: 1,
    }),
  });
  let consensus: ReturnType<typeof consensusHandler>;

  beforeAll(async () => {
    db = await migratedPglite();
    h = apiHarness({
      db,
      redis: redis.port,
      config: { eventsPollMs: 50, eventsHeartbeatMs: 300, corsOrigins: [ORIGIN] },
    });
    ({ key } = await h.org("business"));
    domainId = (
      await h.call("POST", "/v1/domains", key, aDomainBody({ regions: ["ams", "iad", "sin"] }))
    ).body.id;
    consensus = consensusHandler({
      redis: redis.port,
      queue: memoryQueue(),
      incidents: drizzleIncidentStore(db.db),
      clock: systemClock,
      log: memoryLogger(),
    });
    const server = serve({ fetch: h.app.fetch, port: 0, hostname: "127.0.0.1" });
    await new Promise<void>((r) => server.once("listening", () => r()));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    close = () =>
      new Promise<void>((r) => {
        (server as unknown as { closeAllConnections(): void }).closeAllConnections();
        server.close(() => r());
      });
  });
  afterAll(async () => {
    await close?.();
    await db?.close();
  });

  const auth = (last?: string) => ({
    authorization: `Bearer ${key}`,
    ...(last !== undefined ? { "last-event-id": last } : {}),
  });

  it("delivers the incident and the status change within 1 s of the consensus transition, with heartbeats", async () => {
    const s = await openSse(`${base}/v1/events`, { ...auth(), origin: ORIGIN });
    expect(s.status).toBe(200);
    expect(s.headers.get("access-control-allow-origin")).toBe(ORIGIN);
    expect(s.headers.get("content-type")).toMatch(/text\/event-stream/);
    await s.until(() => s.comments.includes("connected"));
    await consensus([obs("ams", false), obs("iad", false)]);
    const committed = performance.now();
    await s.until(() => s.frames.some((f) => f.event === "incident.opened"), 1_000);
    const opened = s.frames.find((f) => f.event === "incident.opened")!;
    expect(opened.at - committed).toBeLessThan(1_000);
    expect(JSON.parse(opened.data)).toMatchObject({ domainId, incidentId: expect.any(String) });
    const status = s.frames.find((f) => f.event === "domain.status")!;
    expect(JSON.parse(status.data)).toMatchObject({
      domainId,
      status: "down",
      since: expect.any(String),
    });
    await s.until(() => s.comments.includes("ping"), 1_000);
    await s.close();
  });

  it("resumes from Last-Event-ID with every later event once, in order", async () => {
    const all = await openSse(`${base}/v1/events`, auth("0"));
    await all.until(() => all.frames.some((f) => f.event === "incident.opened"));
    const before = all.frames.length;
    const incidentId = JSON.parse(
      all.frames.find((f) => f.event === "incident.opened")!.data,
    ).incidentId;
    // while one client is away, more happens: an acknowledgement, an update, a recovery
    const away = all.frames[before - 1]!.id!;
    const ack = await h.call("POST", `/v1/incidents/${incidentId}/acknowledge`, key);
    expect(ack.status).toBe(200);
    expect(
      (await h.call("POST", `/v1/incidents/${incidentId}/updates`, key, { message: "fixing" }))
        .status,
    ).toBe(201);
    await consensus([obs("ams", true), obs("iad", true)]);
    await all.until(() => all.frames.some((f) => f.event === "incident.updated"));
    await new Promise((r) => setTimeout(r, 300)); // the recovery's events, if any, arrive too
    expect(all.frames.length).toBeGreaterThan(before + 1);
    const back = await openSse(`${base}/v1/events`, auth(away));
    await back.until(() => back.frames.length >= all.frames.length - before);
    await new Promise((r) => setTimeout(r, 200)); // nothing more may arrive
    const ids = (fs: { id: string | null }[]) => fs.map((f) => Number(f.id));
    expect(ids(back.frames)).toEqual(ids(all.frames.slice(before)));
    expect(ids(all.frames)).toEqual(ids(all.frames).map((_, i) => i + 1));
    expect(back.frames.map((f) => f.event)).toContain("incident.acknowledged");
    await all.close();
    await back.close();
  });

  it("serves the same frames through a Web stream, as Lambda response streaming does", async () => {
    const res = await h.app.request("/v1/events", { headers: { ...auth("0"), origin: ORIGIN } });
    expect(res.headers.get("content-type")).toMatch(/text\/event-stream/);
    expect(res.headers.get("access-control-allow-origin")).toBe(ORIGIN);
    const reader = res.body!.getReader();
    let text = "";
    const deadline = Date.now() + 3_000;
    while (!text.includes("event: incident.opened") && Date.now() < deadline) {
      const { value, done } = await reader.read();
      if (done) break;
      text += new TextDecoder().decode(value);
    }
    await reader.cancel();
    expect(text).toMatch(/^id: 1\nevent: \S+\ndata: \{/m);
    expect(text).toContain("event: incident.opened");
  });

  it("refuses a Last-Event-ID that is not an event id with 400", async () => {
    const r = await h.call("GET", "/v1/events", key, undefined, { "last-event-id": "abc" });
    expect(r.status).toBe(400);
    expect(r.body.error.field).toBe("last-event-id");
  });
});
