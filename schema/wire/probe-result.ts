import { z } from "zod";
import { CheckErrorCode } from "./error-codes";

export const Timings = z.object({
  dnsMs: z.number().nonnegative(),
  connectMs: z.number().nonnegative(),
  tlsMs: z.number().nonnegative(),
  ttfbMs: z.number().nonnegative(),
  totalMs: z.number().nonnegative(),
});
export type Timings = z.infer<typeof Timings>;

export const ChainEntry = z.object({
  subject: z.string(),
  issuer: z.string(),
  validTo: z.string(),
});

/** What a TLS handshake told us about the served certificate (leaf first). */
export const TlsInfo = z.object({
  authorized: z.boolean(),
  authorizationError: z.string().nullable(),
  hostnameMatches: z.boolean(),
  protocol: z.string().nullable(),
  subject: z.string(),
  issuer: z.string(),
  altNames: z.array(z.string()),
  validFrom: z.string(),
  validTo: z.string(),
  daysToExpiry: z.number(),
  fingerprint256: z.string(),
  chain: z.array(ChainEntry),
  earliestValidTo: z.string(),
});
export type TlsInfo = z.infer<typeof TlsInfo>;

/** One check's outcome: a down site is data, not an exception (CONTRACTS §1). */
export const ProbeResult = z.object({
  url: z.string(),
  region: z.string(),
  ok: z.boolean(),
  checkedAt: z.string(),
  error: z.object({ code: CheckErrorCode, message: z.string() }).nullable(),
  httpStatus: z.number().int().nullable(),
  timings: Timings,
  tls: TlsInfo.nullable(),
});
export type ProbeResult = z.infer<typeof ProbeResult>;

/** A result as the probe emits it to the per-region results stream. */
export const ProbeResultRecord = ProbeResult.extend({
  domainId: z.string().min(1),
  configVersion: z.number().int().nonnegative(),
});
export type ProbeResultRecord = z.infer<typeof ProbeResultRecord>;
