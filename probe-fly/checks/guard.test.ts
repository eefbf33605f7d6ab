import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { guardPolicy } from "../../adapters/net/guard";
import { httpServer, type TestServer } from "../testing/servers";
import { type CheckerDeps, checkTarget, runCheck } from "./check";
import { buildSecureContext } from "./secure-context";

// Listens on "::" so that 127.0.0.1, ::1, ::ffff:7f00:1 and 0.0.0.0 all reach it: a refusal
// test proves the guard held by the server seeing no connection at all.
let server: TestServer;
const deps = (allow: Parameters<typeof guardPolicy>[0]): CheckerDeps => ({
  region: "test",
  policy: guardPolicy(allow),
  secureContext: buildSecureContext(),
  now: () => Date.now(),
});

beforeAll(async () => {
  server = await httpServer((req, res) => {
    if (req.url === "/to-unspecified") {
      res.writeHead(302, { location: `http://0.0.0.0:${server.port}/` });
      return res.end();
    }
    res.end("ok");
  }, "::");
});
afterAll(() => server.close());

describe("the SSRF guard inside a check", () => {
  const hosts = ["127.0.0.1", "localhost", "[::1]", "[::ffff:7f00:1]", "0.0.0.0"];

  it.each(hosts)("refuses %s as BLOCKED_ADDRESS without opening a connection", async (host) => {
    const before = server.connections();
    const r = await runCheck(checkTarget(`http://${host}:${server.port}/`), deps(false));
    expect(r.error?.code).toBe("BLOCKED_ADDRESS");
    expect(r.httpStatus).toBeNull();
    expect(server.connections()).toBe(before);
  });

  it.each(hosts)("reaches %s when private targets are allowed", async (host) => {
    const r = await runCheck(checkTarget(`http://${host}:${server.port}/`), deps(true));
    expect(r.error).toBeNull();
    expect(r.httpStatus).toBe(200);
  });

  it("guards every redirect hop, not only the first URL", async () => {
    const before = server.connections();
    const r = await runCheck(
      checkTarget(`http://127.0.0.1:${server.port}/to-unspecified`),
      deps(["loopback"]),
    );
    expect(r.error?.code).toBe("BLOCKED_ADDRESS");
    expect(server.connections()).toBe(before + 1);
  });
});
