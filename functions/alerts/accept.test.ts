import { eq } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import { alertChannels } from "../../schema/control/alert-channels";
import { deliveries } from "../../schema/control/deliveries";
import { type AlertsHarness, alertsHarness } from "./testing/harness";
import { type Receiver, startReceiver } from "./testing/receiver";

let h: AlertsHarness;
let rx: Receiver | undefined;
afterEach(async () => {
  await rx?.close();
  rx = undefined;
  await h.close();
});

const bodies = (r: Receiver) => r.received.map((x) => JSON.parse(x.body));

describe("routing", () => {
  it("reaches linked channels, else the organization's channels, never a disabled one", async () => {
    h = await alertsHarness();
    rx = await startReceiver();
    const linked = await h.domain();
    const unlinked = await h.domain();
    const a = await h.channel({ type: "webhook", url: `${rx.url}/a` }, [linked]);
    await h.channel({ type: "webhook", url: `${rx.url}/b` });
    const off = await h.channel({ type: "webhook", url: `${rx.url}/off` });
    await h.db.update(alertChannels).set({ enabled: false }).where(eq(alertChannels.id, off.id));
    await h.run(h.job(linked), h.job(unlinked));
    const paths = rx.received.map((r) => `${r.path} ${JSON.parse(r.body).data.domainId}`).sort();
    // the unlinked domain goes to every enabled channel of the org (a and b), never to "off"
    expect(paths).toEqual([`/a ${linked}`, `/a ${unlinked}`, `/b ${unlinked}`].sort());
    expect(a.id).toBeTruthy();
  });

  it("sends a batch's good jobs when another names an organization that cannot exist", async () => {
    h = await alertsHarness();
    rx = await startReceiver();
    const d = await h.domain();
    await h.channel({ type: "webhook", url: `${rx.url}/a` }, [d]);
    // an opening (a storm-counted type) whose orgId is not an id: it routes nowhere, and the
    // storm count read beside the routes must not fail the batch over it
    const r = await h.run(h.job(d), h.job(d, { orgId: "not-an-id" }));
    expect(r.batchItemFailures).toEqual([]);
    expect(rx.received.map((x) => x.path)).toEqual(["/a"]);
  });
});

describe("alert storms", () => {
  it("folds a storm of 200 domains into one grouped message per channel, and one grouped recovery", async () => {
    h = await alertsHarness({
      settings: { stormThreshold: 10, channelPerMinute: 1000, orgPerMinute: 1000 },
    });
    rx = await startReceiver();
    const domains = [];
    for (let i = 0; i < 200; i++) domains.push(await h.domain());
    await h.channel({ type: "webhook", url: `${rx.url}/one` });
    await h.channel({ type: "webhook", url: `${rx.url}/two` });
    const opened = domains.map((d) => h.job(d));
    for (let i = 0; i < opened.length; i += 10) await h.run(...opened.slice(i, i + 10));
    const individual = rx.received.length;
    // what arrived before the threshold was crossed went out one by one; nothing else did
    expect(individual).toBeLessThanOrEqual(2 * 10);
    h.clock.advance(h.deps.settings.stormCollectMs);
    await h.consumer.sweep();
    const grouped = bodies(rx).filter((b) => b.data.grouped === "storm");
    expect(grouped).toHaveLength(2);
    for (const g of grouped) {
      expect(g.type).toBe("incident.opened");
      expect(g.data.count + individual / 2).toBe(200);
    }
    expect(rx.received.length).toBe(individual + 2);

    h.clock.advance(120_000);
    const before = rx.received.length;
    const resolved = domains.map((d) => h.job(d, { type: "incident.resolved" }));
    for (let i = 0; i < resolved.length; i += 100) await h.run(...resolved.slice(i, i + 100));
    h.clock.advance(h.deps.settings.stormCollectMs);
    await h.consumer.sweep();
    const after = bodies(rx).slice(before);
    const recoveries = after.filter((b) => b.data.grouped === "storm");
    expect(recoveries.map((b) => b.type)).toEqual(["incident.resolved", "incident.resolved"]);
    expect(after.length).toBe(2); // a batch of 100 is a storm at once: nothing went out alone
    expect(recoveries.every((b) => b.data.count === 200)).toBe(true);
  }, 60_000);
});

