/**
 * What a deployed function is given, each a value of type V: plain strings in tests, Pulumi
 * Outputs in sst.config.ts. The env builders below turn them into exactly the variable names
 * each unit's config.ts reads, so a linked secret can never again miss its process.env name.
 */
export interface DeploySettings<V> {
  /** Neon control DB (pooled URL). */
  databaseUrl: V;
  /** Neon time-series DB. */
  timeseriesDatabaseUrl: V;
  upstashRedisRestUrl: V;
  upstashRedisRestToken: V;
  resendApiKey: V;
  vapidPublicKey: V;
  vapidPrivateKey: V;
  /** mailto: or https: contact sent with Web Push. */
  vapidSubject: V;
  /** Regions the probes run in, comma-separated, in preference order. */
  regions: V;
  consensusQueueUrl: V;
  alertsQueueUrl: V;
  /** The digest function: where one-off wake-up schedules deliver. */
  wakeTargetArn: V;
  /** The role EventBridge Scheduler assumes to invoke the digest function. */
  wakeRoleArn: V;
  wakeScheduleGroup: V;
}

type Env<V> = Record<string, V>;

const redis = <V>(s: Pick<DeploySettings<V>, "upstashRedisRestUrl" | "upstashRedisRestToken">) => ({
  UPSTASH_REDIS_REST_URL: s.upstashRedisRestUrl,
  UPSTASH_REDIS_REST_TOKEN: s.upstashRedisRestToken,
});

/** functions/api/config.ts */
export function apiEnv<V>(
  s: Pick<
    DeploySettings<V>,
    | "databaseUrl"
    | "timeseriesDatabaseUrl"
    | "upstashRedisRestUrl"
    | "upstashRedisRestToken"
    | "regions"
  >,
): Env<V> {
  return {
    DATABASE_URL: s.databaseUrl,
    TIMESERIES_DATABASE_URL: s.timeseriesDatabaseUrl,
    ...redis(s),
    REGIONS: s.regions,
  };
}

/** functions/consensus/config.ts */
export function consensusEnv<V>(
  s: Pick<
    DeploySettings<V>,
    | "databaseUrl"
    | "upstashRedisRestUrl"
    | "upstashRedisRestToken"
    | "alertsQueueUrl"
    | "wakeTargetArn"
    | "wakeRoleArn"
    | "wakeScheduleGroup"
  >,
): Env<V> {
  return {
    DATABASE_URL: s.databaseUrl,
    ...redis(s),
    ALERTS_QUEUE_URL: s.alertsQueueUrl,
    WAKE_TARGET_ARN: s.wakeTargetArn,
    WAKE_ROLE_ARN: s.wakeRoleArn,
    WAKE_SCHEDULE_GROUP: s.wakeScheduleGroup,
  };
}

/** functions/digest/config.ts */
export function digestEnv<V>(s: Pick<DeploySettings<V>, "consensusQueueUrl">): Env<V> {
  return { CONSENSUS_QUEUE_URL: s.consensusQueueUrl };
}

/** functions/maintenance/config.ts; the time-series URL is for partitions and retention. */
export function maintenanceEnv<V>(
  s: Pick<
    DeploySettings<V>,
    "databaseUrl" | "timeseriesDatabaseUrl" | "upstashRedisRestUrl" | "upstashRedisRestToken"
  >,
): Env<V> {
  return {
    DATABASE_URL: s.databaseUrl,
    TIMESERIES_DATABASE_URL: s.timeseriesDatabaseUrl,
    ...redis(s),
  };
}

/**
 * functions/alerts (delivery): the control DB for deliveries, Resend and Web Push. Its retry
 * wake-ups (WAKE_*) are optional; without them its cron sweep alone retries.
 */
export function alertsEnv<V>(
  s: Pick<
    DeploySettings<V>,
    "databaseUrl" | "resendApiKey" | "vapidPublicKey" | "vapidPrivateKey" | "vapidSubject"
  >,
): Env<V> {
  return {
    DATABASE_URL: s.databaseUrl,
    RESEND_API_KEY: s.resendApiKey,
    VAPID_PUBLIC_KEY: s.vapidPublicKey,
    VAPID_PRIVATE_KEY: s.vapidPrivateKey,
    VAPID_SUBJECT: s.vapidSubject,
  };
}

/** functions/ingest: each region's results stream (Redis) into the time-series DB. */
export function ingestEnv<V>(
  s: Pick<
    DeploySettings<V>,
    "timeseriesDatabaseUrl" | "upstashRedisRestUrl" | "upstashRedisRestToken" | "regions"
  >,
): Env<V> {
  return {
    TIMESERIES_DATABASE_URL: s.timeseriesDatabaseUrl,
    ...redis(s),
    INGEST_REGIONS: s.regions,
  };
}
