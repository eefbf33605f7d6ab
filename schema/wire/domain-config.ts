import { z } from "zod";

/** Expected HTTP status: one code ("200") or an inclusive range ("200-399"). */
export const ExpectStatus = z
  .string()
  .regex(/^[1-5]\d\d(-[1-5]\d\d)?$/, "expected a status code like 200 or a range like 200-299");

/** What a probe receives for one domain (Redis hash dp:cfg, field = domain id). */
export const DomainConfig = z.object({
  id: z.string().min(1),
  orgId: z.string().min(1),
  url: z.string().url(),
  name: z.string(),
  regions: z.array(z.string().min(1)).min(1),
  intervalSeconds: z.number().int().positive(),
  timeoutMs: z.number().int().positive(),
  method: z.enum(["GET", "HEAD"]).default("GET"),
  expectStatus: ExpectStatus.default("200-399"),
  keyword: z.string().nullable().default(null),
  maxRedirects: z.number().int().min(0).max(20).default(5),
  sslWarnDays: z.array(z.number().int().positive()).default([30, 14, 7, 3, 1]),
  quorum: z.number().int().positive().nullable().default(null),
  paused: z.boolean().default(false),
  /** Maintenance windows [from, to) in ms: the alert engine holds notifications inside them. */
  maintenance: z.array(z.object({ from: z.number().int(), to: z.number().int() })).optional(),
  /** Ms since epoch until which the domain's notifications are dropped; null: not muted. */
  mutedUntil: z.number().int().nullable().optional(),
  /** The domain's config_version in the control DB; bumps on every change. */
  version: z.number().int().nonnegative(),
});
export type DomainConfig = z.infer<typeof DomainConfig>;

/** Notice published on dp:cfg:changed after the hash is written. */
export const ConfigNotice = z.object({
  id: z.string().min(1),
  /** The global config version (dp:cfg:version) this change was given. */
  version: z.number().int().nonnegative(),
  op: z.enum(["upsert", "delete"]),
});
export type ConfigNotice = z.infer<typeof ConfigNotice>;
