import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import webpush from "web-push";
import { systemClock } from "../adapters/clock/clock";
import type { Database } from "../adapters/db/types";
import type { Logger } from "../adapters/log/logger";
import { outboxMail } from "../adapters/mail/outbox";
import { guardedAgent } from "../adapters/net/dispatcher";
import { guardPolicy } from "../adapters/net/guard";
import { webPushAdapter } from "../adapters/push/web-push";
import type { MemoryQueue } from "../adapters/queue/memory";
import { defaultSettings } from "../functions/alerts/config";
import { alertsConsumer } from "../functions/alerts/handler";

/** This machine's VAPID keys, made once and kept in <DATA_DIR>/vapid.json. */
function localVapid(dataDir: string) {
  const file = join(dataDir, "vapid.json");
  if (existsSync(file)) return JSON.parse(readFileSync(file, "utf8")) as webpush.VapidKeys;
  const keys = webpush.generateVAPIDKeys();
  writeFileSync(file, JSON.stringify(keys), { mode: 0o600 });
  return keys;
}

/**
 * Delivers for real on one machine: the alerts queue's consumer, webhooks and Slack over HTTP
 * to their URLs, mail as .eml files in <DATA_DIR>/outbox/, push to the subscription's endpoint,
 * and the due-deliveries sweep (retries, storm and summary messages, tests) every second.
 */
export function startDelivery(o: {
  queue: MemoryQueue;
  db: Database;
  dataDir: string;
  allowPrivate: boolean;
  dashboardUrl: string;
  log: Logger;
  sweepEveryMs?: number;
}) {
  const settings = { ...defaultSettings, dashboardUrl: o.dashboardUrl };
  const agent = guardedAgent({
    policy: guardPolicy(o.allowPrivate),
    connections: settings.perOriginConcurrency,
  });
  // a long-lived process: a batch returns at its send budget and the slow lane runs on
  const consumer = alertsConsumer({
    db: o.db,
    clock: systemClock,
    log: o.log,
    agent,
    mail: outboxMail(join(o.dataDir, "outbox")),
    push: webPushAdapter({
      vapid: { subject: "mailto:alerts@localhost", ...localVapid(o.dataDir) },
      agent,
    }),
    settings,
  });
  o.queue.subscribe("alerts", consumer.handle);
  let sweeping: Promise<unknown> = Promise.resolve();
  const timer = setInterval(() => {
    sweeping = sweeping
      .then(() => consumer.sweep())
      .catch((err) => o.log.warn("delivery sweep failed", { error: String(err) }));
  }, o.sweepEveryMs ?? 1_000);
  timer.unref();
  return {
    consumer,
    async stop() {
      clearInterval(timer);
      await sweeping;
      await consumer.settle();
      await agent.close();
    },
  };
}
