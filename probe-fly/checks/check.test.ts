import type { IncomingMessage, ServerResponse } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { guardPolicy } from "../../adapters/net/guard";
import { aPki, makeCert, type Pem } from "../testing/pki";
import {
  closedPort,
  httpServer,
  httpsServer,
  type TestServer,
  tcpServer,
} from "../testing/servers";
import { type CheckerDeps, type CheckTarget, checkTarget, runCheck } from "./check";
import { buildSecureContext } from "./secure-context";

let pki: Awaited<ReturnType<typeof aPki>>;
const servers: TestServer[] = [];

function deps(over: Partial<CheckerDeps> = {}): CheckerDeps {
  return {
    region: "test",
    policy: guardPolicy(true),
    secureContext: buildSecureContext([pki.root.cert]),
    now: () => Date.now(),
    ...over,
  };
}

async function serveTls(leaf: Pem, chain: Pem[] = [pki.intermediate]): Promise<number> {
  const cert = [leaf.cert, ...chain.map((c) => c.cert)].join("\n");
  const s = await httpsServer({ cert, key: leaf.key }, (_req, res) => res.end("hello world"));
  servers.push(s);
  return s.port;
}

async function serveHttp(handler: (req: IncomingMessage, res: ServerResponse) => void) {
  const s = await httpServer(handler);
  servers.push(s);
  return s;
}

async function check(url: string, over: Partial<Omit<CheckTarget, "url">> = {}, d = deps()) {
  return runCheck(checkTarget(url, { timeoutMs: 3000, ...over }), d);
}

beforeAll(async () => {
  pki = await aPki();
});
afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
});

