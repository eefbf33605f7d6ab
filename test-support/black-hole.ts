import { createServer, type Socket } from "node:net";
import { afterAll, beforeAll } from "vitest";

/**
 * A TCP server on loopback that accepts every connection and never answers: the shape of a
 * hung peer, for proving that a client gives up within its timeout.
 */
export async function blackHoleServer(): Promise<{
  port: number;
  /** Connections accepted so far. */
  accepted: () => number;
  close: () => Promise<void>;
}> {
  const sockets = new Set<Socket>();
  let accepted = 0;
  const server = createServer((socket) => {
    accepted += 1;
    sockets.add(socket);
    socket.on("error", () => {});
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  if (!address || typeof address === "string") throw new Error("no port");
  return {
    port: address.port,
    accepted: () => accepted,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

/** A black hole for the enclosing `describe`: opened before its first test, closed after its last. */
export function useBlackHole(): { port: number; endpoint: string; accepted: () => number } {
  let hole: Awaited<ReturnType<typeof blackHoleServer>> | undefined;
  beforeAll(async () => {
    hole = await blackHoleServer();
  });
  afterAll(() => hole?.close());
  const open = () => {
    if (!hole) throw new Error("the black hole opens in beforeAll");
    return hole;
  };
  return {
    get port() {
      return open().port;
    },
    get endpoint() {
      return `http://127.0.0.1:${open().port}`;
    },
    accepted: () => open().accepted(),
  };
}

/**
 * Starts `work` and says how long it took to settle (ms) and what it failed with (null: it did
 * not). The clock starts before the call: a client may arm its timer before its first call returns.
 */
export async function timedFailure(
  work: () => Promise<unknown>,
): Promise<{ err: unknown; ms: number }> {
  const started = performance.now();
  const err = await work().then(
    () => null,
    (e: unknown) => e ?? new Error("rejected without a reason"),
  );
  return { err, ms: performance.now() - started };
}
