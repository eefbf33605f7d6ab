import type { Agent } from "undici";
import type { Clock } from "../../adapters/clock/clock";
import type { Database } from "../../adapters/db/types";
import type { Logger } from "../../adapters/log/logger";
import type { MailPort } from "../../adapters/mail/port";
import type { PushPort } from "../../adapters/push/port";
import type { SchedulerPort } from "../../adapters/scheduler/port";
import type { AlertChannel } from "../../schema/control/alert-channels";
import type { DeliveryPayload } from "../../schema/control/deliveries";

/** Limits and thresholds of delivery (see config.ts for the defaults). */
export interface AlertsSettings {
  /** Messages a minute to one channel before the rest are held for a summary. */
  channelPerMinute: number;
  /** Messages a minute to all of an organization's channels. */
  orgPerMinute: number;
  /** More than this many of an organization's domains opening (or resolving) within a minute is a storm. */
  stormThreshold: number;
  /** How long a storm's grouped message waits to collect the rest of the storm, ms. */
  stormCollectMs: number;
  /** A delivery claimed by a sender that has not recorded an outcome after this is retried, ms. */
  leaseMs: number;
  /** Cut an attempt after this, ms (15 s: success is a 2xx within it). */
  timeoutMs: number;
  /** Sends in flight per process, and per channel. */
  concurrency: number;
  perChannelConcurrency: number;
  /** Sends waiting for a busy channel beyond which the rest are deferred to the sweep. */
  perChannelQueue: number;
  /** Sends in flight to one origin (scheme, host, port), and waiting for it, across its channels. */
  perOriginConcurrency: number;
  perOriginQueue: number;
  /**
   * How long a batch waits for its attempts, ms: one still running then goes on in the slow
   * lane (same request, same 15 s cut) and is recorded when it ends, so the batch is not held.
   */
  sendBudgetMs: number;
  /** How far a deferred delivery is pushed back, ms. */
  deferMs: number;
  /** The dashboard's base URL, for incident links. */
  dashboardUrl: string;
  /** Sender of email (the From header). */
  mailFrom: string;
}

/** Everything delivery needs, passed in (Lambda, local stack, tests, bench). */
export interface AlertsDeps {
  db: Database;
  clock: Clock;
  log: Logger;
  /** Keep-alive HTTP through the SSRF guard: every webhook and Slack attempt uses it. */
  agent: Agent;
  mail: MailPort;
  push: PushPort;
  settings: AlertsSettings;
  /** Wakes the due-deliveries sweep at a retry's time (the cron sweep is the backstop). */
  scheduler?: SchedulerPort;
  /** [0,1) for jitter; tests pin it. */
  random?: () => number;
}

/** One message to send: a delivery's payload, or a group's members folded into one. */
export interface OutboundMessage {
  deliveryId: string;
  /** Stable across retries: the receiver's idempotency key. */
  webhookId: string;
  kind: "single" | "storm" | "summary";
  payload: DeliveryPayload;
  /** The events a storm or summary message stands for. */
  members: DeliveryPayload[];
}

/** What one attempt came to, before the delivery log records it. */
export interface SendOutcome {
  ok: boolean;
  statusCode: number | null;
  error: string | null;
  retryAfterMs: number | null;
  /** The target says it is gone (HTTP 410, a push subscription 404/410): stop using the channel. */
  gone: boolean;
}

/** A channel type's sender. */
export type Sender = (
  deps: AlertsDeps,
  channel: AlertChannel,
  msg: OutboundMessage,
) => Promise<SendOutcome>;

/** Outcome helpers for senders. */
export const sent = (statusCode: number | null): SendOutcome => ({
  ok: true,
  statusCode,
  error: null,
  retryAfterMs: null,
  gone: false,
});
export const failed = (
  error: string,
  o: Partial<Pick<SendOutcome, "statusCode" | "retryAfterMs" | "gone">> = {},
): SendOutcome => ({
  ok: false,
  statusCode: o.statusCode ?? null,
  error,
  retryAfterMs: o.retryAfterMs ?? null,
  gone: o.gone ?? false,
});
