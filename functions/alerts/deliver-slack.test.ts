import { afterEach, describe, expect, it } from "vitest";
import type { DeliveryPayload } from "../../schema/control/deliveries";
import { deliveries } from "../../schema/control/deliveries";
import { EventType } from "../../schema/wire/events";
import { SLACK_MAX_BLOCKS, SLACK_MAX_TEXT, slackMessage } from "./slack-blocks";
import { type AlertsHarness, alertsHarness } from "./testing/harness";
import { type Receiver, startReceiver } from "./testing/receiver";
import type { OutboundMessage } from "./types";

const texts = (v: unknown): string[] => {
  if (Array.isArray(v)) return v.flatMap(texts);
  if (v && typeof v === "object") {
    const o = v as Record<string, unknown>;
    const own = typeof o.text === "string" ? [o.text] : [];
    return [
      ...own,
      ...Object.entries(o)
        .filter(([k]) => k !== "text")
        .flatMap(([, x]) => texts(x)),
    ];
  }
  return [];
};

const member = (i: number): DeliveryPayload => ({
  type: "incident.opened",
  timestamp: "2026-01-01T00:00:00.000Z",
  data: {
    domainId: `d-${i}-${"x".repeat(40)}`,
    incidentId: `i-${i}`,
    name: `shop-${i}.example.com`,
  },
});

describe("Slack messages", () => {
  it("keeps a 2,000-domain storm within 50 blocks and 3,000 characters per text", () => {
    const members = Array.from({ length: 2000 }, (_, i) => member(i));
    const msg: OutboundMessage = {
      deliveryId: "x",
      webhookId: "msg_x",
      kind: "storm",
      payload: { type: "incident.opened", timestamp: "2026-01-01T00:00:00.000Z", data: {} },
      members,
    };
    const m = slackMessage(msg, "https://app.example");
    expect(m.blocks.length).toBeLessThanOrEqual(SLACK_MAX_BLOCKS);
    for (const t of texts(m.blocks)) expect(t.length).toBeLessThanOrEqual(SLACK_MAX_TEXT);
    expect(JSON.stringify(m.blocks)).toContain("more");
    expect(m.text).toBe("2000 domains are down");
  });

  it("has a layout per event type with a link to the incident", () => {
    for (const type of [...EventType.options, "test"]) {
      const m = slackMessage(
        {
          deliveryId: "x",
          webhookId: "msg_x",
          kind: "single",
          members: [],
          payload: { ...member(1), type },
        },
        "https://app.example",
      );
      expect(m.blocks[0]).toMatchObject({ type: "header" });
      expect(JSON.stringify(m.blocks)).toContain("https://app.example/incidents/i-1");
      for (const t of texts(m.blocks)) expect(t.length).toBeLessThanOrEqual(SLACK_MAX_TEXT);
    }
  });
});

let h: AlertsHarness;
let rx: Receiver;
afterEach(async () => {
  await rx?.close();
  await h?.close();
});

describe("Slack delivery", () => {
  it("posts Block Kit to the incoming webhook, and honours Retry-After on 429", async () => {
    h = await alertsHarness();
    rx = await startReceiver((_r, n) =>
      n === 1
        ? { status: 200, body: "ok" }
        : { status: 429, headers: { "retry-after": "30" }, body: "rate_limited" },
    );
    const d = await h.domain();
    await h.channel({ type: "slack", webhookUrl: `${rx.url}/services/T/B/X` }, [d]);
    await h.run(h.job(d));
    expect(rx.received).toHaveLength(1);
    const body = JSON.parse(rx.received[0]!.body);
    expect(body.blocks[0].type).toBe("header");
    expect(body.text).toContain("is down");
    const start = h.clock.now();
    await h.run(h.job(d));
    const rows = await h.db.select().from(deliveries);
    const failed = rows.find((r) => r.status === "failed")!;
    expect(failed.lastStatusCode).toBe(429);
    expect(failed.nextAttemptAt!.getTime() - start).toBe(30_000);
  });
});
