import { createECDH, randomBytes } from "node:crypto";
import { desc, eq } from "drizzle-orm";
import ece from "http_ece";
import { afterEach, describe, expect, it } from "vitest";
import webpush from "web-push";
import { webPushAdapter } from "../../adapters/push/web-push";
import { alertChannels } from "../../schema/control/alert-channels";
import { deliveries } from "../../schema/control/deliveries";
import { MAX_PUSH_BYTES, pushPayload } from "./deliver-push";
import { type AlertsHarness, alertsHarness } from "./testing/harness";
import { type Receiver, startReceiver } from "./testing/receiver";

/** A browser's side of a subscription: its key pair and auth secret. */
function aBrowser() {
  const ecdh = createECDH("prime256v1");
  ecdh.generateKeys();
  const auth = randomBytes(16);
  return {
    ecdh,
    auth,
    keys: { p256dh: ecdh.getPublicKey().toString("base64url"), auth: auth.toString("base64url") },
    decrypt: (body: Buffer) =>
      ece
        .decrypt(body, { version: "aes128gcm", privateKey: ecdh, authSecret: auth })
        .toString("utf8"),
  };
}

let h: AlertsHarness | undefined;
let rx: Receiver | undefined;
afterEach(async () => {
  await rx?.close();
  await h?.close();
  rx = undefined;
  h = undefined;
});

async function harnessWithPush() {
  const vapid = webpush.generateVAPIDKeys();
  const holder: { h?: AlertsHarness } = {};
  const push = {
    send: (...args: Parameters<ReturnType<typeof webPushAdapter>["send"]>) =>
      webPushAdapter({
        vapid: { subject: "mailto:ops@example.com", ...vapid },
        agent: holder.h!.deps.agent,
      }).send(...args),
  };
  holder.h = await alertsHarness({ push });
  return holder.h;
}

describe("Web Push delivery", () => {
  it("delivers an aes128gcm payload the browser decrypts, with a VAPID signature", async () => {
    const browser = aBrowser();
    rx = await startReceiver(() => ({ status: 201 }));
    h = await harnessWithPush();
    const d = await h.domain("shop");
    await h.channel({ type: "push", endpoint: `${rx.url}/push/sub1`, keys: browser.keys }, [d]);
    await h.run(h.job(d, { data: { name: "shop.example", regions: ["ams"] } }));
    expect(rx.received).toHaveLength(1);
    const got = rx.received[0]!;
    expect(got.headers["content-encoding"]).toBe("aes128gcm");
    expect(String(got.headers.authorization)).toMatch(/^vapid t=.+, k=.+/);
    const n = JSON.parse(browser.decrypt(got.raw));
    expect(n).toMatchObject({ type: "incident.opened", title: "🔴 shop.example is down" });
    expect(n.url).toContain("/incidents/");
  });

  it("removes a subscription the push service answers 410 (or 404): nothing is sent to it again, its log stays", async () => {
    const browser = aBrowser();
    rx = await startReceiver((r) => ({ status: r.path.endsWith("gone") ? 410 : 404 }));
    h = await harnessWithPush();
    const d = await h.domain();
    const a = await h.channel(
      { type: "push", endpoint: `${rx.url}/push/gone`, keys: browser.keys },
      [d],
    );
    const b = await h.channel(
      { type: "push", endpoint: `${rx.url}/push/missing`, keys: browser.keys },
      [d],
    );
    await h.run(h.job(d));
    expect(rx.received).toHaveLength(2);
    for (const [c, code] of [
      [a, 410],
      [b, 404],
    ] as const) {
      const [row] = await h.db.select().from(alertChannels).where(eq(alertChannels.id, c.id));
      expect(row!.enabled).toBe(false);
      expect(row!.disabledReason).toBe(
        `push subscription removed: the push service answered ${code}`,
      );
      // the endpoint and the browser's keys are gone from the row
      expect(row!.config).toEqual({
        type: "push",
        removed: { at: expect.any(String), statusCode: code },
      });
      expect(JSON.stringify(row!.config)).not.toContain(browser.keys.p256dh);
      const log = await h.db.select().from(deliveries).where(eq(deliveries.channelId, c.id));
      expect(log).toMatchObject([{ status: "dead", lastStatusCode: code, attempts: 1 }]);
    }
    // even switched back on by hand, a removed subscription has nothing to send to
    await h.db.update(alertChannels).set({ enabled: true }).where(eq(alertChannels.id, a.id));
    h.clock.advance(1_000);
    await h.run(h.job(d));
    expect(rx.received).toHaveLength(2);
    const [again] = await h.db
      .select()
      .from(deliveries)
      .where(eq(deliveries.channelId, a.id))
      .orderBy(desc(deliveries.createdAt));
    expect(again).toMatchObject({ status: "dead", lastError: "push subscription removed" });
  });

  it("keeps payloads at or under 3 KB, even for a 500-domain storm", () => {
    const members = Array.from({ length: 500 }, (_, i) => ({
      type: "incident.opened",
      timestamp: "2026-01-01T00:00:00.000Z",
      data: { name: `very-long-domain-name-number-${i}.example.com` },
    }));
    const p = pushPayload(
      {
        deliveryId: "x",
        webhookId: "msg_x",
        kind: "storm",
        members,
        payload: { type: "incident.opened", timestamp: "t", data: {} },
      },
      "https://app.example",
    );
    expect(Buffer.byteLength(p)).toBeLessThanOrEqual(MAX_PUSH_BYTES);
    expect(JSON.parse(p).body).toMatch(/more$/);
  });
});
