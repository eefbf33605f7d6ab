import { z } from "zod";

const schema = z.object({ CONSENSUS_QUEUE_URL: z.url() });

/** Digest settings, parsed once per cold start. */
export type DigestConfig = Readonly<{ consensusQueueUrl: string }>;

/** Parses the environment; a missing or bad value throws naming the variable. */
export function loadDigestConfig(env: NodeJS.ProcessEnv = process.env): DigestConfig {
  const parsed = schema.safeParse(
    Object.fromEntries(Object.entries(env).filter(([, v]) => v !== "")),
  );
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw Object.assign(new Error(`${issue.path.join(".")}: ${issue.message}`), {
      code: "CONFIG_INVALID",
    });
  }
  return Object.freeze({ consensusQueueUrl: parsed.data.CONSENSUS_QUEUE_URL });
}
