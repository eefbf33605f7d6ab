import { loadAlertsConfig } from "./config";
import { buildAlertsDeps } from "./deps";
import { type AlertsConsumer, alertsConsumer, settledConsumer } from "./handler";

// Per cold start: the entry file is the one place that holds deps.
let ready: Promise<AlertsConsumer> | undefined;
const consumer = () => {
  ready ??= buildAlertsDeps(loadAlertsConfig()).then((deps) =>
    settledConsumer(alertsConsumer(deps)),
  );
  return ready;
};

/**
 * One entry for both triggers: an SQS batch from the alerts queue (ReportBatchItemFailures),
 * or a scheduled event (the cron sweep, a retry's wake-up) that sends due deliveries.
 */
export async function handler(event: { Records?: { messageId: string; body: string }[] }) {
  const c = await consumer();
  if (event.Records) {
    return c.handle(event.Records.map((r) => ({ messageId: r.messageId, body: r.body })));
  }
  const attempted = await c.sweep();
  return { attempted };
}
