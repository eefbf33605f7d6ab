import { z } from "@hono/zod-openapi";
import { ExpectStatus } from "../../../schema/wire/domain-config";
import type { ApiConfig } from "../config";

/** http(s) with a host, nothing else: probes only speak HTTP. */
export function isHttpUrl(value: string): boolean {
  if (/\s/.test(value)) return false;
  try {
    const u = new URL(value);
    return (u.protocol === "http:" || u.protocol === "https:") && u.hostname.length > 0;
  } catch {
    return false;
  }
}

const unique = (xs: readonly unknown[]) => new Set(xs).size === xs.length;

const statusRange = ExpectStatus.refine((s) => {
  const [lo, hi] = s.split("-").map(Number) as [number, number | undefined];
  return hi === undefined || lo <= hi;
}, "the range must go from low to high");

/** The domain body schemas; regions are the deployment's, so they are built from config. */
export function domainSchemas(config: Pick<ApiConfig, "regions">) {
  const Region = z.enum(config.regions as [string, ...string[]]);
  const fields = {
    url: z
      .string()
      .max(2048)
      .refine(isHttpUrl, "must be an http:// or https:// URL with a host")
      .openapi({ example: "https://example.com/health" }),
    name: z.string().trim().min(1).max(200),
    regions: z
      .array(Region)
      .min(1)
      .refine(unique, "regions must not repeat")
      .openapi({ example: config.regions.slice(0, 1) }),
    intervalSeconds: z.number().int().min(1).max(86_400),
    timeoutMs: z.number().int().min(100).max(60_000),
    quorum: z.number().int().min(1).nullable(),
    method: z.enum(["GET", "HEAD"]),
    expectStatus: statusRange.openapi({ example: "200-399" }),
    keyword: z.string().min(1).max(1024).nullable(),
    maxRedirects: z.number().int().min(0).max(20),
    sslWarnDays: z
      .array(z.number().int().min(1).max(365))
      .max(10)
      .refine(unique, "days must not repeat"),
    paused: z.boolean(),
    channelIds: z.array(z.uuid()).max(20).refine(unique, "channels must not repeat"),
  };
  const { url, ...optional } = fields;

  const CreateDomain = z.strictObject({ url, ...partial(optional) }).openapi("CreateDomain");
  const PatchDomain = z
    .strictObject(partial(fields))
    .refine((b) => Object.keys(b).length > 0, "give at least one field to change")
    .openapi("PatchDomain");
  return { CreateDomain, PatchDomain };
}

function partial<T extends Record<string, z.ZodType>>(shape: T) {
  return Object.fromEntries(Object.entries(shape).map(([k, v]) => [k, v.optional()])) as {
    [K in keyof T]: z.ZodOptional<T[K]>;
  };
}

/** A domain as the API answers it. */
export const DomainOut = z
  .object({
    id: z.uuid(),
    url: z.string(),
    name: z.string(),
    regions: z.array(z.string()),
    intervalSeconds: z.number().int(),
    timeoutMs: z.number().int(),
    quorum: z.number().int().nullable(),
    method: z.enum(["GET", "HEAD"]),
    expectStatus: z.string(),
    keyword: z.string().nullable(),
    maxRedirects: z.number().int(),
    sslWarnDays: z.array(z.number().int()),
    paused: z.boolean(),
    channelIds: z.array(z.uuid()),
    configVersion: z.number().int(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi("Domain");

export type CreateDomainBody = z.infer<ReturnType<typeof domainSchemas>["CreateDomain"]>;
export type PatchDomainBody = z.infer<ReturnType<typeof domainSchemas>["PatchDomain"]>;
export type DomainOut = z.infer<typeof DomainOut>;
