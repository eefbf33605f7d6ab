import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/** A request a receiver got. */
export interface Received {
  path: string;
  headers: IncomingMessage["headers"];
  body: string;
  /** The body's bytes (push payloads are binary). */
  raw: Buffer;
  at: number;
}

/** How a receiver answers: a status (and headers), or nothing at all (it hangs). */
export type Reply = { status: number; headers?: Record<string, string>; body?: string } | "hang";

/** A real HTTP server on 127.0.0.1:0 that records what it receives and answers as told. */
export async function startReceiver(
  reply: (r: Received, n: number) => Reply | Promise<Reply> = () => ({ status: 200 }),
) {
  const received: Received[] = [];
  const hanging: ServerResponse[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", async () => {
      const raw = Buffer.concat(chunks);
      const r = {
        path: req.url ?? "/",
        headers: req.headers,
        body: raw.toString("utf8"),
        raw,
        at: Date.now(),
      };
      received.push(r);
      const answer = await reply(r, received.length);
      if (answer === "hang") {
        hanging.push(res);
        return;
      }
      res.writeHead(answer.status, answer.headers ?? {});
      res.end(answer.body ?? "");
    });
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    async close() {
      for (const res of hanging) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
export type Receiver = Awaited<ReturnType<typeof startReceiver>>;
