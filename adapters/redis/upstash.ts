import { Redis } from "@upstash/redis";
import { commandPort } from "./command-port";
import { RedisError, type RedisPort } from "./port";

/** Options for the REST adapter (Lambda and the edge). */
export interface UpstashOptions {
  url: string;
  token: string;
  /** Per-request timeout in ms, so an unreachable Redis fails a call instead of hanging it. */
  timeoutMs?: number;
  /** Retries of a failed fetch (the client's default backoff is long for a request path). */
  retries?: number;
}

/** RedisPort over Upstash REST. Publish-only: REST has no long-lived subscribe. */
export function upstashAdapter(opts: UpstashOptions): { port: RedisPort; client: Redis } {
  const timeoutMs = opts.timeoutMs ?? 3_000;
  const client = new Redis({
    url: opts.url,
    token: opts.token,
    // values are opaque strings to the port; JSON parsing is the caller's job
    automaticDeserialization: false,
    enableAutoPipelining: false,
    enableTelemetry: false,
    retry: { retries: opts.retries ?? 1, backoff: (n) => 50 * 2 ** n },
    signal: () => AbortSignal.timeout(timeoutMs),
  });
  const port = commandPort(async (args) => {
    try {
      return await client.exec(args as [string, ...string[]]);
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      // UpstashError carries the server's reply ("ERR …", "WRONGTYPE …", "NOSCRIPT …")
      const fromServer = err instanceof Error && err.name === "UpstashError";
      throw new RedisError(fromServer ? "REDIS_COMMAND" : "REDIS_UNAVAILABLE", message, {
        cause: err,
      });
    }
  });
  return { port, client };
}
