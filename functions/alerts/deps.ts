import { systemClock } from "../../adapters/clock/clock";
import { openDatabase } from "../../adapters/db/open";
import { createLogger } from "../../adapters/log/logger";
import { resendMail } from "../../adapters/mail/resend";
import { guardedAgent } from "../../adapters/net/dispatcher";
import { guardPolicy } from "../../adapters/net/guard";
import { webPushAdapter } from "../../adapters/push/web-push";
import { eventBridgeScheduler, schedulerClient } from "../../adapters/scheduler/eventbridge";
import type { AlertsConfig } from "./config";
import type { AlertsDeps } from "./types";

/** Builds the alerts unit's ports from its config (one Lambda cold start). */
export async function buildAlertsDeps(config: AlertsConfig): Promise<AlertsDeps> {
  const db = await openDatabase(config.databaseUrl, { maxConnections: 4 });
  // a socket for every send the limiter lets run to one origin
  const agent = guardedAgent({
    policy: guardPolicy(config.allowPrivateTargets),
    connections: config.settings.perOriginConcurrency,
  });
  return {
    db: db.db,
    clock: systemClock,
    log: createLogger("json", { unit: "alerts" }),
    agent,
    mail: resendMail({ ...config.resend, timeoutMs: config.settings.timeoutMs }),
    push: webPushAdapter({ vapid: config.vapid, agent }),
    settings: config.settings,
    ...(config.wake
      ? { scheduler: eventBridgeScheduler({ client: schedulerClient(), ...config.wake }) }
      : {}),
  };
}
