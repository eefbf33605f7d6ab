import { eq } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import { deliveries } from "../../schema/control/deliveries";
import { deliveryAttempts } from "../../schema/control/delivery-attempts";
import { type AlertsHarness, alertsHarness } from "./testing/harness";
import { type Receiver, type Reply, startReceiver } from "./testing/receiver";

let h: AlertsHarness;
const receivers: Receiver[] = [];
afterEach(async () => {
  await h.close();
  for (const r of receivers.splice(0)) await r.close();
});

/** A receiver that holds every request until released (or 10 s, so a held batch fails the test). */
async function heldReceiver() {
  let release!: () => void;
  const released = new Promise<void>((r) => {
    release = r;
  });
  let releasedAt = Number.POSITIVE_INFINITY;
  const rx = await startReceiver(async (): Promise<Reply> => {
    await Promise.race([released, new Promise((r) => setTimeout(r, 10_000))]);
    releasedAt = Math.min(releasedAt, Date.now());
    return { status: 200 };
  });
  receivers.push(rx);
  return {
    rx,
    release: () => {
      releasedAt = Math.min(releasedAt, Date.now());
      release();
    },
    releasedAt: () => releasedAt,
  };
}

const statusOf = async (h: AlertsHarness, channelId: string) =>
  (await h.db.select().from(deliveries).where(eq(deliveries.channelId, channelId))).map(
    (d) => d.status,
  );

describe("the slow lane", () => {
  it("a slow receiver on one channel delays neither another channel in its batch nor the next batch", async () => {
    // a budget a loaded machine's loopback sends fit in; the held receiver outlasts it
    h = await alertsHarness({ settings: { sendBudgetMs: 2_000 } });
    const slow = await heldReceiver();
    const fast = await startReceiver();
    receivers.push(fast);
    const [ds, df] = [await h.domain(), await h.domain()];
    const slowCh = await h.channel({ type: "webhook", url: slow.rx.url }, [ds]);
    const fastCh = await h.channel({ type: "webhook", url: fast.url }, [df]);

    const first = h.job(ds);
    await h.live.run(first, h.job(df));
    const firstBatchBack = Date.now();
    expect(slow.rx.received).toHaveLength(1); // sent, and still waiting for its answer
    expect(fast.received).toHaveLength(1);
    expect(await statusOf(h, fastCh.id)).toEqual(["sent"]); // recorded before the batch returned
    expect(await statusOf(h, slowCh.id)).toEqual(["pending"]); // still in flight, under its lease

    await h.live.run(h.job(df)); // the next batch goes straight through
    await h.live.run(first); // a redelivered job sends nothing, even while its send is in flight
    expect(fast.received).toHaveLength(2);
    expect(slow.rx.received).toHaveLength(1);
    const fastDone = Math.max(...fast.received.map((r) => r.at));

    slow.release();
    await h.live.settle();
    // both batches returned, and the fast receiver had both, before the slow one answered
    expect(firstBatchBack).toBeLessThanOrEqual(slow.releasedAt());
    expect(fastDone).toBeLessThanOrEqual(slow.releasedAt());
    // the slow attempt is logged once, as sent, with the time it took
    expect(await statusOf(h, slowCh.id)).toEqual(["sent"]);
    const [row] = await h.db.select().from(deliveries).where(eq(deliveries.channelId, slowCh.id));
    const log = await h.db
      .select()
      .from(deliveryAttempts)
      .where(eq(deliveryAttempts.deliveryId, row!.id));
    expect(log).toMatchObject([{ attempt: 1, ok: true, statusCode: 200 }]);
    expect(row!.attempts).toBe(1);
  }, 30_000);

  it("the settled consumer (as a Lambda runs it) returns only once the slow attempt is recorded", async () => {
    h = await alertsHarness();
    const slow = await heldReceiver();
    const d = await h.domain();
    const c = await h.channel({ type: "webhook", url: slow.rx.url }, [d]);
    setTimeout(slow.release, 300);
    await h.run(h.job(d));
    expect(Date.now()).toBeGreaterThanOrEqual(slow.releasedAt());
    expect(await statusOf(h, c.id)).toEqual(["sent"]);
  }, 30_000);

  it("an attempt that ends after its lease ran out is logged but leaves the row to the newer attempt", async () => {
    h = await alertsHarness({ settings: { sendBudgetMs: 200 } });
    let release!: () => void;
    const released = new Promise<void>((r) => {
      release = r;
    });
    let n = 0;
    // the first send is held, then fails; the sweep's resend (after the lease) succeeds at once
    const rx = await startReceiver(async (): Promise<Reply> => {
      if (n++ > 0) return { status: 200 };
      await Promise.race([released, new Promise((r) => setTimeout(r, 10_000))]);
      return { status: 500 };
    });
    receivers.push(rx);
    const d = await h.domain();
    const c = await h.channel({ type: "webhook", url: rx.url }, [d]);
    await h.live.run(h.job(d)); // returns at the budget: the first send is in the slow lane
    h.clock.advance(h.deps.settings.leaseMs + 1);
    await h.live.sweep(); // the lease ran out: claimed again and sent again
    expect(rx.received).toHaveLength(2);
    expect(await statusOf(h, c.id)).toEqual(["sent"]);
    release();
    await h.live.settle();
    const [row] = await h.db.select().from(deliveries).where(eq(deliveries.channelId, c.id));
    expect(row).toMatchObject({ status: "sent", attempts: 1, lastStatusCode: 200 });
    const log = await h.db
      .select()
      .from(deliveryAttempts)
      .where(eq(deliveryAttempts.deliveryId, row!.id));
    expect(log.map((a) => a.statusCode).sort()).toEqual([200, 500]);
  }, 30_000);
});
