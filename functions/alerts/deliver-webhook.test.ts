import { eq } from "drizzle-orm";
import { Webhook } from "standardwebhooks";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { alertChannels } from "../../schema/control/alert-channels";
import { deliveries } from "../../schema/control/deliveries";
import { deliveryAttempts } from "../../schema/control/delivery-attempts";
import { type AlertsHarness, alertsHarness } from "./testing/harness";
import { type Receiver, startReceiver } from "./testing/receiver";

const SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
const OTHER = "whsec_C2FVsBQIhrscChlQIMV+b5sSYspob7oD";

let h: AlertsHarness;
let rx: Receiver;
beforeEach(async () => {
  h = await alertsHarness();
});
afterEach(async () => {
  await rx?.close();
  await h.close();
});

function verify(secret: string, r: Receiver["received"][number]) {
  return new Webhook(secret).verify(r.body, r.headers as Record<string, string>);
}

describe("webhook delivery", () => {
  it("signs per Standard Webhooks: verifies with the channel's secret, not with another", async () => {
    rx = await startReceiver();
    const d = await h.domain();
    await h.channel({ type: "webhook", url: `${rx.url}/hook` }, [d]);
    const now = Date.now();
    h.clock.set(now);
    await h.run(h.job(d));
    expect(rx.received).toHaveLength(1);
    const got = rx.received[0]!;
    expect(verify(SECRET, got)).toMatchObject({ type: "incident.opened", data: { domainId: d } });
    expect(() => verify(OTHER, got)).toThrow();
    expect(got.headers["webhook-signature"]).toMatch(/^v1,[A-Za-z0-9+/=]+$/);
    const body = JSON.parse(got.body);
    expect(Object.keys(body).sort()).toEqual(["data", "timestamp", "type"]);
  });

  it("signs with the old and the new secret during a rotation, space-separated", async () => {
    rx = await startReceiver();
    const d = await h.domain();
    const c = await h.channel({ type: "webhook", url: rx.url }, [d], OTHER);
    const now = Date.now();
    h.clock.set(now);
    await h.db
      .update(alertChannels)
      .set({
        signingSecret: SECRET,
        previousSigningSecret: OTHER,
        previousSecretExpiresAt: new Date(now + 86_400_000),
      })
      .where(eq(alertChannels.id, c.id));
    await h.run(h.job(d));
    const got = rx.received[0]!;
    expect(String(got.headers["webhook-signature"]).split(" ")).toHaveLength(2);
    expect(verify(SECRET, got)).toBeTruthy();
    expect(verify(OTHER, got)).toBeTruthy();
  });

  it("sends a job delivered twice once, with a webhook-id stable across retries", async () => {
    rx = await startReceiver((_r, n) => ({ status: n === 1 ? 500 : 200 }));
    const d = await h.domain();
    await h.channel({ type: "webhook", url: rx.url }, [d]);
    const job = h.job(d);
    await h.run(job);
    await h.run(job); // SQS redelivery
    expect(rx.received).toHaveLength(1);
    h.clock.advance(6_000);
    await h.consumer.sweep();
    expect(rx.received).toHaveLength(2);
    expect(rx.received[1]!.headers["webhook-id"]).toBe(rx.received[0]!.headers["webhook-id"]);
  });

  it("retries on the schedule: immediately, 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h, then gives up", async () => {
    rx = await startReceiver(() => ({ status: 500 }));
    const d = await h.domain();
    await h.channel({ type: "webhook", url: rx.url }, [d]);
    const start = h.clock.now();
    await h.run(h.job(d));
    const waits = [5_000, 300_000, 1_800_000, 7_200_000, 18_000_000, 36_000_000, 36_000_000];
    const [row0] = await h.db.select().from(deliveries);
    expect(row0!.nextAttemptAt!.getTime() - start).toBe(5_000); // random 0.5: no jitter offset
    for (const wait of waits) {
      h.clock.advance(wait - 1);
      expect(await h.consumer.sweep()).toBe(0); // not due a millisecond early
      h.clock.advance(1);
      expect(await h.consumer.sweep()).toBe(1);
    }
    expect(rx.received).toHaveLength(8);
    const [row] = await h.db.select().from(deliveries);
    expect(row).toMatchObject({
      status: "dead",
      attempts: 8,
      lastStatusCode: 500,
      nextAttemptAt: null,
    });
    h.clock.advance(100 * 3_600_000);
    expect(await h.consumer.sweep()).toBe(0);
    const log = await h.db.select().from(deliveryAttempts);
    expect(log).toHaveLength(8);
  });

  it("disables the channel on 410 Gone and sends it nothing more", async () => {
    rx = await startReceiver(() => ({ status: 410 }));
    const d = await h.domain();
    const c = await h.channel({ type: "webhook", url: rx.url }, [d]);
    await h.run(h.job(d));
    const [ch] = await h.db.select().from(alertChannels).where(eq(alertChannels.id, c.id));
    expect(ch).toMatchObject({ enabled: false });
    expect(ch!.disabledReason).toContain("410");
    const [row] = await h.db.select().from(deliveries);
    expect(row!.status).toBe("dead");
    await h.run(h.job(d));
    expect(rx.received).toHaveLength(1);
  });

  it("honours Retry-After on 429 and 503", async () => {
    rx = await startReceiver((_r, n) =>
      n === 1
        ? { status: 429, headers: { "retry-after": "120" } }
        : { status: 503, headers: { "retry-after": "900" } },
    );
    const d = await h.domain();
    await h.channel({ type: "webhook", url: rx.url }, [d]);
    const start = h.clock.now();
    await h.run(h.job(d));
    let [row] = await h.db.select().from(deliveries);
    expect(row!.nextAttemptAt!.getTime() - start).toBe(120_000);
    h.clock.advance(119_000);
    expect(await h.consumer.sweep()).toBe(0);
    h.clock.advance(1_000);
    expect(await h.consumer.sweep()).toBe(1);
    [row] = await h.db.select().from(deliveries);
    // second wait is 5 min by the schedule, but the receiver asked for 15
    expect(row!.nextAttemptAt!.getTime() - h.clock.now()).toBe(900_000);
  });

  it("does not follow a redirect: it is a failed attempt", async () => {
    rx = await startReceiver((r) =>
      r.path === "/moved" ? { status: 200 } : { status: 301, headers: { location: "/moved" } },
    );
    const d = await h.domain();
    await h.channel({ type: "webhook", url: `${rx.url}/hook` }, [d]);
    await h.run(h.job(d));
    expect(rx.received.map((r) => r.path)).toEqual(["/hook"]);
    const [row] = await h.db.select().from(deliveries);
    expect(row).toMatchObject({ status: "failed", lastStatusCode: 301 });
    expect(row!.lastError).toContain("redirect");
  });

  it("cuts a receiver that hangs at 15 s", async () => {
    rx = await startReceiver(() => "hang");
    const d = await h.domain();
    await h.channel({ type: "webhook", url: rx.url }, [d]);
    const t0 = performance.now();
    await h.run(h.job(d));
    const took = performance.now() - t0;
    expect(took).toBeGreaterThanOrEqual(14_900);
    expect(took).toBeLessThan(17_000);
    const [row] = await h.db.select().from(deliveries);
    expect(row).toMatchObject({ status: "failed" });
    expect(row!.lastError).toContain("TIMEOUT");
  }, 25_000);
});

describe("SSRF guard", () => {
  it("refuses a private address unless private targets are allowed", async () => {
    rx = await startReceiver();
    const strict = await alertsHarness({ allowPrivate: false });
    try {
      const d = await strict.domain();
      await strict.channel({ type: "webhook", url: rx.url }, [d]);
      await strict.run(strict.job(d));
      expect(rx.received).toHaveLength(0);
      const [row] = await strict.db.select().from(deliveries);
      expect(row!.lastError).toContain("BLOCKED_ADDRESS");
    } finally {
      await strict.close();
    }
    const d = await h.domain();
    await h.channel({ type: "webhook", url: rx.url }, [d]);
    await h.run(h.job(d));
    expect(rx.received).toHaveLength(1);
  });
});
