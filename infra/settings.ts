/**
 * What a deployed function is given, each a value of type V: plain strings in tests, Pulumi
 * Outputs in sst.config.ts. The env builders below turn them into exactly the variable names
 * each unit's config.ts reads, so a linked secret can never again miss its variable's name.
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
  /** The dashboard's origin, linked from every alert message. */
  dashboardUrl: V;
  /** The From of alert email, on a domain verified with Resend. */
  mailFrom: V;
  /** Regions the probes run in, comma-separated, in preference order. */
  regions: V;
  /** Every consensus shard's queue URL, comma-separated, in shard order. */
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

/** functions/api/config.ts (Api and ApiStream alike). */
export function apiEnv<V>(
  s: Pick<
    DeploySettings<V>,
    | "databaseUrl"
    | "timeseriesDatabaseUrl"
    | "upstashRedisRestUrl"
    | "upstashRedisRestToken"
    | "regions"
    | "consensusQueueUrl"
  >,
): Env<V> {
  return {
    DATABASE_URL: s.databaseUrl,
    TIMESERIES_DATABASE_URL: s.timeseriesDatabaseUrl,
    ...redis(s),
    REGIONS: s.regions,
    // operator actions (acknowledgements) reach the engine on the consensus queue
    CONSENSUS_QUEUE_URL: s.consensusQueueUrl,
  };
}

/** functions/consensus/config.ts, for the consumer of shard `index` of `count`. */
export function consensusEnv<V>(
  s: Pick<
    DeploySettings<V>,
    | "databaseUrl"
    | "upstashRedisRestUrl"
    | "upstashRedisRestToken"
    | "alertsQueueUrl"
    | "consensusQueueUrl"
    | "wakeTargetArn"
    | "wakeRoleArn"
    | "wakeScheduleGroup"
  >,
  shard: { index: number; count: number } = { index: 0, count: 1 },
): Env<V | string> {
  return {
    DATABASE_URL: s.databaseUrl,
    ...redis(s),
    ALERTS_QUEUE_URL: s.alertsQueueUrl,
    WAKE_TARGET_ARN: s.wakeTargetArn,
    WAKE_ROLE_ARN: s.wakeRoleArn,
    WAKE_SCHEDULE_GROUP: s.wakeScheduleGroup,
    CONSENSUS_SHARD: String(shard.index),
    CONSENSUS_SHARDS: String(shard.count),
    // where messages of a domain another shard owns are forwarded
    CONSENSUS_QUEUE_URL: s.consensusQueueUrl,
  };
}

/** functions/digest/config.ts */
export function digestEnv<V>(s: Pick<DeploySettings<V>, "consensusQueueUrl">): Env<V> {
  return { CONSENSUS_QUEUE_URL: s.consensusQueueUrl };
}

/** functions/maintenance/config.ts (the control DB's reconcile into Redis). */
export function maintenanceEnv<V>(
  s: Pick<DeploySettings<V>, "databaseUrl" | "upstashRedisRestUrl" | "upstashRedisRestToken">,
): Env<V> {
  return { DATABASE_URL: s.databaseUrl, ...redis(s) };
}

/**
 * functions/maintenance/timeseries-config.ts: partitions and retention per plan (default
 * windows); the control DB only to learn which domains are on which plan.
 */
export function timeseriesMaintenanceEnv<V>(
  s: Pick<DeploySettings<V>, "timeseriesDatabaseUrl" | "databaseUrl">,
): Env<V> {
  return { TIMESERIES_DATABASE_URL: s.timeseriesDatabaseUrl, DATABASE_URL: s.databaseUrl };
}

/**
 * functions/alerts/config.ts (delivery): the control DB for deliveries, Resend, Web Push and
 * the links and sender of its messages. Its retry wake-ups (WAKE_*) are left unset: they would
 * target the function itself, and its one-minute cron sweep retries what is due.
 */
export function alertsEnv<V>(
  s: Pick<
    DeploySettings<V>,
    | "databaseUrl"
    | "resendApiKey"
    | "vapidPublicKey"
    | "vapidPrivateKey"
    | "vapidSubject"
    | "dashboardUrl"
    | "mailFrom"
  >,
): Env<V> {
  return {
    DATABASE_URL: s.databaseUrl,
    RESEND_API_KEY: s.resendApiKey,
    VAPID_PUBLIC_KEY: s.vapidPublicKey,
    VAPID_PRIVATE_KEY: s.vapidPrivateKey,
    VAPID_SUBJECT: s.vapidSubject,
    DASHBOARD_URL: s.dashboardUrl,
    MAIL_FROM: s.mailFrom,
  };
}

/**
 * functions/ingest/config.ts: each region's results stream into the time-series DB. Redis is
 * Upstash REST, as for every Lambda (REDIS_URL stays unset: it is the TCP fallback).
 */
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

/**
 * V8 options of the ingest Lambda. A batch allocates ~100k parsed records and their rows, which
 * mostly die young; a 64 MB semi-space (the default is 16) lets them die in the young
 * generation: bench:ingest, which runs with the same options, spent 15.5 µs of Node CPU per
 * result with it and 18 without. The young generation takes at most 192 MB of the 1 GB.
 */
export const INGEST_NODE_OPTIONS = "--max-semi-space-size=64";
