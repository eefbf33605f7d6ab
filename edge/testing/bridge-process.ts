/**
 * Runs a private redis-server behind the Upstash REST bridge in its own Node process and prints
 * `{ url, token }` as one JSON line; stops both when stdin closes. The Worker tests' global
 * setup spawns it, because that setup is resolved with the Workers' module conditions, under
 * which ioredis does not load.
 */
import { startRedisServer } from "../../test-support/redis-server";
import { startUpstashBridge } from "../../test-support/upstash-bridge";

const redis = await startRedisServer();
const bridge = await startUpstashBridge(redis.url);
process.stdout.write(`${JSON.stringify({ url: bridge.url, token: bridge.token })}\n`);

let stopping = false;
async function stop() {
  if (stopping) return;
  stopping = true;
  await bridge.close();
  await redis.stop();
  process.exit(0);
}
process.stdin.on("end", stop);
process.stdin.on("close", stop);
process.stdin.resume();
process.on("SIGTERM", stop);
