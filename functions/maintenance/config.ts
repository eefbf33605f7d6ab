import { z } from "zod";

const schema = z.object({
  DATABASE_URL: z.string().min(1),
  UPSTASH_REDIS_REST_URL: z.url().optional(),
  UPSTASH_REDIS_REST_TOKEN: z.string().min(1).optional(),
  REDIS_URL: z.string().optional(),
});

/** Maintenance settings, parsed once per cold start. */
export type MaintenanceConfig = Readonly<{
  databaseUrl: string;
  redis: { kind: "upstash"; url: string; token: string } | { kind: "tcp"; url: string };
}>;

/** Parses the environment; a missing or bad value throws naming the variable. */
export function loadMaintenanceConfig(env: NodeJS.ProcessEnv = process.env): MaintenanceConfig {
  const clean = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== ""));
  const parsed = schema.safeParse(clean);
  const fail = (message: string) =>
    Object.assign(new Error(message), { code: "CONFIG_INVALID" as const });
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw fail(`${issue.path.join(".")}: ${issue.message}`);
  }
  const c = parsed.data;
  if (c.UPSTASH_REDIS_REST_URL && c.UPSTASH_REDIS_REST_TOKEN) {
    return Object.freeze({
      databaseUrl: c.DATABASE_URL,
      redis: {
        kind: "upstash" as const,
        url: c.UPSTASH_REDIS_REST_URL,
        token: c.UPSTASH_REDIS_REST_TOKEN,
      },
    });
  }
  if (c.REDIS_URL) {
    return Object.freeze({
      databaseUrl: c.DATABASE_URL,
      redis: { kind: "tcp" as const, url: c.REDIS_URL },
    });
  }
  throw fail("UPSTASH_REDIS_REST_URL and UPSTASH_REDIS_REST_TOKEN, or REDIS_URL, must be set");
}
