import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import {
  CreateQueueCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SQSClient,
} from "@aws-sdk/client-sqs";
import { createSqsServer } from "local-aws-sqs";
import { afterAll, beforeAll, expect, it } from "vitest";
import { migrateDatabase, openDatabase } from "../../adapters/db";
import type { DatabaseHandle } from "../../adapters/db/types";
import { sqsQueue } from "../../adapters/queue/sqs";
import { pollOnce } from "../../adapters/queue/sqs-poller";
import { alertChannels } from "../../schema/control/alert-channels";
import { deliveries } from "../../schema/control/deliveries";
import { organizations } from "../../schema/control/organizations";
import type { AlertJob } from "../../schema/wire/events";
import { scratchDatabase } from "../../test-support/scratch-postgres";
import { describeWith, serviceUrl } from "../../test-support/services";
import { alertsConsumer, settledConsumer } from "./handler";
import { testAlertsDeps } from "./testing/harness";
import { type Receiver, startReceiver } from "./testing/receiver";

describeWith(
  ["DATABASE_URL"],
  "alerts queue on an SQS emulator (local-aws-sqs) and PostgreSQL",
  () => {
    let sqs: Server;
    let client: SQSClient;
    let scratch: Awaited<ReturnType<typeof scratchDatabase>>;
    let db: DatabaseHandle;
    let rx: Receiver;

    beforeAll(async () => {
      sqs = await createSqsServer({
        port: 0,
        hostname: "127.0.0.1",
        emulateQueueCreationLifecycle: false,
      });
      const { port } = sqs.address() as AddressInfo;
      client = new SQSClient({
        endpoint: `http://127.0.0.1:${port}`,
        region: "us-east-1",
        credentials: { accessKeyId: "test", secretAccessKey: "test" },
        requestHandler: { requestTimeout: 5_000 },
      });
      scratch = await scratchDatabase(serviceUrl("DATABASE_URL")!, "alerts_sqs");
      db = await openDatabase(scratch.url);
      await migrateDatabase(db, "control");
      rx = await startReceiver();
    });
    afterAll(async () => {
      await rx?.close();
      await db?.close();
      await scratch?.drop();
      client?.destroy();
      await new Promise<void>((r) => (sqs ? sqs.close(() => r()) : r()));
    });

    it("enqueues jobs, consumes them with a partial failure, and moves the poison job to the DLQ after the maximum receives", async () => {
      const dlq = await client.send(new CreateQueueCommand({ QueueName: "alerts-dlq" }));
      const dlqArn = (
        await client.send(
          new GetQueueAttributesCommand({ QueueUrl: dlq.QueueUrl, AttributeNames: ["QueueArn"] }),
        )
      ).Attributes!.QueueArn!;
      const q = await client.send(
        new CreateQueueCommand({
          QueueName: "alerts",
          Attributes: {
            RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlqArn, maxReceiveCount: "3" }),
          },
        }),
      );
      const queueUrl = q.QueueUrl!;

      const [org] = await db.db.insert(organizations).values({ name: "acme" }).returning();
      await db.db.insert(alertChannels).values({
        orgId: org!.id,
        type: "webhook",
        config: { type: "webhook", url: rx.url },
        signingSecret: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
      });
      const job = (i: number, over: Partial<AlertJob> = {}): AlertJob => ({
        id: `d${i}:1`,
        type: "degraded",
        orgId: org!.id,
        domainId: `00000000-0000-4000-8000-${String(i).padStart(12, "0")}`,
        incidentId: null,
        t: Date.now(),
        data: {},
        ...over,
      });
      // Postgres text cannot hold NUL: this job can never be recorded
      const poison = job(99, { incidentId: "bad\u0000id" });
      const producer = sqsQueue({ client, urls: { alerts: queueUrl } });
      await producer.send("alerts", [job(1), job(2), poison, job(3), job(4)]);
      await producer.send("alerts", [job(1), job(2)]); // duplicates, as SQS may deliver

      const deps = testAlertsDeps(db.db, {
        settings: { ...testAlertsDeps(db.db).settings, stormThreshold: 100 },
      });
      const consumer = settledConsumer(alertsConsumer(deps));
      let failures = 0;
      let empty = 0;
      for (let round = 0; round < 20 && empty < 2; round++) {
        // long polling: a failure made visible again, or moved to the DLQ, shows in the next round
        const r = await pollOnce({
          client,
          queueUrl,
          handler: consumer.handle,
          batchSize: 10,
          waitSeconds: 1,
        });
        failures += r.failed;
        empty = r.received === 0 ? empty + 1 : 0;
      }
      await deps.agent.close();

      // only the poison job ever failed, once per receive; local-aws-sqs moves a message when its
      // receive count reaches maxReceiveCount as its visibility ends (AWS: once it exceeds it)
      expect(failures).toBeGreaterThanOrEqual(2);
      expect(failures).toBeLessThanOrEqual(3);
      expect(rx.received.map((r) => JSON.parse(r.body).data.domainId).sort()).toEqual(
        [1, 2, 3, 4].map((i) => `00000000-0000-4000-8000-${String(i).padStart(12, "0")}`),
      );
      expect(await db.db.select().from(deliveries)).toHaveLength(4);
      const dead = await client.send(
        new ReceiveMessageCommand({ QueueUrl: dlq.QueueUrl, MaxNumberOfMessages: 10 }),
      );
      expect((dead.Messages ?? []).map((m) => JSON.parse(m.Body!).domainId)).toEqual([
        poison.domainId,
      ]);
    }, 30_000);
  },
);
