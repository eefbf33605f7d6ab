import type { DeploySettings } from "./settings";
import { EDGE_WORKER_ENTRY } from "./units";

/** The Cloudflare Worker serving status pages and badges from Upstash (REST; no TCP at the edge). */
export function deployEdge(
  s: Pick<DeploySettings<$util.Input<string>>, "upstashRedisRestUrl" | "upstashRedisRestToken">,
) {
  const worker = new sst.cloudflare.Worker("Edge", {
    handler: EDGE_WORKER_ENTRY,
    url: true,
    environment: {
      UPSTASH_REDIS_REST_URL: s.upstashRedisRestUrl,
      UPSTASH_REDIS_REST_TOKEN: s.upstashRedisRestToken,
    },
  });
  return worker.url;
}
