import { z } from "zod";
import { CheckErrorCode } from "./error-codes";

/** The certificate facts the alert engine needs (a subset of TlsInfo). */
export const ObservedTls = z.object({
  daysToExpiry: z.number(),
  fingerprint256: z.string(),
  authorized: z.boolean(),
  /** Check error code when the certificate is invalid, else null. */
  error: CheckErrorCode.nullable(),
});
export type ObservedTls = z.infer<typeof ObservedTls>;

/**
 * Probe → consensus queue. Sent for a domain's first result after the probe starts (its vote),
 * every failing result, the first passing result after a failure (a recovery), every
 * confirm-on-failure recheck, a changed certificate, and a certificate one day nearer expiry.
 * Shaped like the replay trace's "result" line so one engine serves both.
 */
export const Observation = z.object({
  domainId: z.string().min(1),
  region: z.string().min(1),
  /** When the check completed, ms since epoch. */
  t: z.number().int().nonnegative(),
  ok: z.boolean(),
  error: CheckErrorCode.nullable(),
  latencyMs: z.number().nonnegative(),
  tls: ObservedTls.nullable().default(null),
  /** True when this result is a recheck requested by another region's failure. */
  confirm: z.boolean().default(false),
  configVersion: z.number().int().nonnegative(),
});
export type Observation = z.infer<typeof Observation>;
