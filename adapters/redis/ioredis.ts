import { Redis, ReplyError } from "ioredis";
import { commandPort } from "./command-port";
import { RedisError, type RedisPort, type RedisSubscriber } from "./port";

/** Options for the TCP adapter. */
export interface IoredisOptions {
  url: string;
  /** Per-command timeout in ms; a dead server fails a call instead of hanging it. */
  commandTimeoutMs?: number;
  /** TCP (and TLS) connect timeout in ms before the attempt is dropped and retried (default 3 s). */
  connectTimeoutMs?: number;
  /**
   * For the API, which must answer without Redis: a command waits for a connection at most
   * `commandTimeoutMs` (default 1 s here) and is never retried, instead of riding out an
   * outage (probes). Commands sent while the first connection opens still go through.
   */
  failFast?: boolean;
}

/**
 * Resolves once the connection is ready (at once if it is). ioredis writes a SUBSCRIBE as soon
 * as the socket opens, before its ready check (INFO) goes out; the connection is then in
 * subscriber mode and the check fails. Subscribing only when ready keeps them in order.
 */
function whenReady(conn: Redis): Promise<void> {
  if (conn.status === "ready") return Promise.resolve();
  return new Promise((resolve, reject) => {
    const off = () => {
      conn.off("ready", onReady);
      conn.off("end", onEnd);
    };
    const onReady = () => {
      off();
      resolve();
    };
    const onEnd = () => {
      off();
      reject(new RedisError("REDIS_UNAVAILABLE", "the subscriber connection was closed"));
    };
    conn.on("ready", onReady);
    conn.on("end", onEnd);
  });
}

function wrap(err: unknown): RedisError {
  if (err instanceof RedisError) return err;
  const message = err instanceof Error ? err.message : String(err);
  const code = err instanceof ReplyError ? "REDIS_COMMAND" : "REDIS_UNAVAILABLE";
  return new RedisError(code, message, { cause: err });
}

/** RedisPort and RedisSubscriber over ioredis (probes; the local stack when REDIS_URL is set). */
export function ioredisAdapter(opts: IoredisOptions) {
  const base = {
    commandTimeout: opts.commandTimeoutMs ?? (opts.failFast ? 1_000 : 5_000),
    connectTimeout: opts.connectTimeoutMs ?? 3_000,
    maxRetriesPerRequest: opts.failFast ? 0 : 3,
    // reconnect forever with a capped backoff; Redis is a cache that comes back
    retryStrategy: (times: number) => Math.min(50 * 2 ** times, 2_000),
  };
  const client = new Redis(opts.url, base);
  // connection errors surface through failed commands; without a listener they would throw
  client.on("error", () => {});
  let sub: Redis | undefined;
  const listeners = new Map<string, Set<(m: string) => void>>();

  const port: RedisPort = commandPort(
    async (args) => {
      try {
        const [cmd, ...rest] = args as [string, ...string[]];
        return await client.call(cmd, ...rest);
      } catch (err) {
        throw wrap(err);
      }
    },
    {
      async transaction(commands) {
        const tx = client.multi();
        for (const [cmd, ...rest] of commands as [string, ...string[]][]) tx.call(cmd, ...rest);
        let replies: [Error | null, unknown][] | null;
        try {
          replies = await tx.exec();
        } catch (err) {
          throw wrap(err);
        }
        if (!replies) throw new RedisError("REDIS_COMMAND", "transaction aborted");
        return replies.map(([err, reply]) => {
          if (err) throw wrap(err);
          return reply;
        });
      },
    },
  );

  function subConnection(): Redis {
    if (sub) return sub;
    // a subscribed connection can run nothing else, so it is a second connection
    sub = new Redis(opts.url, { ...base, maxRetriesPerRequest: null });
    sub.on("error", () => {});
    sub.on("message", (channel: string, message: string) => {
      for (const fn of listeners.get(channel) ?? []) fn(message);
    });
    return sub;
  }

  const subscriber: RedisSubscriber = {
    async subscribe(channel, onMessage) {
      const conn = subConnection();
      const set = listeners.get(channel) ?? new Set();
      listeners.set(channel, set);
      const listener = (m: string) => onMessage(m);
      set.add(listener);
      if (set.size === 1) {
        try {
          await whenReady(conn);
          await conn.subscribe(channel);
        } catch (err) {
          set.delete(listener);
          throw wrap(err);
        }
      }
      return async () => {
        set.delete(listener);
        if (set.size === 0) {
          listeners.delete(channel);
          await conn.unsubscribe(channel).catch(() => {});
        }
      };
    },
  };

  return {
    port,
    subscriber,
    /** The raw client, for tests that must disconnect it. */
    client,
    /** The raw subscriber connection (opened on first use), for tests that watch it. */
    subscriberConnection: subConnection,
    /** Registers a callback for each (re)connection of the subscriber connection. */
    onSubscriberReady(fn: () => void) {
      subConnection().on("ready", fn);
    },
    async close() {
      await Promise.allSettled([client.quit(), sub?.quit()]);
    },
  };
}
