import { isIP } from "node:net";
import { Agent, buildConnector, request } from "undici";
import { bareHost, type GuardPolicy, type Resolve, resolveGuarded } from "./guard";

/**
 * A keep-alive undici Agent whose every new connection goes through the SSRF guard: the host
 * (a name or an IP literal) is resolved and checked, and the socket connects to the address
 * that was checked (no second resolution, so no rebinding window); TLS keeps the name for SNI.
 */
export function guardedAgent(o: {
  policy: GuardPolicy;
  resolve?: Resolve;
  /** Sockets per origin (default 16). */
  connections?: number;
  /** Idle keep-alive, ms (default 30 s). */
  keepAliveMs?: number;
}): Agent {
  const connector = buildConnector({ timeout: 10_000 });
  const connect: buildConnector.connector = (opts, cb) => {
    const host = bareHost(opts.hostname);
    resolveGuarded(host, { policy: o.policy, ...(o.resolve ? { resolve: o.resolve } : {}) })
      .then((a) =>
        connector(
          {
            ...opts,
            hostname: a.address,
            servername: opts.servername ?? (isIP(host) ? undefined : host),
          },
          cb,
        ),
      )
      .catch((err: Error) => cb(err, null));
  };
  return new Agent({
    connections: o.connections ?? 16,
    keepAliveTimeout: o.keepAliveMs ?? 30_000,
    connect,
  });
}

/** What a guarded POST answered. */
export interface PostResult {
  statusCode: number;
  headers: Record<string, string>;
  /** At most the first 1 KB of the body, for the delivery log. */
  body: string;
}

/**
 * POSTs through a guarded agent. Redirects are never followed (undici's request does not),
 * and the whole exchange is cut at `timeoutMs`.
 */
export async function guardedPost(
  agent: Agent,
  url: string,
  body: string | Uint8Array,
  headers: Record<string, string>,
  timeoutMs: number,
): Promise<PostResult> {
  const signal = AbortSignal.timeout(timeoutMs);
  const res = await request(url, {
    method: "POST",
    dispatcher: agent,
    headers,
    body,
    signal,
    headersTimeout: timeoutMs,
    bodyTimeout: timeoutMs,
  });
  const text = await res.body.text();
  const flat: Record<string, string> = {};
  for (const [k, v] of Object.entries(res.headers)) {
    if (v !== undefined) flat[k] = Array.isArray(v) ? v.join(", ") : v;
  }
  return { statusCode: res.statusCode, headers: flat, body: text.slice(0, 1024) };
}
