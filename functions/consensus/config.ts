import { z } from "zod";

const schema = z.object({
  DATABASE_URL: z.string().min(1),
  UPSTASH_REDIS_REST_URL: z.url().optional(),
  UPSTASH_REDIS_REST_TOKEN: z.string().min(1).optional(),
  REDIS_URL: z.string().min(1).optional(),
  ALERTS_QUEUE_URL: z.url(),
  /** Where wake-up schedules deliver: the digest function. */
  WAKE_TARGET_ARN: z.string().startsWith("arn:"),
  WAKE_ROLE_ARN: z.string().startsWith("arn:"),
  WAKE_SCHEDULE_GROUP: z.string().min(1).optional(),
});

/** Consensus settings, parsed once per cold start. */
export type ConsensusConfig = Readonly<{
  databaseUrl: string;
  redis: { kind: "upstash"; url: string; token: string } | { kind: "tcp"; url: string };
  alertsQueueUrl: string;
  wake: { targetArn: string; roleArn: string; groupName?: string };
}>;

/** Parses the environment; a missing or bad value throws naming the variable. */
export function loadConsensusConfig(env: NodeJS.ProcessEnv = process.env): ConsensusConfig {
  const clean = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== ""));
  const parsed = schema.safeParse(clean);
  const fail = (message: string) =>
    Object.assign(new Error(message), { code: "CONFIG_INVALID" as const });
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw fail(`${issue.path.join(".")}: ${issue.message}`);
  }
  const c = parsed.data;
  let redis: ConsensusConfig["redis"];
  if (c.UPSTASH_REDIS_REST_URL && c.UPSTASH_REDIS_REST_TOKEN) {
    redis = { kind: "upstash", url: c.UPSTASH_REDIS_REST_URL, token: c.UPSTASH_REDIS_REST_TOKEN };
  } else if (c.REDIS_URL) redis = { kind: "tcp", url: c.REDIS_URL };
  else throw fail("UPSTASH_REDIS_REST_URL and UPSTASH_REDIS_REST_TOKEN, or REDIS_URL, must be set");
  return Object.freeze({
    databaseUrl: c.DATABASE_URL,
    redis,
    alertsQueueUrl: c.ALERTS_QUEUE_URL,
    wake: {
      targetArn: c.WAKE_TARGET_ARN,
      roleArn: c.WAKE_ROLE_ARN,
      groupName: c.WAKE_SCHEDULE_GROUP,
    },
  });
}
