import { describe, expect, it } from "vitest";
import { GuardError, guardPolicy, pinnedRequestOptions, resolveGuarded } from "./guard";

const refuseAll = guardPolicy(false);

async function codeOf(work: Promise<unknown>): Promise<string | undefined> {
  try {
    await work;
    return undefined;
  } catch (err) {
    return err instanceof GuardError ? err.code : `unexpected: ${String(err)}`;
  }
}

describe("resolveGuarded", () => {
  it.each(["127.0.0.1", "[::1]", "[::ffff:7f00:1]", "0.0.0.0", "localhost"])(
    "refuses %s without an allow setting",
    async (host) => {
      expect(await codeOf(resolveGuarded(host, { policy: refuseAll }))).toBe("BLOCKED_ADDRESS");
    },
  );

  it("returns the loopback address itself when loopback is allowed", async () => {
    const got = await resolveGuarded("localhost", { policy: guardPolicy(["loopback"]) });
    expect(got.cls).toBe("loopback");
    expect(["127.0.0.1", "::1"]).toContain(got.address);
  });

  it("allows only the classes named: loopback allowed does not allow unspecified", async () => {
    const policy = guardPolicy(["loopback"]);
    expect((await resolveGuarded("[::1]", { policy })).address).toBe("::1");
    expect(await codeOf(resolveGuarded("0.0.0.0", { policy }))).toBe("BLOCKED_ADDRESS");
  });

  it("skips refused addresses and connects to the first allowed one a name resolves to", async () => {
    const resolve = async () => [
      { address: "169.254.169.254", family: 4 as const },
      { address: "127.0.0.2", family: 4 as const },
    ];
    const got = await resolveGuarded("mixed.test", { policy: guardPolicy(["loopback"]), resolve });
    expect(got.address).toBe("127.0.0.2");
  });

  it("refuses the metadata address even when other private classes are allowed", async () => {
    const resolve = async () => [{ address: "169.254.169.254", family: 4 as const }];
    const policy = guardPolicy(["loopback", "private", "link-local"]);
    expect(await codeOf(resolveGuarded("meta.test", { policy, resolve }))).toBe("BLOCKED_ADDRESS");
  });

  it("keeps to one family when the source address is bound to it", async () => {
    const resolve = async () => [
      { address: "::1", family: 6 as const },
      { address: "127.0.0.1", family: 4 as const },
    ];
    const policy = guardPolicy(true);
    expect((await resolveGuarded("both.test", { policy, resolve, family: 4 })).address).toBe(
      "127.0.0.1",
    );
    const v4only = async () => [{ address: "127.0.0.1", family: 4 as const }];
    expect(await codeOf(resolveGuarded("v4.test", { policy, resolve: v4only, family: 6 }))).toBe(
      "DNS_NOT_FOUND",
    );
  });

  it("reports a name that does not resolve as DNS_NOT_FOUND", async () => {
    const resolve = async () => {
      throw Object.assign(new Error("nope"), { code: "ENOTFOUND" });
    };
    expect(await codeOf(resolveGuarded("x.test", { policy: refuseAll, resolve }))).toBe(
      "DNS_NOT_FOUND",
    );
    expect(
      await codeOf(resolveGuarded("y.test", { policy: refuseAll, resolve: async () => [] })),
    ).toBe("DNS_NOT_FOUND");
  });
});

describe("pinnedRequestOptions", () => {
  it("connects to the checked address while keeping the name for Host and SNI", () => {
    const o = pinnedRequestOptions(new URL("https://example.test:8443/a?b=1"), {
      address: "127.0.0.1",
      family: 4,
    });
    expect(o).toMatchObject({
      host: "127.0.0.1",
      port: 8443,
      path: "/a?b=1",
      servername: "example.test",
    });
    expect(o.hostHeader).toBe("example.test:8443");
  });

  it("sends no SNI for an IP literal", () => {
    const o = pinnedRequestOptions(new URL("https://[::1]/"), { address: "::1", family: 6 });
    expect(o.servername).toBeUndefined();
    expect(o.port).toBe(443);
  });
});
