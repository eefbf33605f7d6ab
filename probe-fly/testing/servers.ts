import {
  createServer as createHttp,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from "node:http";
import { createServer as createHttps } from "node:https";
import { type AddressInfo, createServer as createTcp, type Socket } from "node:net";

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

/** A loopback server for tests: its port, how many connections it saw, and `close`. */
export interface TestServer {
  port: number;
  connections: () => number;
  close: () => Promise<void>;
}

function track(server: Server | ReturnType<typeof createTcp>, host: string): Promise<TestServer> {
  let count = 0;
  const sockets = new Set<Socket>();
  server.on("connection", (s: Socket) => {
    count += 1;
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });
  return new Promise((resolve) => {
    server.listen(0, host, () => {
      resolve({
        port: (server.address() as AddressInfo).port,
        connections: () => count,
        close: () =>
          new Promise<void>((done) => {
            for (const s of sockets) s.destroy();
            server.close(() => done());
          }),
      });
    });
  });
}

/** Plain HTTP on loopback (host "::" listens on both ::1 and 127.0.0.1). */
export function httpServer(handler: Handler, host = "127.0.0.1"): Promise<TestServer> {
  return track(createHttp(handler), host);
}

/** HTTPS on loopback serving `cert` (leaf first, then whatever chain the test wants served). */
export function httpsServer(
  tls: { cert: string; key: string },
  handler: Handler,
  host = "127.0.0.1",
) {
  return track(createHttps(tls, handler), host);
}

/** A raw TCP server whose behaviour on each socket the test decides (reset, hang, garbage). */
export function tcpServer(onSocket: (s: Socket) => void, host = "127.0.0.1"): Promise<TestServer> {
  return track(createTcp(onSocket), host);
}

/** A port that was just bound and released, so connecting to it is refused. */
export async function closedPort(): Promise<number> {
  const s = await tcpServer(() => {});
  await s.close();
  return s.port;
}