describe("runCheck over HTTPS", () => {
  it("passes a trusted chain served with its intermediate and reports every phase", async () => {
    const port = await serveTls(pki.leaf);
    const r = await check(`https://localhost:${port}/`);
    expect(r.error).toBeNull();
    expect(r.ok).toBe(true);
    expect(r.httpStatus).toBe(200);
    expect(r.tls?.authorized).toBe(true);
    expect(r.tls?.hostnameMatches).toBe(true);
    expect(r.tls?.chain.map((c) => c.subject)).toEqual([
      "CN=localhost",
      "CN=DomainPilot Test Intermediate",
    ]);
    expect(r.tls?.subject).toBe("CN=localhost");
    expect(r.tls?.altNames).toContain("localhost");
    expect(r.tls?.daysToExpiry).toBeGreaterThanOrEqual(88);
    expect(r.tls?.protocol).toMatch(/^TLSv1\.[23]$/);
    expect(r.timings.connectMs).toBeGreaterThan(0);
    expect(r.timings.tlsMs).toBeGreaterThan(0);
    expect(r.timings.ttfbMs).toBeGreaterThan(0);
    expect(r.timings.totalMs).toBeGreaterThanOrEqual(r.timings.tlsMs + r.timings.ttfbMs);
  });

  it("fails as TLS_UNTRUSTED when the server omits the intermediate", async () => {
    const port = await serveTls(pki.leaf, []);
    const r = await check(`https://localhost:${port}/`);
    expect(r.error?.code).toBe("TLS_UNTRUSTED");
    expect(r.tls?.authorized).toBe(false);
    expect(r.tls?.authorizationError).toMatch(/UNABLE_TO/);
    expect(r.tls?.chain).toHaveLength(1);
    expect(r.httpStatus).toBe(200);
  });

  it("stays ok when the intermediate is close to expiry and reports it as the earliest expiry", async () => {
    const inter = await makeCert({
      cn: "Short Intermediate",
      isCa: true,
      notAfterDays: 5,
      signer: pki.root,
    });
    const leaf = await makeCert({ cn: "localhost", signer: inter, notAfterDays: 80 });
    const port = await serveTls(leaf, [inter]);
    const r = await check(`https://localhost:${port}/`);
    expect(r.ok).toBe(true);
    expect(r.tls?.daysToExpiry).toBeGreaterThanOrEqual(79);
    const interValidTo = r.tls?.chain[1]?.validTo;
    expect(r.tls?.earliestValidTo).toBe(interValidTo);
    expect(Date.parse(r.tls!.earliestValidTo) - Date.now()).toBeLessThan(6 * 86_400_000);
  });

  it("fails as TLS_CERT_EXPIRED for an expired leaf and reports negative days", async () => {
    const leaf = await makeCert({
      cn: "localhost",
      signer: pki.intermediate,
      notBeforeDays: -30,
      notAfterDays: -2,
    });
    const r = await check(`https://localhost:${await serveTls(leaf)}/`);
    expect(r.error?.code).toBe("TLS_CERT_EXPIRED");
    expect(r.tls?.authorizationError).toBe("CERT_HAS_EXPIRED");
    expect(r.tls?.daysToExpiry).toBeLessThan(0);
  });

  it("fails as TLS_CERT_EXPIRED when only the served intermediate has expired", async () => {
    const inter = await makeCert({
      cn: "Old Intermediate",
      isCa: true,
      notBeforeDays: -60,
      notAfterDays: -1,
      signer: pki.root,
    });
    const leaf = await makeCert({ cn: "localhost", signer: inter });
    const r = await check(`https://localhost:${await serveTls(leaf, [inter])}/`);
    expect(r.error?.code).toBe("TLS_CERT_EXPIRED");
    expect(r.tls?.daysToExpiry).toBeGreaterThan(0);
  });

  it("fails as TLS_CERT_NOT_YET_VALID for a leaf from the future", async () => {
    const leaf = await makeCert({
      cn: "localhost",
      signer: pki.intermediate,
      notBeforeDays: 2,
      notAfterDays: 90,
    });
    const r = await check(`https://localhost:${await serveTls(leaf)}/`);
    expect(r.error?.code).toBe("TLS_CERT_NOT_YET_VALID");
  });

  it("fails as TLS_SELF_SIGNED for a self-signed leaf", async () => {
    const self = await makeCert({ cn: "localhost" });
    const r = await check(`https://localhost:${await serveTls(self, [])}/`);
    expect(r.error?.code).toBe("TLS_SELF_SIGNED");
    expect(r.tls?.authorizationError).toBe("DEPTH_ZERO_SELF_SIGNED_CERT");
  });

  it("fails as TLS_HOSTNAME_MISMATCH when a trusted chain names another host", async () => {
    const leaf = await makeCert({ cn: "other.example", signer: pki.intermediate });
    const r = await check(`https://localhost:${await serveTls(leaf)}/`);
    expect(r.tls?.authorized).toBe(true);
    expect(r.tls?.hostnameMatches).toBe(false);
    expect(r.error?.code).toBe("TLS_HOSTNAME_MISMATCH");
  });

  it("checks the hostname even when the chain fails (Node alone would skip it)", async () => {
    const r = await check(`https://localhost:${await serveTls(pki.leaf, [])}/`);
    expect(r.tls?.hostnameMatches).toBe(true);
    const other = await makeCert({ cn: "other.example", signer: pki.intermediate });
    const r2 = await check(`https://localhost:${await serveTls(other, [])}/`);
    expect(r2.tls?.hostnameMatches).toBe(false);
    expect(r2.error?.code).toBe("TLS_UNTRUSTED");
  });

  it("fails as TLS_HANDSHAKE_FAILED when the server does not speak TLS", async () => {
    const s = await tcpServer((sock) =>
      sock.on("data", () => sock.end("HTTP/1.1 400 Bad\r\n\r\n")),
    );
    servers.push(s);
    const r = await check(`https://127.0.0.1:${s.port}/`);
    expect(r.error?.code).toBe("TLS_HANDSHAKE_FAILED");
    expect(r.tls).toBeNull();
  });

  it("trusts nothing it was not given: the same chain without the test CA is untrusted", async () => {
    const port = await serveTls(pki.leaf);
    const r = await check(
      `https://localhost:${port}/`,
      {},
      deps({ secureContext: buildSecureContext() }),
    );
    expect(r.error?.code).toBe("TLS_UNTRUSTED");
  });
});

