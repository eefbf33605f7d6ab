import { z } from "zod";
import { envUrlList, parseEnv } from "../../adapters/config/env";

/** The consensus queue of each shard, comma-separated, in shard order. */
const schema = z.object({ CONSENSUS_QUEUE_URL: envUrlList });

/** Digest settings, parsed once per cold start. */
export type DigestConfig = Readonly<{ consensusQueueUrls: readonly string[] }>;

/** Parses the environment; a missing or bad value throws naming the variable. */
export function loadDigestConfig(env: NodeJS.ProcessEnv = process.env): DigestConfig {
  return Object.freeze({ consensusQueueUrls: parseEnv(schema, env).CONSENSUS_QUEUE_URL });
}
