import { pgEnum } from "drizzle-orm/pg-core";

/** Plan tiers decide how many domains, which regions and how often. */
export const planTier = pgEnum("plan_tier", ["free", "pro", "business"]);
export const apiKeyScope = pgEnum("api_key_scope", ["read", "write"]);
export const channelType = pgEnum("channel_type", ["webhook", "slack", "email", "push"]);
export const httpMethod = pgEnum("http_method", ["GET", "HEAD"]);
export const incidentState = pgEnum("incident_state", [
  "suspect",
  "open",
  "acknowledged",
  "recovering",
  "resolved",
]);
/** pending: due (or leased to a sender); failed: retry scheduled; grouped: folded into `group_id`. */
export const deliveryStatus = pgEnum("delivery_status", [
  "pending",
  "sent",
  "failed",
  "dead",
  "grouped",
]);
/** single: one notification; storm / summary: one message for many (alert storm, rate limit). */
export const deliveryKind = pgEnum("delivery_kind", ["single", "storm", "summary"]);
