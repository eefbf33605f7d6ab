import { eq } from "drizzle-orm";
import { afterEach, expect, it } from "vitest";
import { migrateDatabase, openDatabase } from "../../adapters/db";
import { deliveries } from "../../schema/control/deliveries";
import { deliveryCounters } from "../../schema/control/delivery-counters";
import { scratchDatabase } from "../../test-support/scratch-postgres";
import { describeWith, serviceUrl } from "../../test-support/services";
import { alertsConsumer, settledConsumer } from "./handler";
import { type AlertsHarness, alertsHarness } from "./testing/harness";
import { type Receiver, startReceiver } from "./testing/receiver";

describeWith(["DATABASE_URL"], "accepting jobs on PostgreSQL, concurrently", () => {
  let h: AlertsHarness | undefined;
  let rx: Receiver | undefined;
  let drop: (() => Promise<void>) | undefined;
  afterEach(async () => {
    await rx?.close();
    await h?.close();
    await drop?.();
  });

  it("gives a channel's 10 slots a minute to 10 of 60 jobs arriving at once, twice each, from three consumers, and holds the rest for one summary", async () => {
    const scratch = await scratchDatabase(serviceUrl("DATABASE_URL")!, "alerts_accept");
    drop = scratch.drop;
    const handle = await openDatabase(scratch.url, { maxConnections: 8 });
    await migrateDatabase(handle, "control");
    h = await alertsHarness({
      handle,
      settings: { channelPerMinute: 10, orgPerMinute: 1000, stormThreshold: 1000 },
    });
    rx = await startReceiver();
    const d = await h.domain();
    const channel = await h.channel({ type: "webhook", url: rx.url }, [d]);
    const jobs = Array.from({ length: 60 }, () =>
      h!.job(d, { type: "degraded", incidentId: null }),
    );
    // three invocations, each with its own group commit, on one pool; every batch twice (SQS
    // may deliver a message again while the first delivery is still being handled)
    const consumers = [0, 1, 2].map(() => settledConsumer(alertsConsumer(h!.deps)));
    const batches = Array.from({ length: 12 }, (_, i) => jobs.slice(i * 5, i * 5 + 5));
    const results = await Promise.all(
      [...batches, ...batches].map((b, i) => consumers[i % 3]!.handle(h!.records(b))),
    );
    expect(results.flatMap((r) => r.batchItemFailures)).toEqual([]);

    // ten went out, each once; every job has one row; the other fifty wait under one summary
    const sent = rx.received.map((r) => JSON.parse(r.body).data);
    expect(sent).toHaveLength(10);
    const rows = await h.db.select().from(deliveries).where(eq(deliveries.kind, "single"));
    expect(new Set(rows.map((r) => r.eventId)).size).toBe(60);
    expect(rows).toHaveLength(60);
    expect(rows.filter((r) => r.status === "grouped")).toHaveLength(50);
    const [counter] = await h.db
      .select()
      .from(deliveryCounters)
      .where(eq(deliveryCounters.scope, `channel:${channel.id}`));
    // what was written counts, once: a job delivered twice took one slot
    expect(counter!.count).toBe(60);

    h.clock.advance(60_000);
    await h.consumer.sweep();
    const summaries = rx.received.slice(10).map((r) => JSON.parse(r.body));
    expect(summaries).toHaveLength(1);
    expect(summaries[0]).toMatchObject({ type: "summary", data: { count: 50 } });
  }, 30_000);
});
