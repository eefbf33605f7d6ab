import { eq } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import { alertChannels } from "../../schema/control/alert-channels";
import { deliveries } from "../../schema/control/deliveries";
import { type AlertsHarness, alertsHarness, recordingMail } from "./testing/harness";
import { type Receiver, startReceiver } from "./testing/receiver";

let h: AlertsHarness;
let rx: Receiver;
afterEach(async () => {
  await rx?.close();
  await h?.close();
});

describe("channel health", () => {
  it("disables a channel that failed everything for 5 days and tells the organization by email", async () => {
    const mail = recordingMail();
    h = await alertsHarness({ mail });
    rx = await startReceiver(() => ({ status: 500 }));
    const d = await h.domain();
    const hook = await h.channel({ type: "webhook", url: rx.url }, [d]);
    await h.channel({ type: "email", to: ["ops@example.com"] });
    await h.run(h.job(d));
    let [row] = await h.db.select().from(alertChannels).where(eq(alertChannels.id, hook.id));
    expect(row!.failingSince!.getTime()).toBe(h.clock.now());
    // 4 days of failures in: still enabled
    h.clock.advance(4 * 86_400_000);
    await h.run(h.job(d));
    [row] = await h.db.select().from(alertChannels).where(eq(alertChannels.id, hook.id));
    expect(row!.enabled).toBe(true);
    h.clock.advance(86_400_000);
    await h.run(h.job(d));
    [row] = await h.db.select().from(alertChannels).where(eq(alertChannels.id, hook.id));
    expect(row).toMatchObject({
      enabled: false,
      disabledReason: "every delivery failed for 5 days",
    });
    const notice = mail.sent.filter((m) => m.subject.includes("disabled"));
    expect(notice.map((m) => m.to)).toEqual([["ops@example.com"]]);
  });

  it("a success ends the run of failures", async () => {
    h = await alertsHarness();
    rx = await startReceiver((_r, n) => ({ status: n === 1 ? 500 : 200 }));
    const d = await h.domain();
    const hook = await h.channel({ type: "webhook", url: rx.url }, [d]);
    await h.run(h.job(d));
    h.clock.advance(5_000);
    await h.consumer.sweep();
    const [row] = await h.db.select().from(alertChannels).where(eq(alertChannels.id, hook.id));
    expect(row!.failingSince).toBeNull();
    const [dl] = await h.db.select().from(deliveries);
    expect(dl).toMatchObject({ status: "sent", attempts: 2 });
  });
});

describe("email delivery", () => {
  it("sends one message per recipient in one batch, keyed for the provider's dedupe", async () => {
    const mail = recordingMail();
    h = await alertsHarness({ mail });
    const d = await h.domain();
    await h.channel({ type: "email", to: ["a@example.com", "b@example.com", "c@example.com"] }, [
      d,
    ]);
    await h.run(h.job(d));
    expect(mail.sent.map((m) => m.to)).toEqual([
      ["a@example.com"],
      ["b@example.com"],
      ["c@example.com"],
    ]);
    expect(new Set(mail.sent.map((m) => m.idempotencyKey)).size).toBe(3);
    expect(mail.sent[0]!.html).toContain("<html");
  });
});
