import { z } from "zod";
import { parseEnv } from "../../adapters/config/env";

const schema = z.object({ CONSENSUS_QUEUE_URL: z.url() });

/** Digest settings, parsed once per cold start. */
export type DigestConfig = Readonly<{ consensusQueueUrl: string }>;

/** Parses the environment; a missing or bad value throws naming the variable. */
export function loadDigestConfig(env: NodeJS.ProcessEnv = process.env): DigestConfig {
  return Object.freeze({ consensusQueueUrl: parseEnv(schema, env).CONSENSUS_QUEUE_URL });
}
