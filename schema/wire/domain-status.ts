import { z } from "zod";

/** One region's latest check of a domain, as shown to users. */
export const RegionStatus = z.object({
  ok: z.boolean(),
  /** ISO time the check completed. */
  checkedAt: z.string(),
  error: z.string().nullable(),
  latencyMs: z.number().nullable(),
});
export type RegionStatus = z.infer<typeof RegionStatus>;

/**
 * Current status of a domain (Redis `dp:status:<id>`, written by consensus), exactly what
 * `GET /v1/domains/:id/status` answers and the edge shows.
 */
export const DomainStatus = z.object({
  status: z.enum(["up", "down", "degraded", "flapping", "unknown", "paused"]),
  /** ISO time the status began, or null when unknown. */
  since: z.string().nullable(),
  regions: z.record(z.string(), RegionStatus),
  /** The latest certificate facts a healthy region saw, or null (http:// or not yet seen). */
  tls: z
    .object({
      daysToExpiry: z.number(),
      fingerprint256: z.string(),
      authorized: z.boolean(),
      error: z.string().nullable(),
      checkedAt: z.string(),
    })
    .nullable(),
});
export type DomainStatus = z.infer<typeof DomainStatus>;
