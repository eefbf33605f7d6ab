import { isIP } from "node:net";
import { Agent, buildConnector } from "undici";
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

/** The first 1 KB of an answer's body is kept; the rest is read and dropped. */
const BODY_KEPT = 1024;

/**
 * POSTs through a guarded agent. Redirects are never followed (a dispatch does not), and the
 * whole exchange is cut at `timeoutMs`. It dispatches with a plain handler rather than
 * `request`: no response stream, no AbortSignal, no promise per chunk, which is most of an
 * attempt's CPU when a process sends thousands a second.
 */
export function guardedPost(
  agent: Agent,
  url: string,
  body: string | Uint8Array,
  headers: Record<string, string>,
  timeoutMs: number,
): Promise<PostResult> {
  return new Promise<PostResult>((resolve, reject) => {
    let target: URL;
    try {
      target = new URL(url);
    } catch (err) {
      reject(err);
      return;
    }
    let statusCode = 0;
    let answer: Record<string, string> = {};
    const kept: Buffer[] = [];
    let keptBytes = 0;
    let abort: ((err: Error) => void) | null = null;
    let settled = false;
    const timer = setTimeout(() => {
      const err = new DOMException("The operation was aborted due to timeout", "TimeoutError");
      if (abort) abort(err);
      else finish(err);
    }, timeoutMs);
    const finish = (err: Error | null) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (err) reject(err);
      else {
        const text = Buffer.concat(kept).toString("utf8");
        resolve({ statusCode, headers: answer, body: text.slice(0, BODY_KEPT) });
      }
    };
    agent.dispatch(
      {
        origin: target.origin,
        path: `${target.pathname}${target.search}`,
        method: "POST",
        headers,
        body,
        headersTimeout: timeoutMs,
        bodyTimeout: timeoutMs,
      },
      {
        onRequestStart(controller) {
          abort = (err) => controller.abort(err);
          if (settled) controller.abort(new Error("aborted"));
        },
        onResponseStart(_controller, status, raw) {
          statusCode = status;
          answer = flatHeaders(raw);
        },
        onResponseData(_controller, chunk) {
          if (keptBytes < BODY_KEPT) {
            kept.push(chunk);
            keptBytes += chunk.length;
          }
        },
        onResponseEnd() {
          finish(null);
        },
        onResponseError(_controller, err) {
          finish(err);
        },
      },
    );
  });
}

function flatHeaders(raw: Record<string, string | string[] | undefined>): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const k in raw) {
    const v = raw[k];
    if (v !== undefined) flat[k] = Array.isArray(v) ? v.join(", ") : v;
  }
  return flat;
}
