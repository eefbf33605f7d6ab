import { createLogger } from "../../adapters/log/logger";
import { sqsClient, sqsQueue } from "../../adapters/queue/sqs";
import { loadDigestConfig } from "./config";
import { digestHandler } from "./handler";

type Handler = ReturnType<typeof digestHandler>;

// Per cold start: the entry file is the one place that holds deps.
let ready: Handler | undefined;

/** EventBridge Scheduler entry: the schedule's Input is the wake-up. */
export async function handler(event: unknown) {
  ready ??= digestHandler({
    queue: sqsQueue({
      client: sqsClient(),
      urls: { consensus: loadDigestConfig().consensusQueueUrls },
    }),
    log: createLogger("json", { unit: "digest" }),
  });
  return ready(event);
}
