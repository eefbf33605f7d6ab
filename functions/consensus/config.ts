import { z } from "zod";
import { parseEnv } from "../../adapters/config/env";
import { type RedisTarget, redisEnv, redisTarget } from "../../adapters/redis/target";

const schema = z.object({
  DATABASE_URL: z.string().min(1),
  ...redisEnv,
  ALERTS_QUEUE_URL: z.url(),
  /** Where wake-up schedules deliver: the digest function. */
  WAKE_TARGET_ARN: z.string().startsWith("arn:"),
  WAKE_ROLE_ARN: z.string().startsWith("arn:"),
  WAKE_SCHEDULE_GROUP: z.string().min(1).optional(),
});

/** Consensus settings, parsed once per cold start. */
export type ConsensusConfig = Readonly<{
  databaseUrl: string;
  redis: RedisTarget;
  alertsQueueUrl: string;
  wake: { targetArn: string; roleArn: string; groupName?: string };
}>;

/** Parses the environment; a missing or bad value throws naming the variable. */
export function loadConsensusConfig(env: NodeJS.ProcessEnv = process.env): ConsensusConfig {
  const c = parseEnv(schema, env);
  return Object.freeze({
    databaseUrl: c.DATABASE_URL,
    redis: redisTarget(c),
    alertsQueueUrl: c.ALERTS_QUEUE_URL,
    wake: {
      targetArn: c.WAKE_TARGET_ARN,
      roleArn: c.WAKE_ROLE_ARN,
      groupName: c.WAKE_SCHEDULE_GROUP,
    },
  });
}
