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
