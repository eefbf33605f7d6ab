import { z } from "zod";
import { DomainStatus } from "./domain-status";

/** A status page as the edge reads it (Redis `dp:sp:<slug>`), published by the API. */
export const StatusPageModel = z.object({
  id: z.string(),
  slug: z.string(),
  title: z.string(),
  /** The listed domains in page order, with the name shown for each. */
  domains: z.array(z.object({ id: z.string(), name: z.string() })),
  customHostname: z.string().nullable(),
  /** ISO time of the change that published it. */
  updatedAt: z.string(),
});
export type StatusPageModel = z.infer<typeof StatusPageModel>;

/** One UTC day of checks (a field of Redis `dp:days:<domainId>`, value "checks,failures"). */
export const DayBar = z.object({
  /** YYYY-MM-DD (UTC). */
  day: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  checks: z.number().int().min(0),
  failures: z.number().int().min(0),
});
export type DayBar = z.infer<typeof DayBar>;

/** One step of an incident's public timeline. */
export const IncidentStep = z.object({
  type: z.string(),
  /** ISO time. */
  at: z.string(),
  state: z.string(),
  /** A human update written from the dashboard, when there is one. */
  message: z.string().optional(),
});

/** An incident as a status page shows it (a field of Redis `dp:incs:<domainId>`). */
export const IncidentSummary = z.object({
  id: z.string(),
  domainId: z.string(),
  state: z.enum(["suspect", "open", "acknowledged", "recovering", "resolved"]),
  /** A short title, e.g. the cause ("TIMEOUT") or one set from the dashboard. */
  title: z.string(),
  regions: z.array(z.string()),
  openedAt: z.string(),
  resolvedAt: z.string().nullable(),
  timeline: z.array(IncidentStep),
});
export type IncidentSummary = z.infer<typeof IncidentSummary>;

/** A scheduled maintenance window (a field of Redis `dp:maint:<domainId>`). */
export const MaintenanceWindow = z.object({
  id: z.string(),
  /** ISO times. */
  from: z.string(),
  to: z.string(),
  note: z.string().nullable().optional(),
});
export type MaintenanceWindow = z.infer<typeof MaintenanceWindow>;

/** One domain of the public status JSON (`/status/:slug.json`). */
export const StatusPageDomain = z.object({
  id: z.string(),
  name: z.string(),
  status: DomainStatus.shape.status,
  since: z.string().nullable(),
  /** Uptime % over the days that had checks, or null when none had. */
  uptime90d: z.number().nullable(),
  /** The last 90 UTC days, oldest first; a day without checks has checks 0. */
  days: z.array(DayBar),
  certDaysLeft: z.number().nullable(),
});

/** The public status JSON: what the HTML page shows, as data. */
export const StatusPageView = z.object({
  slug: z.string(),
  title: z.string(),
  /** ISO time this view was read from Redis. */
  generatedAt: z.string(),
  /** True when Redis could not be read and this is the last good copy. */
  stale: z.boolean(),
  overall: z.enum(["operational", "degraded", "outage", "maintenance", "unknown"]),
  domains: z.array(StatusPageDomain),
  activeIncidents: z.array(IncidentSummary),
  recentIncidents: z.array(IncidentSummary),
  maintenance: z.array(MaintenanceWindow.extend({ domainIds: z.array(z.string()) })),
});
export type StatusPageView = z.infer<typeof StatusPageView>;
