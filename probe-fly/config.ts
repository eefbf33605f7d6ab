import { isIP } from "node:net";
import { z } from "zod";
import { envBool, envUrlList, parseEnv } from "../adapters/config/env";

const Env = z.object({
  REGION: z.string().min(1),
  REDIS_URL: z.string().url(),
  /**
   * SQS URL of the consensus queue, e.g. https://sqs.eu-west-1.amazonaws.com/123/consensus, or
   * one per consensus shard, comma-separated, in shard order.
   */
  CONSENSUS_QUEUE_URL: envUrlList,
  AWS_REGION: z.string().min(1).optional(),
  ALLOW_PRIVATE_TARGETS: envBool.default(false),
  LOCAL_ADDRESS: z
    .string()
    .refine((v) => isIP(v) !== 0, "must be an IP address")
    .optional(),
  PORT: z.coerce.number().int().min(1).max(65535).default(9090),
  PROBE_CONCURRENCY: z.coerce.number().int().min(1).max(10_000).default(256),
  PER_HOST_LIMIT: z.coerce.number().int().min(1).max(1000).default(4),
  /** PEM file of extra trusted CAs (private PKI), added to the system roots. */
  EXTRA_CA_FILE: z.string().min(1).optional(),
  /** Entries (flushes of up to 500 results) the results stream keeps while ingest is away. */
  STREAM_MAX_LEN: z.coerce.number().int().min(1000).default(20_000),
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(1000).default(25_000),
  LOG_FORMAT: z.enum(["json", "pretty"]).default("json"),
  /** Connect timeout of the probe's own clients (Redis, SQS), ms. */
  CLIENT_CONNECT_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(3_000),
  /** One Redis command or SQS attempt, ms. */
  CLIENT_REQUEST_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(5_000),
});

/** The probe's settings, parsed once from the environment. */
export type ProbeConfig = Readonly<{
  region: string;
  redisUrl: string;
  /** The consensus queue of each shard, in shard order. */
  consensusQueueUrls: readonly string[];
  awsRegion: string;
  allowPrivate: boolean;
  localAddress: string | undefined;
  port: number;
  concurrency: number;
  perHostLimit: number;
  extraCaFile: string | undefined;
  streamMaxLen: number;
  shutdownTimeoutMs: number;
  logFormat: "json" | "pretty";
  connectTimeoutMs: number;
  requestTimeoutMs: number;
}>;

/** Parses the environment; throws one error naming every bad or missing variable. */
export function loadConfig(env: Record<string, string | undefined> = process.env): ProbeConfig {
  // On Fly every machine knows its region as FLY_REGION; REGION overrides it.
  const e = parseEnv(Env, { ...env, REGION: env.REGION || env.FLY_REGION });
  // the SQS endpoint names its region (every shard's queue is in the same one); an explicit
  // AWS_REGION wins
  const fromUrl = /^https:\/\/sqs\.([a-z0-9-]+)\.amazonaws\.com\//.exec(
    e.CONSENSUS_QUEUE_URL[0]!,
  )?.[1];
  return Object.freeze({
    region: e.REGION,
    redisUrl: e.REDIS_URL,
    consensusQueueUrls: e.CONSENSUS_QUEUE_URL,
    awsRegion: e.AWS_REGION ?? fromUrl ?? "us-east-1",
    allowPrivate: e.ALLOW_PRIVATE_TARGETS,
    localAddress: e.LOCAL_ADDRESS,
    port: e.PORT,
    concurrency: e.PROBE_CONCURRENCY,
    perHostLimit: e.PER_HOST_LIMIT,
    extraCaFile: e.EXTRA_CA_FILE,
    streamMaxLen: e.STREAM_MAX_LEN,
    shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_MS,
    logFormat: e.LOG_FORMAT,
    connectTimeoutMs: e.CLIENT_CONNECT_TIMEOUT_MS,
    requestTimeoutMs: e.CLIENT_REQUEST_TIMEOUT_MS,
  });
}
