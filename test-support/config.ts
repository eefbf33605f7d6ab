import { z } from "zod";
import { parseEnv } from "../adapters/config/env";

const schema = z.object({
  DATABASE_URL: z.string().optional(),
  TIMESERIES_DATABASE_URL: z.string().optional(),
  REDIS_URL: z.string().optional(),
  CI: z.string().optional(),
});

/** The real services a test run may use (each URL unset when absent), and whether it is CI. */
export type TestServicesConfig = Readonly<{
  urls: Readonly<
    Record<"DATABASE_URL" | "TIMESERIES_DATABASE_URL" | "REDIS_URL", string | undefined>
  >;
  ci: boolean;
}>;

/** Parses the test run's environment once; an empty value counts as unset. */
export function loadTestServicesConfig(env: NodeJS.ProcessEnv = process.env): TestServicesConfig {
  const c = parseEnv(schema, env);
  return Object.freeze({
    urls: Object.freeze({
      DATABASE_URL: c.DATABASE_URL,
      TIMESERIES_DATABASE_URL: c.TIMESERIES_DATABASE_URL,
      REDIS_URL: c.REDIS_URL,
    }),
    ci: c.CI === "true",
  });
}
