import { readFileSync } from "node:fs";
import { systemClock } from "../adapters/clock/clock";
import { createLogger } from "../adapters/log/logger";
import { guardPolicy } from "../adapters/net/guard";
import { caresResolve } from "../adapters/net/resolve";
import { sqsClient, sqsQueue } from "../adapters/queue/sqs";
import { ioredisAdapter } from "../adapters/redis/ioredis";
import { buildSecureContext } from "./checks/secure-context";
import { loadConfig } from "./config";
import { createProbe } from "./probe";
import { createOpsServer } from "./server";

/** The Fly container's entry: build the ports from config, run the probe, drain on SIGTERM. */
async function main(): Promise<void> {
  const config = loadConfig();
  const log = createLogger(config.logFormat, { unit: "probe", region: config.region });
  const redis = ioredisAdapter({
    url: config.redisUrl,
    commandTimeoutMs: config.requestTimeoutMs,
    connectTimeoutMs: config.connectTimeoutMs,
  });
  const queue = sqsQueue({
    client: sqsClient({
      region: config.awsRegion,
      connectTimeoutMs: config.connectTimeoutMs,
      requestTimeoutMs: config.requestTimeoutMs,
    }),
    urls: { consensus: config.consensusQueueUrls },
  });
  const probe = createProbe({
    region: config.region,
    redis: redis.port,
    subscriber: redis.subscriber,
    queue,
    policy: guardPolicy(config.allowPrivate),
    secureContext: buildSecureContext(
      config.extraCaFile ? [readFileSync(config.extraCaFile, "utf8")] : [],
    ),
    localAddress: config.localAddress,
    resolve: caresResolve({ timeoutMs: 2_000, tries: 2 }),
    clock: systemClock,
    log,
    concurrency: config.concurrency,
    perHostLimit: config.perHostLimit,
    streamMaxLen: config.streamMaxLen,
  });
  const server = createOpsServer({
    state: probe.state,
    stats: probe.stats,
    registry: probe.metrics.registry,
    region: config.region,
  });
  server.listen(config.port, "::");
  await probe.start();

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info("draining", { signal });
    const deadline = setTimeout(() => {
      log.error("drain timed out; exiting with checks in flight", {});
      process.exit(1);
    }, config.shutdownTimeoutMs);
    await probe.stop();
    await redis.close();
    server.close();
    clearTimeout(deadline);
    log.info("stopped", {});
  };
  process.once("SIGTERM", () => void shutdown("SIGTERM"));
  process.once("SIGINT", () => void shutdown("SIGINT"));
}

main().catch((err: unknown) => {
  process.stderr.write(`probe-fly: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
