import { sql } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import { rowsOf } from "../../adapters/db/rows";
import { alertChannels } from "../../schema/control/alert-channels";
import { deliveries } from "../../schema/control/deliveries";
import { channelFromRow, deliveryFromRow } from "./rows";
import { type AlertsHarness, alertsHarness } from "./testing/harness";

let h: AlertsHarness;
afterEach(async () => {
  await h.close();
});

describe("raw row mappers", () => {
  it("read every column of a channel and of a delivery as Drizzle does", async () => {
    h = await alertsHarness();
    const at = new Date("2026-01-02T03:04:05.678Z");
    const d = await h.domain();
    const [c] = await h.db
      .insert(alertChannels)
      .values({
        orgId: h.orgId,
        type: "webhook",
        name: "ops",
        config: { type: "webhook", url: "https://hooks.example/x" },
        signingSecret: "whsec_a",
        previousSigningSecret: "whsec_b",
        previousSecretExpiresAt: at,
        enabled: false,
        disabledReason: "gone",
        failingSince: at,
      })
      .returning();
    const [group] = await h.db
      .insert(deliveries)
      .values({
        channelId: c!.id,
        orgId: h.orgId,
        eventId: "g",
        idempotencyKey: "g",
        kind: "summary",
        type: "summary",
        payload: { type: "summary", timestamp: at.toISOString(), data: {} },
      })
      .returning();
    await h.db.insert(deliveries).values({
      channelId: c!.id,
      orgId: h.orgId,
      eventId: "e",
      idempotencyKey: "e",
      type: "degraded",
      domainId: d,
      incidentId: "i",
      payload: { type: "degraded", timestamp: at.toISOString(), data: { n: 1 } },
      groupId: group!.id,
      status: "failed",
      attempts: 3,
      lastStatusCode: 503,
      lastLatencyMs: 12,
      lastError: "HTTP 503",
      nextAttemptAt: at,
      sentAt: at,
    });
    const raw = (q: ReturnType<typeof sql>) =>
      h.db.execute(q).then((r) => rowsOf<Record<string, unknown>>(r));
    const channels = await raw(sql`select * from alert_channels`);
    expect(channels.map(channelFromRow)).toEqual(await h.db.select().from(alertChannels));
    const viaJson = await raw(sql`select to_jsonb(c) as c from alert_channels c`);
    expect(viaJson.map((r) => channelFromRow(r.c as Record<string, unknown>))).toEqual(
      await h.db.select().from(alertChannels),
    );
    const rows = await raw(sql`select * from deliveries order by event_id`);
    expect(rows.map(deliveryFromRow)).toEqual(
      await h.db.select().from(deliveries).orderBy(deliveries.eventId),
    );
  }, 60_000); // the first test of a file waits for PGlite to start
});
