import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { Redis } from "ioredis";

/** A running bridge: its REST URL and token, and close. */
export interface UpstashBridge {
  url: string;
  token: string;
  /** Requests served so far, by path ("/", "/pipeline", "/multi-exec"). */
  requests: Record<string, number>;
  close(): Promise<void>;
}

type Reply = unknown;
type Encode = (reply: Reply) => unknown;

/** Upstash encodes every bulk string as base64 when the client asks; integers stay numbers. */
function encoder(base64: boolean): Encode {
  const enc: Encode = (r) => {
    if (r === null || r === undefined) return null;
    if (Buffer.isBuffer(r)) return base64 ? r.toString("base64") : r.toString("utf8");
    if (Array.isArray(r)) return r.map(enc);
    if (typeof r === "string") return base64 ? Buffer.from(r).toString("base64") : r;
    return r;
  };
  return enc;
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return JSON.parse(Buffer.concat(chunks).toString("utf8"));
}

const isCommand = (c: unknown): c is (string | number)[] =>
  Array.isArray(c) &&
  c.length > 0 &&
  c.every((a) => typeof a === "string" || typeof a === "number");

const errText = (e: unknown) => (e instanceof Error ? e.message : String(e));

/**
 * A small Upstash-REST server in front of a real Redis, so the Upstash adapter is tested
 * against real Redis semantics (no such server is installable from npm). It speaks
 * `POST /` (one command), `/pipeline` and `/multi-exec`, with bearer auth, and binds loopback.
 */
export async function startUpstashBridge(redisUrl: string, token = "bridge-token") {
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: 1 });
  redis.on("error", () => {});
  const requests: Record<string, number> = {};

  async function run(cmd: (string | number)[]): Promise<Reply> {
    const [name, ...args] = cmd.map(String) as [string, ...string[]];
    // upper case: ioredis turns a lower-case `hgetall` reply into an object, Upstash does not
    return redis.callBuffer(name.toUpperCase(), ...args);
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { "content-type": "application/json" });
      res.end(JSON.stringify(body));
    };
    if (req.headers.authorization !== `Bearer ${token}`)
      return send(401, { error: "Unauthorized" });
    const path = (req.url ?? "/").split("?")[0]!;
    requests[path] = (requests[path] ?? 0) + 1;
    const enc = encoder(String(req.headers["upstash-encoding"]).toLowerCase() === "base64");
    let body: unknown;
    try {
      body = await readJson(req);
    } catch {
      return send(400, { error: "ERR failed to parse command" });
    }
    if (path === "/") {
      if (!isCommand(body)) return send(400, { error: "ERR failed to parse command" });
      try {
        return send(200, { result: enc(await run(body)) });
      } catch (e) {
        return send(400, { error: errText(e) });
      }
    }
    if (path !== "/pipeline" && path !== "/multi-exec") return send(404, { error: "Not found" });
    if (!Array.isArray(body) || !body.every(isCommand)) {
      return send(400, { error: "ERR failed to parse pipeline request" });
    }
    const cmds = body.map((c) => c.map(String)) as [string, ...string[]][];
    if (path === "/pipeline") {
      const out = await Promise.all(
        cmds.map((c) =>
          run(c).then(
            (r) => ({ result: enc(r) }),
            (e) => ({ error: errText(e) }),
          ),
        ),
      );
      return send(200, out);
    }
    const tx = redis.multi();
    for (const [n, ...a] of cmds) tx.callBuffer(n, ...a);
    const results = await tx.exec();
    if (!results) return send(400, { error: "EXECABORT Transaction discarded" });
    return send(
      200,
      results.map(([e, r]) => (e ? { error: errText(e) } : { result: enc(r) })),
    );
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((e) => {
      res.writeHead(500, { "content-type": "application/json" });
      res.end(JSON.stringify({ error: errText(e) }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    token,
    requests,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      redis.disconnect();
    },
  } satisfies UpstashBridge;
}
