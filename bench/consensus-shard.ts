/**
 * One shard's consumer for bench:consensus, in its own process as each shard's Lambda is: it
 * builds the deployed handler for shard SHARD of SHARDS, takes the burst bodies the queue
 * routes to it (shardOf, as the SQS adapter routes), waits for "go", drains them in batches and
 * reports its time and pages.
 */
import { manualClock } from "../adapters/clock/clock";
import { openDatabase } from "../adapters/db";
import { shardOf } from "../adapters/queue/shard";
import { ioredisAdapter } from "../adapters/redis/ioredis";
import { burst, drain, ourHandler, pageCounter, T0 } from "./consensus-world";

const env = (name: string) => {
  const v = process.env[name];
  if (!v) throw new Error(`consensus-shard needs ${name}`);
  return v;
};
const shard = { index: Number(env("SHARD")), count: Number(env("SHARDS")) };
const regions = env("REGIONS").split(",");
const batch = Number(env("BATCH"));

const h = await openDatabase(env("DATABASE_URL"), { maxConnections: 4 });
const redis = ioredisAdapter({ url: env("REDIS_URL"), commandTimeoutMs: 30_000 });
const queue = pageCounter();
const handler = ourHandler({
  db: h.db,
  redis: redis.port,
  clock: manualClock(T0 + 60_000),
  queue,
  shard,
});
const mine = burst(Number(env("DOMAINS")), regions).filter(
  (b) => shardOf((JSON.parse(b) as { domainId: string }).domainId, shard.count) === shard.index,
);
process.send!({ op: "ready" });
process.once("message", async () => {
  const started = performance.now();
  const failed = await drain(handler, mine, batch);
  const s = (performance.now() - started) / 1000;
  process.send!({ op: "done", observations: mine.length, s, pages: queue.pages.size, failed });
  await h.close();
  await redis.close();
  process.disconnect();
});
