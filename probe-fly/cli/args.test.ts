import { describe, expect, it } from "vitest";
import { parseCheckArgs, UsageError } from "./args";

describe("parseCheckArgs", () => {
  it("applies the contract's defaults", () => {
    expect(parseCheckArgs(["https://example.com/"])).toEqual({
      url: "https://example.com/",
      json: false,
      timeoutMs: 10_000,
      caFile: null,
      expectStatus: "200-399",
      keyword: null,
      method: "GET",
      maxRedirects: 5,
      region: "local",
      localAddress: null,
      allowPrivate: false,
    });
  });

  it("reads every option in both --name value and --name=value forms", () => {
    const a = parseCheckArgs([
      "--json",
      "--timeout=2500",
      "--ca",
      "ca.pem",
      "--expect-status",
      "204",
      "--keyword=hello world",
      "--method",
      "get",
      "--max-redirects",
      "0",
      "--region",
      "sin",
      "--local-address",
      "::1",
      "--allow-private",
      "http://u/",
    ]);
    expect(a).toMatchObject({
      url: "http://u/",
      json: true,
      timeoutMs: 2500,
      caFile: "ca.pem",
      expectStatus: "204",
      keyword: "hello world",
      method: "GET",
      maxRedirects: 0,
      region: "sin",
      localAddress: "::1",
      allowPrivate: true,
    });
  });

  it("rejects a <url> that does not parse, naming it, and keeps one that parses", () => {
    expect(() => parseCheckArgs(["http://exa mple/"])).toThrow(UsageError);
    expect(() => parseCheckArgs(["http://exa mple/"])).toThrow('<url> "http://exa mple/"');
    // parses (scheme "localhost:"): left to the check, which fails it as INVALID_URL
    expect(parseCheckArgs(["localhost:8443"]).url).toBe("localhost:8443");
  });

  it("accepts HEAD without a keyword", () => {
    expect(parseCheckArgs(["http://u/", "--method", "head"]).method).toBe("HEAD");
  });

  it.each([
    [["http://u/", "--max-redirects", "21"], "--max-redirects"],
    [["http://u/", "--timeout", "0"], "--timeout"],
    [["http://u/", "--expect-status", "300-200"], "--expect-status"],
    [["http://u/", "--region"], "--region"],
    [["http://u/", "--json=yes"], "--json"],
    [["http://u/", "v"], '"v"'],
    [["http://u/", "--method", "HEAD", "--keyword", "x"], "--keyword"],
  ])("rejects %j naming %s", (argv, name) => {
    expect(() => parseCheckArgs(argv)).toThrow(UsageError);
    expect(() => parseCheckArgs(argv)).toThrow(name);
  });

  it.each([
    [["http://u/", "--keyword", "--json"], "--keyword"],
    [["http://u/", "--timeout", "--json"], "--timeout"],
    [["http://u/", "--region", "--allow-private"], "--region"],
  ])("treats an option after %j as that option's missing value", (argv, name) => {
    expect(() => parseCheckArgs(argv)).toThrow(`${name} needs a value`);
  });

  it("takes a value that starts with -- only in the --name=value form", () => {
    expect(parseCheckArgs(["http://u/", "--keyword=--json"]).keyword).toBe("--json");
    expect(parseCheckArgs(["http://u/", "--keyword", "-x"]).keyword).toBe("-x");
  });
});
