import { createServer, type Server } from "node:http";
import type { Registry } from "prom-client";

/** What the ops endpoints read from a running probe. */
export interface ProbeStatus {
  state: () => string;
  stats: () => Record<string, number>;
  registry: Registry;
  region: string;
}

/**
 * GET /healthz (200 while running, 503 before start and while draining, so Fly stops
 * routing to a stopping machine) and GET /metrics (Prometheus text).
 */
export function createOpsServer(probe: ProbeStatus): Server {
  return createServer((req, res) => {
    const path = (req.url ?? "/").split("?")[0];
    if (req.method !== "GET") {
      res.writeHead(405, { allow: "GET" }).end();
      return;
    }
    if (path === "/healthz") {
      const state = probe.state();
      res.writeHead(state === "running" ? 200 : 503, { "content-type": "application/json" });
      res.end(JSON.stringify({ status: state, region: probe.region, ...probe.stats() }));
      return;
    }
    if (path === "/metrics") {
      probe.registry.metrics().then(
        (text) => res.writeHead(200, { "content-type": probe.registry.contentType }).end(text),
        (err: unknown) => res.writeHead(500).end(String(err)),
      );
      return;
    }
    res.writeHead(404).end();
  });
}
