import type { ServerResponse } from "node:http";
import { RESPONSE_ALREADY_SENT } from "@hono/node-server/utils/response";
import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import { streamSSE } from "hono/streaming";
import { type OrgEventOut, readOrgEvents } from "../../../adapters/events/org-events";
import type { ApiEnv } from "../auth";
import type { ApiDeps } from "../deps";
import { ApiError } from "../errors";
import type { EventHub } from "../events/hub";
import { errorResponses, security } from "../openapi-common";

const EXAMPLE = [
  "id: 41",
  "event: domain.status",
  'data: {"domainId":"8d0f…","status":"down","since":"2026-11-24T10:02:00.000Z"}',
  "",
  "id: 42",
  "event: incident.opened",
  'data: {"incidentId":"a1b2…","domainId":"8d0f…","at":"2026-11-24T10:02:00.000Z"}',
  "",
].join("\n");

const route = createRoute({
  method: "get",
  path: "/v1/events",
  tags: ["events"],
  security,
  summary: "Live stream of the organization's status changes and incident events",
  description:
    "Server-Sent Events. `id` is the organization's event sequence; reconnect with " +
    "`Last-Event-ID` to receive every later event exactly once. Types: `domain.status` " +
    "`{ domainId, status, since }`, `incident.opened`, `incident.acknowledged`, " +
    "`incident.resolved`, `flapping.started`, `flapping.ended` `{ incidentId, domainId, at }`. " +
    "A comment line (`: ping`) is sent every 15 s so proxies keep the connection open.",
  request: {
    headers: z.object({
      "last-event-id": z
        .string()
        .optional()
        .openapi({ example: "41", description: "The last id received" }),
    }),
  },
  responses: {
    200: {
      description: "An endless event stream",
      content: { "text/event-stream": { schema: z.string(), example: EXAMPLE } },
    },
    ...errorResponses,
  },
});

// the hub hands one object to every stream: its frame is formatted and encoded once
const frames = new WeakMap<OrgEventOut, Uint8Array>();
const encoder = new TextEncoder();
function frameOf(e: OrgEventOut): Uint8Array {
  let f = frames.get(e);
  if (!f) {
    f = encoder.encode(`id: ${e.seq}\nevent: ${e.type}\ndata: ${JSON.stringify(e.data)}\n\n`);
    frames.set(e, f);
  }
  return f;
}

function lastEventId(raw: string | undefined): number | null {
  if (raw === undefined || raw === "") return null;
  if (!/^\d{1,15}$/.test(raw)) {
    throw new ApiError("invalid_request", "Last-Event-ID must be an event id", "last-event-id");
  }
  return Number(raw);
}

/** Where a stream's bytes go (a Web stream on Node and in Lambda alike). */
interface Sink {
  write(bytes: Uint8Array | string): void;
  closed: Promise<void>;
}

/**
 * Backlog after `resume` from the log, then live events from the hub, each once and in
 * order; heartbeats until the client goes away.
 */
async function pump(
  deps: ApiDeps,
  hub: EventHub,
  orgId: string,
  resume: number | null,
  sink: Sink,
): Promise<void> {
  let sent = -1;
  let live = false;
  const pending: OrgEventOut[] = [];
  const send = (e: OrgEventOut) => {
    if (e.seq <= sent) return; // the backlog and the hub may both hold it
    sent = e.seq;
    sink.write(frameOf(e));
  };
  // subscribe before reading the backlog, so nothing committed in between is missed
  const sub = hub.subscribe(orgId, (e) => (live ? send(e) : pending.push(e)));
  const beat = setInterval(() => sink.write(": ping\n\n"), deps.config.eventsHeartbeatMs ?? 15_000);
  try {
    sent = resume ?? (await sub.start);
    for (;;) {
      const batch = await readOrgEvents(deps.db, orgId, sent, 500);
      for (const e of batch) send(e);
      if (batch.length < 500) break;
    }
    live = true;
    for (const e of pending.splice(0)) send(e);
    sink.write(": connected\n\n");
    await sink.closed;
  } finally {
    clearInterval(beat);
    sub.close();
  }
}

type NodeEnv = { outgoing?: ServerResponse };

/** GET /v1/events: Server-Sent Events of the organization's event log. */
export function eventRoutes(app: OpenAPIHono<ApiEnv>, deps: ApiDeps, hub: EventHub): void {
  app.openapi(route, (c) => {
    const orgId = c.get("auth").orgId;
    const resume = lastEventId(c.req.header("last-event-id"));
    const origin = c.req.header("origin");
    const allowed = origin && deps.config.corsOrigins?.includes(origin) ? origin : null;
    const out = (c.env as NodeEnv | undefined)?.outgoing;
    if (out && typeof out.writeHead === "function") {
      // on Node, write to the response directly: a Web stream per connection costs several
      // promise hops per frame, which 10,000 streams feel (bench:events). c.res is never
      // touched on this path, so Hono hands back RESPONSE_ALREADY_SENT as it is.
      out.writeHead(200, {
        "content-type": "text/event-stream",
        "cache-control": "no-cache, no-transform",
        "x-accel-buffering": "no",
        connection: "keep-alive",
        ...(allowed ? { "access-control-allow-origin": allowed, vary: "Origin" } : {}),
      });
      out.flushHeaders();
      const closed = new Promise<void>((r) => out.once("close", () => r()));
      const write = (b: Uint8Array | string) => void out.write(b);
      pump(deps, hub, orgId, resume, { write, closed }).catch((err) => {
        deps.log.warn("event stream ended", { orgId, error: String(err) });
        out.destroy();
      });
      return RESPONSE_ALREADY_SENT as never;
    }
    c.header("Cache-Control", "no-cache, no-transform");
    c.header("X-Accel-Buffering", "no"); // nginx and friends: do not buffer the stream
    if (allowed) {
      c.header("Access-Control-Allow-Origin", allowed);
      c.header("Vary", "Origin");
    }
    return streamSSE(c, async (stream) => {
      let chain = Promise.resolve();
      const closed = new Promise<void>((r) => stream.onAbort(r));
      const write = (b: Uint8Array | string) => {
        chain = chain
          .then(() => stream.write(b))
          .then(
            () => undefined,
            () => undefined,
          );
      };
      await pump(deps, hub, orgId, resume, { write, closed });
    }) as never;
  });
}
