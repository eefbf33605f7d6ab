import { z } from "zod";

/** A configuration error: a missing or bad setting, named. */
export function configError(message: string): Error & { code: "CONFIG_INVALID" } {
  return Object.assign(new Error(message), { code: "CONFIG_INVALID" as const });
}

/** "true"/"false" (also 1/0, yes/no) as a boolean setting. */
export const envBool = z
  .enum(["true", "false", "1", "0", "yes", "no"])
  .transform((v) => v === "true" || v === "1" || v === "yes");

/**
 * Parses environment variables with a zod object schema. Empty values count as unset (so a
 * blank line in an env file never becomes a secret); every bad variable is named in one error.
 */
export function parseEnv<S extends z.ZodType>(
  schema: S,
  env: Record<string, string | undefined>,
): z.infer<S> {
  const clean = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== ""));
  const parsed = schema.safeParse(clean);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
  throw configError(problems.join("; "));
}

const url = z.url();

/**
 * A comma-separated list of URLs, in order (a partitioned queue: one URL per shard). Spaces
 * around a URL are trimmed; an empty list, an empty entry or one that is not a URL fails,
 * naming the entry.
 */
export const envUrlList = z.string().transform((s, ctx): string[] => {
  const urls = s.split(",").map((u) => u.trim());
  for (const [i, u] of urls.entries()) {
    if (!url.safeParse(u).success) {
      ctx.addIssue({ code: "custom", message: `entry ${i + 1} is not a URL: "${u}"` });
      return z.NEVER;
    }
  }
  return urls;
});