describe("rate limits", () => {
  it("holds what is over 10 a minute per channel and sends it as one summary, losing nothing", async () => {
    h = await alertsHarness({
      settings: { channelPerMinute: 10, orgPerMinute: 1000, stormThreshold: 1000 },
    });
    rx = await startReceiver();
    const d = await h.domain();
    await h.channel({ type: "webhook", url: rx.url }, [d]);
    const jobs = Array.from({ length: 25 }, () =>
      h.job(d, { type: "ssl.expiring", incidentId: null }),
    );
    for (const j of jobs) await h.run(j);
    expect(rx.received).toHaveLength(10);
    h.clock.advance(60_000);
    await h.consumer.sweep();
    expect(rx.received).toHaveLength(11);
    const summary = JSON.parse(rx.received[10]!.body);
    expect(summary).toMatchObject({
      type: "summary",
      data: { grouped: "summary", count: 15, omitted: 0 },
    });
    const held = await h.db.select().from(deliveries).where(eq(deliveries.status, "grouped"));
    expect(held).toHaveLength(15);
  });

  it("limits an organization across its channels", async () => {
    h = await alertsHarness({
      settings: { channelPerMinute: 100, orgPerMinute: 5, stormThreshold: 1000 },
    });
    rx = await startReceiver();
    const d = await h.domain();
    await h.channel({ type: "webhook", url: `${rx.url}/a` }, [d]);
    await h.channel({ type: "webhook", url: `${rx.url}/b` }, [d]);
    for (let i = 0; i < 6; i++) await h.run(h.job(d, { type: "degraded", incidentId: null }));
    expect(rx.received).toHaveLength(5);
    h.clock.advance(60_000);
    await h.consumer.sweep();
    const summaries = bodies(rx).filter((b) => b.type === "summary");
    const total = summaries.reduce((n, s) => n + s.data.count, 0);
    expect(total + 5).toBe(12);
  });

  it("does not count a redelivered job against the limit: it sends nothing, so it holds nothing back", async () => {
    h = await alertsHarness({
      settings: { channelPerMinute: 3, orgPerMinute: 1000, stormThreshold: 1000 },
    });
    rx = await startReceiver();
    const d = await h.domain();
    await h.channel({ type: "webhook", url: rx.url }, [d]);
    const first = h.job(d, { type: "degraded", incidentId: null });
    for (let i = 0; i < 5; i++) await h.run(first); // SQS delivers it five times
    await h.run(h.job(d, { type: "degraded", incidentId: null }));
    await h.run(h.job(d, { type: "degraded", incidentId: null }));
    expect(rx.received).toHaveLength(3); // the limit's three slots went to three jobs
    expect(await h.db.select().from(deliveries).where(eq(deliveries.status, "grouped"))).toEqual(
      [],
    );
  });
});

describe("concurrent batches", () => {
  // one is accepted at once, the other eleven together (group commit): each batch's rows go back
  // to it, and a job in two of them is one job
  it("accepts batches that arrive together, each sending its own jobs once", async () => {
    h = await alertsHarness({ settings: { stormThreshold: 1000, channelPerMinute: 1000 } });
    rx = await startReceiver();
    const ds = [await h.domain(), await h.domain(), await h.domain()];
    for (const d of ds) await h.channel({ type: "webhook", url: rx.url }, [d]);
    const batches = Array.from({ length: 12 }, (_, i) =>
      [0, 1, 2].map((k) => h.job(ds[k]!, { type: "degraded", incidentId: null, data: { i, k } })),
    );
    // one job twice, in two batches of the same moment (an SQS redelivery)
    batches[5]!.push(batches[4]![0]!);
    const answers = await Promise.all(batches.map((b) => h.live.run(...b)));
    await h.live.settle();
    expect(answers.every((a) => a.batchItemFailures.length === 0)).toBe(true);
    const sent = bodies(rx).map((b) => `${b.data.i}:${b.data.k}`);
    const expected = batches.flatMap((_, i) => [0, 1, 2].map((k) => `${i}:${k}`));
    expect(sent.sort()).toEqual(expected.sort());
    const rows = await h.db.select().from(deliveries);
    expect(rows).toHaveLength(36);
    expect(rows.every((r) => r.status === "sent")).toBe(true);
  });
});
