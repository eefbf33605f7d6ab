import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { guardPolicy } from "../../adapters/net/guard";
import { aPki, type Pem } from "../testing/pki";
import { httpsServer, type TestServer } from "../testing/servers";
import { checkTarget, runCheck } from "./check";
import { buildSecureContext } from "./secure-context";

let pki: Awaited<ReturnType<typeof aPki>>;
const servers: TestServer[] = [];

async function serve(chain: Pem[]): Promise<number> {
  const cert = chain.map((c) => c.cert).join("\n");
  const s = await httpsServer({ cert, key: chain[0]!.key }, (_req, res) => res.end("ok"));
  servers.push(s);
  return s.port;
}

async function check(port: number, trusted: string[]) {
  return runCheck(checkTarget(`https://localhost:${port}/`, { timeoutMs: 5_000 }), {
    region: "test",
    policy: guardPolicy(true),
    secureContext: buildSecureContext(trusted),
    now: () => Date.now(),
  });
}

beforeAll(async () => {
  pki = await aPki();
});
afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
});

describe("tls.chain is the chain as served, leaf first", () => {
  it("leaves out the trusted root the server did not send", async () => {
    const port = await serve([pki.leaf, pki.intermediate]);
    const r = await check(port, [pki.root.cert]);
    expect(r.ok).toBe(true);
    expect(r.tls?.chain.map((c) => c.subject)).toEqual([
      "CN=localhost",
      "CN=DomainPilot Test Intermediate",
    ]);
    expect(r.tls?.earliestValidTo).toBe(r.tls?.validTo);
  });

  it("is the same served chain when the root is unknown", async () => {
    const port = await serve([pki.leaf, pki.intermediate]);
    const r = await check(port, []);
    expect(r.error?.code).toBe("TLS_UNTRUSTED");
    expect(r.tls?.chain).toHaveLength(2);
  });

  it("keeps an untrusted self-signed root the server sent", async () => {
    const port = await serve([pki.leaf, pki.intermediate, pki.root]);
    const r = await check(port, []);
    expect(r.error?.code).toBe("TLS_SELF_SIGNED");
    expect(r.tls?.chain.map((c) => c.subject)).toEqual([
      "CN=localhost",
      "CN=DomainPilot Test Intermediate",
      "CN=DomainPilot Test Root",
    ]);
  });
});
