import { isIP } from "node:net";
import { z } from "zod";
import { envBool, parseEnv } from "../adapters/config/env";
import { type ApiConfig, loadApiConfig } from "../functions/api/config";

/** A region of the local stack, optionally bound to a loopback source address. */
export interface LocalRegion {
  name: string;
  localAddress?: string;
}

const regionList = z
  .string()
  .min(1)
  .transform((s, ctx): LocalRegion[] => {
    const regions: LocalRegion[] = [];
    for (const part of s
      .split(",")
      .map((p) => p.trim())
      .filter(Boolean)) {
      const [name, localAddress] = part.split("@");
      if (!name || !/^[a-z][a-z0-9-]{0,31}$/.test(name)) {
        ctx.addIssue({ code: "custom", message: `bad region name in LOCAL_REGIONS: "${part}"` });
        return z.NEVER;
      }
      if (localAddress !== undefined && isIP(localAddress) === 0) {
        ctx.addIssue({
          code: "custom",
          message: `"${localAddress}" in "${part}" is not an IP address`,
        });
        return z.NEVER;
      }
      regions.push(localAddress ? { name, localAddress } : { name });
    }
    return regions;
  });

const schema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(8787),
  DATA_DIR: z.string().min(1).default(".data"),
  DATABASE_URL: z.string().optional(),
  TIMESERIES_DATABASE_URL: z.string().optional(),
  REDIS_URL: z.string().optional(),
  LOCAL_REGIONS: regionList.default([{ name: "ams" }, { name: "iad" }, { name: "sin" }]),
  MIN_INTERVAL_SECONDS: z.coerce.number().int().min(1).default(30),
  ALLOW_PRIVATE_TARGETS: envBool.default(true),
  LOG_FORMAT: z.enum(["pretty", "json"]).default("pretty"),
});

/** The local stack's settings, parsed once; every one optional (CONTRACTS §3). */
export type LocalConfig = Readonly<{
  port: number;
  dataDir: string;
  controlDatabaseUrl: string;
  timeseriesDatabaseUrl: string;
  redisUrl?: string;
  regions: LocalRegion[];
  minIntervalSeconds: number;
  allowPrivateTargets: boolean;
  logFormat: "pretty" | "json";
  /** Sign-in and CORS for the dashboard (OIDC_ISSUER, OIDC_AUDIENCE, CORS_ORIGINS). */
  dashboard: Pick<ApiConfig, "oidc" | "corsOrigins">;
}>;

/** Parses the environment; a bad value throws naming the variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): LocalConfig {
  const c = parseEnv(schema, env);
  return Object.freeze({
    port: c.PORT,
    dataDir: c.DATA_DIR,
    controlDatabaseUrl: c.DATABASE_URL ?? `pglite://${c.DATA_DIR}/control`,
    timeseriesDatabaseUrl: c.TIMESERIES_DATABASE_URL ?? `pglite://${c.DATA_DIR}/timeseries`,
    ...(c.REDIS_URL ? { redisUrl: c.REDIS_URL } : {}),
    regions: c.LOCAL_REGIONS,
    minIntervalSeconds: c.MIN_INTERVAL_SECONDS,
    allowPrivateTargets: c.ALLOW_PRIVATE_TARGETS,
    logFormat: c.LOG_FORMAT,
    dashboard: dashboardSettings(env),
  });
}

/** The API's own parsing of the dashboard settings, so both read them alike. */
function dashboardSettings(env: NodeJS.ProcessEnv): Pick<ApiConfig, "oidc" | "corsOrigins"> {
  const api = loadApiConfig(env);
  return { ...(api.oidc ? { oidc: api.oidc } : {}), corsOrigins: api.corsOrigins ?? [] };
}
