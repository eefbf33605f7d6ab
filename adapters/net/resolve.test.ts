import { createSocket, type Socket } from "node:dgram";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type GuardError, guardPolicy, resolveGuarded } from "./guard";
import { caresResolve } from "./resolve";

/** A tiny authoritative DNS server on loopback: A and AAAA records for the names given. */
function dnsServer(records: Record<string, { a?: string[]; aaaa?: string[] }>) {
  const socket: Socket = createSocket("udp4");
  const queries: string[] = [];
  socket.on("message", (msg, from) => {
    let i = 12;
    const labels: string[] = [];
    while (msg[i]! > 0) {
      labels.push(msg.subarray(i + 1, i + 1 + msg[i]!).toString());
      i += msg[i]! + 1;
    }
    const qtype = msg.readUInt16BE(i + 1);
    const question = msg.subarray(12, i + 5);
    const name = labels.join(".").toLowerCase();
    queries.push(`${name}/${qtype}`);
    const rec = records[name];
    const addrs = rec ? (qtype === 1 ? (rec.a ?? []) : qtype === 28 ? (rec.aaaa ?? []) : []) : [];
    const header = Buffer.alloc(12);
    header.writeUInt16BE(msg.readUInt16BE(0), 0);
    header.writeUInt16BE(rec ? 0x8180 : 0x8183, 2); // NOERROR, or NXDOMAIN for unknown names
    header.writeUInt16BE(1, 4);
    header.writeUInt16BE(addrs.length, 6);
    const answers = addrs.map((addr) => {
      const rdata =
        qtype === 1
          ? Buffer.from(addr.split(".").map(Number))
          : Buffer.from(
              addr
                .split(":")
                .flatMap((g) => [
                  Number.parseInt(g || "0", 16) >> 8,
                  Number.parseInt(g || "0", 16) & 0xff,
                ]),
            );
      const rr = Buffer.alloc(12);
      rr.writeUInt16BE(0xc00c, 0); // pointer to the question's name
      rr.writeUInt16BE(qtype, 2);
      rr.writeUInt16BE(1, 4);
      rr.writeUInt32BE(60, 6);
      rr.writeUInt16BE(rdata.length, 10);
      return Buffer.concat([rr, rdata]);
    });
    socket.send(Buffer.concat([header, question, ...answers]), from.port, from.address);
  });
  return new Promise<{ server: string; queries: string[]; close: () => void }>((resolve) => {
    socket.bind(0, "127.0.0.1", () =>
      resolve({
        server: `127.0.0.1:${socket.address().port}`,
        queries,
        close: () => socket.close(),
      }),
    );
  });
}

let dns: Awaited<ReturnType<typeof dnsServer>>;
beforeAll(async () => {
  dns = await dnsServer({
    "site.test": { a: ["127.0.0.1"], aaaa: ["0:0:0:0:0:0:0:1"] },
    "v6only.test": { aaaa: ["0:0:0:0:0:0:0:1"] },
    "rebind.test": { a: ["169.254.169.254"] },
  });
});
afterAll(() => dns.close());

describe("caresResolve", () => {
  it("returns A then AAAA addresses from the configured server", async () => {
    const resolve = caresResolve({ servers: [dns.server] });
    expect(await resolve("site.test")).toEqual([
      { address: "127.0.0.1", family: 4 },
      { address: "::1", family: 6 },
    ]);
    expect(dns.queries).toEqual(expect.arrayContaining(["site.test/1", "site.test/28"]));
  });

  it("returns IPv6 alone for a name without an A record", async () => {
    const resolve = caresResolve({ servers: [dns.server] });
    expect(await resolve("v6only.test")).toEqual([{ address: "::1", family: 6 }]);
  });

  it("feeds the guard: an unknown name is DNS_NOT_FOUND, a metadata answer is BLOCKED_ADDRESS", async () => {
    const resolve = caresResolve({ servers: [dns.server] });
    const policy = guardPolicy(["loopback"]);
    const missing = await resolveGuarded("nope.test", { policy, resolve }).catch((e: unknown) => e);
    expect((missing as GuardError).code).toBe("DNS_NOT_FOUND");
    const meta = await resolveGuarded("rebind.test", { policy, resolve }).catch((e: unknown) => e);
    expect((meta as GuardError).code).toBe("BLOCKED_ADDRESS");
  });

  it("gives up within its timeout when the server does not answer", async () => {
    const silent = createSocket("udp4");
    await new Promise<void>((r) => silent.bind(0, "127.0.0.1", () => r()));
    const resolve = caresResolve({
      servers: [`127.0.0.1:${silent.address().port}`],
      timeoutMs: 100,
      tries: 1,
    });
    const started = Date.now();
    const err = await resolve("site.test").catch((e: unknown) => e);
    silent.close();
    expect((err as { code?: string }).code).toBe("ETIMEOUT");
    expect(Date.now() - started).toBeLessThan(1500);
  });
});
