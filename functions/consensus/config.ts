import { z } from "zod";
import { configError, envUrlList, parseEnv } from "../../adapters/config/env";
import { type RedisTarget, redisEnv, redisTarget } from "../../adapters/redis/target";
import type { Shard } from "./engine-store";

const count = z.string().regex(/^\d+$/, "must be a whole number").transform(Number);

const schema = z.object({
  DATABASE_URL: z.string().min(1),
  ...redisEnv,
  ALERTS_QUEUE_URL: z.url(),
  /** Where wake-up schedules deliver: the digest function. */
  WAKE_TARGET_ARN: z.string().startsWith("arn:"),
  WAKE_ROLE_ARN: z.string().startsWith("arn:"),
  WAKE_SCHEDULE_GROUP: z.string().min(1).optional(),
  /** The consumer's shard of CONSENSUS_SHARDS (README: partitioning); one shard if unset. */
  CONSENSUS_SHARD: count.default(0),
  CONSENSUS_SHARDS: count.pipe(z.number().min(1, "must be at least 1")).default(1),
  /**
   * Every shard's consensus queue, in shard order: where messages of a domain another shard
   * owns are forwarded. Needed when there is more than one shard.
   */
  CONSENSUS_QUEUE_URL: envUrlList.optional(),
});

/** Consensus settings, parsed once per cold start. */
export type ConsensusConfig = Readonly<{
  databaseUrl: string;
  redis: RedisTarget;
  alertsQueueUrl: string;
  wake: { targetArn: string; roleArn: string; groupName?: string };
  shard: Shard;
  /** The consensus queue of each shard, in shard order (absent with one shard and no URL). */
  consensusQueueUrls?: readonly string[];
}>;

/** Parses the environment; a missing or bad value throws naming the variable. */
export function loadConsensusConfig(env: NodeJS.ProcessEnv = process.env): ConsensusConfig {
  const c = parseEnv(schema, env);
  const shard = { index: c.CONSENSUS_SHARD, count: c.CONSENSUS_SHARDS };
  if (shard.index >= shard.count) {
    throw configError(
      `CONSENSUS_SHARD: ${shard.index} is not a shard of CONSENSUS_SHARDS=${shard.count} (0 to ${shard.count - 1})`,
    );
  }
  const urls = c.CONSENSUS_QUEUE_URL;
  if (shard.count > 1 && !urls) {
    throw configError(
      `CONSENSUS_QUEUE_URL: required with ${shard.count} shards (messages of other shards are forwarded there)`,
    );
  }
  // the producers route by the number of URLs and this consumer by its shard count: they must
  // agree, or a forwarded message could come back to a shard that forwards it again
  if (urls && urls.length !== shard.count) {
    throw configError(
      `CONSENSUS_QUEUE_URL: ${urls.length} URLs for CONSENSUS_SHARDS=${shard.count} (one per shard)`,
    );
  }
  return Object.freeze({
    databaseUrl: c.DATABASE_URL,
    redis: redisTarget(c),
    alertsQueueUrl: c.ALERTS_QUEUE_URL,
    wake: {
      targetArn: c.WAKE_TARGET_ARN,
      roleArn: c.WAKE_ROLE_ARN,
      groupName: c.WAKE_SCHEDULE_GROUP,
    },
    shard,
    ...(urls ? { consensusQueueUrls: urls } : {}),
  });
}
