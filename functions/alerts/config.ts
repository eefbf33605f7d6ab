import { z } from "zod";
import { envBool, parseEnv } from "../../adapters/config/env";
import type { AlertsSettings } from "./types";

/** Delivery defaults: 10 messages a minute per channel, a storm is more than 10 domains a minute. */
export const defaultSettings: AlertsSettings = Object.freeze({
  channelPerMinute: 10,
  orgPerMinute: 60,
  stormThreshold: 10,
  stormCollectMs: 15_000,
  leaseMs: 60_000,
  timeoutMs: 15_000,
  concurrency: 1024,
  perChannelConcurrency: 8,
  perChannelQueue: 16,
  perOriginConcurrency: 64,
  perOriginQueue: 128,
  sendBudgetMs: 100,
  deferMs: 1_000,
  dashboardUrl: "https://app.domainpilot.dev",
  mailFrom: "DomainPilot <alerts@domainpilot.dev>",
});

const int = (min: number) => z.coerce.number().int().min(min);

const schema = z.object({
  DATABASE_URL: z.string().min(1),
  RESEND_API_KEY: z.string().startsWith("re_"),
  RESEND_BASE_URL: z.url().optional(),
  MAIL_FROM: z.string().min(3).default(defaultSettings.mailFrom),
  VAPID_SUBJECT: z.string().regex(/^(mailto:|https:)/, "must be a mailto: or https: URL"),
  VAPID_PUBLIC_KEY: z.string().min(40),
  VAPID_PRIVATE_KEY: z.string().min(20),
  DASHBOARD_URL: z.url().default(defaultSettings.dashboardUrl),
  ALLOW_PRIVATE_TARGETS: envBool.default(false),
  ALERTS_CHANNEL_PER_MINUTE: int(1).default(defaultSettings.channelPerMinute),
  ALERTS_ORG_PER_MINUTE: int(1).default(defaultSettings.orgPerMinute),
  ALERTS_STORM_THRESHOLD: int(1).default(defaultSettings.stormThreshold),
  ALERTS_CONCURRENCY: int(1).default(defaultSettings.concurrency),
  /** Where retry wake-ups go (the alerts function); without them the cron sweep alone retries. */
  WAKE_TARGET_ARN: z.string().startsWith("arn:").optional(),
  WAKE_ROLE_ARN: z.string().startsWith("arn:").optional(),
  WAKE_SCHEDULE_GROUP: z.string().min(1).optional(),
});

/** Alerts settings, parsed once per cold start. */
export type AlertsConfig = Readonly<{
  databaseUrl: string;
  resend: { apiKey: string; baseUrl?: string };
  vapid: { subject: string; publicKey: string; privateKey: string };
  allowPrivateTargets: boolean;
  wake?: { targetArn: string; roleArn: string; groupName?: string };
  settings: AlertsSettings;
}>;

/** Parses the environment; a missing or bad value throws naming the variable. */
export function loadAlertsConfig(env: NodeJS.ProcessEnv = process.env): AlertsConfig {
  const c = parseEnv(schema, env);
  return Object.freeze({
    databaseUrl: c.DATABASE_URL,
    resend: {
      apiKey: c.RESEND_API_KEY,
      ...(c.RESEND_BASE_URL ? { baseUrl: c.RESEND_BASE_URL } : {}),
    },
    vapid: {
      subject: c.VAPID_SUBJECT,
      publicKey: c.VAPID_PUBLIC_KEY,
      privateKey: c.VAPID_PRIVATE_KEY,
    },
    allowPrivateTargets: c.ALLOW_PRIVATE_TARGETS,
    ...(c.WAKE_TARGET_ARN && c.WAKE_ROLE_ARN
      ? {
          wake: {
            targetArn: c.WAKE_TARGET_ARN,
            roleArn: c.WAKE_ROLE_ARN,
            ...(c.WAKE_SCHEDULE_GROUP ? { groupName: c.WAKE_SCHEDULE_GROUP } : {}),
          },
        }
      : {}),
    settings: Object.freeze({
      ...defaultSettings,
      channelPerMinute: c.ALERTS_CHANNEL_PER_MINUTE,
      orgPerMinute: c.ALERTS_ORG_PER_MINUTE,
      stormThreshold: c.ALERTS_STORM_THRESHOLD,
      concurrency: c.ALERTS_CONCURRENCY,
      dashboardUrl: c.DASHBOARD_URL,
      mailFrom: c.MAIL_FROM,
    }),
  });
}
