import { z } from "zod";

/** Notification types: replay output, alert jobs and webhook event types alike. */
export const EventType = z.enum([
  "incident.opened",
  "incident.resolved",
  "flapping.started",
  "flapping.ended",
  "digest",
  "ssl.expiring",
  "ssl.invalid",
  "degraded",
]);
export type EventType = z.infer<typeof EventType>;

/** consensus/digest → alerts queue: one notification to fan out to a domain's channels. */
export const AlertJob = z.object({
  /** Idempotency key derived from the incident/event sequence; redelivery is a no-op. */
  id: z.string().min(1),
  type: EventType,
  orgId: z.string().min(1),
  domainId: z.string().min(1),
  incidentId: z.string().nullable().default(null),
  /** When the engine decided, ms since epoch. */
  t: z.number().int().nonnegative(),
  data: z.record(z.string(), z.unknown()).default({}),
});
export type AlertJob = z.infer<typeof AlertJob>;

/** Body of a signed webhook (Standard Webhooks). */
export const WebhookEvent = z.object({
  type: EventType,
  timestamp: z.string(),
  data: z.record(z.string(), z.unknown()),
});
export type WebhookEvent = z.infer<typeof WebhookEvent>;