describe("runCheck over HTTP", () => {
  it("fails as HTTP_STATUS outside the expected range and passes inside it", async () => {
    const s = await serveHttp((_req, res) => {
      res.statusCode = 503;
      res.end();
    });
    const r = await check(`http://127.0.0.1:${s.port}/`);
    expect(r.error?.code).toBe("HTTP_STATUS");
    expect(r.httpStatus).toBe(503);
    expect(r.tls).toBeNull();
    expect((await check(`http://127.0.0.1:${s.port}/`, { expectStatus: "500-599" })).ok).toBe(true);
  });

  it("fails as KEYWORD_MISSING unless the body contains the keyword", async () => {
    const s = await serveHttp((_req, res) => res.end("<h1>all systems operational</h1>"));
    expect((await check(`http://127.0.0.1:${s.port}/`, { keyword: "operational" })).ok).toBe(true);
    const r = await check(`http://127.0.0.1:${s.port}/`, { keyword: "maintenance" });
    expect(r.error?.code).toBe("KEYWORD_MISSING");
  });

  it("sends the method asked for", async () => {
    const methods: string[] = [];
    const s = await serveHttp((req, res) => {
      methods.push(req.method ?? "");
      res.end("x");
    });
    await check(`http://127.0.0.1:${s.port}/`, { method: "HEAD" });
    expect(methods).toEqual(["HEAD"]);
  });

  it("follows relative redirects and judges the final status", async () => {
    const s = await serveHttp((req, res) => {
      if (req.url === "/final") return res.end("done");
      res.writeHead(req.url === "/a" ? 301 : 302, { location: req.url === "/a" ? "/b" : "/final" });
      res.end();
    });
    const r = await check(`http://127.0.0.1:${s.port}/a`);
    expect(r.ok).toBe(true);
    expect(r.httpStatus).toBe(200);
    expect(s.connections()).toBe(3);
  });

  it("fails as TOO_MANY_REDIRECTS past the maximum", async () => {
    const s = await serveHttp((req, res) => {
      const n = Number(req.url?.slice(1) || 0);
      res.writeHead(302, { location: `/${n + 1}` });
      res.end();
    });
    const r = await check(`http://127.0.0.1:${s.port}/0`, { maxRedirects: 3 });
    expect(r.error?.code).toBe("TOO_MANY_REDIRECTS");
    expect(s.connections()).toBe(4);
  });

  it("detects a redirect loop before the maximum is reached", async () => {
    const s = await serveHttp((req, res) => {
      res.writeHead(302, { location: req.url === "/x" ? "/y" : "/x" });
      res.end();
    });
    const r = await check(`http://127.0.0.1:${s.port}/x`, { maxRedirects: 10 });
    expect(r.error?.code).toBe("TOO_MANY_REDIRECTS");
    expect(r.error?.message).toMatch(/loop/);
    expect(s.connections()).toBe(2);
  });

  it("fails as TIMEOUT when the server never answers, within the timeout", async () => {
    const s = await tcpServer(() => {});
    servers.push(s);
    const started = Date.now();
    const r = await check(`http://127.0.0.1:${s.port}/`, { timeoutMs: 200 });
    expect(r.error?.code).toBe("TIMEOUT");
    expect(Date.now() - started).toBeLessThan(1500);
    expect(r.timings.totalMs).toBeGreaterThanOrEqual(190);
  });

  it("fails as TIMEOUT when the body trickles past the timeout", async () => {
    const s = await serveHttp((_req, res) => {
      res.write("partial");
    });
    const r = await check(`http://127.0.0.1:${s.port}/`, { timeoutMs: 200 });
    expect(r.error?.code).toBe("TIMEOUT");
    expect(r.httpStatus).toBeNull();
  });

  it("fails as CONNECTION_REFUSED when nothing listens", async () => {
    const r = await check(`http://127.0.0.1:${await closedPort()}/`);
    expect(r.error?.code).toBe("CONNECTION_REFUSED");
  });

  it("fails as CONNECTION_RESET when the server resets the connection", async () => {
    const s = await tcpServer((sock) => sock.on("data", () => sock.resetAndDestroy()));
    servers.push(s);
    const r = await check(`http://127.0.0.1:${s.port}/`);
    expect(r.error?.code).toBe("CONNECTION_RESET");
  });

  it("fails as DNS_NOT_FOUND when the name does not resolve", async () => {
    const resolve = async () => {
      throw Object.assign(new Error("getaddrinfo ENOTFOUND"), { code: "ENOTFOUND" });
    };
    const r = await check("http://no-such-host.invalid/", {}, deps({ resolve }));
    expect(r.error?.code).toBe("DNS_NOT_FOUND");
  });

  it("fails as INVALID_URL for garbage and for non-HTTP schemes", async () => {
    expect((await check("not a url")).error?.code).toBe("INVALID_URL");
    expect((await check("ftp://127.0.0.1/")).error?.code).toBe("INVALID_URL");
  });
});
