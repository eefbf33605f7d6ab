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

  it("accepts HEAD without a keyword", () => {
    expect(parseCheckArgs(["u", "--method", "head"]).method).toBe("HEAD");
  });

  it.each([
    [["u", "--max-redirects", "21"], "--max-redirects"],
    [["u", "--timeout", "0"], "--timeout"],
    [["u", "--expect-status", "300-200"], "--expect-status"],
    [["u", "--region"], "--region"],
    [["u", "--json=yes"], "--json"],
    [["u", "v"], '"v"'],
    [["u", "--method", "HEAD", "--keyword", "x"], "--keyword"],
  ])("rejects %j naming %s", (argv, name) => {
    expect(() => parseCheckArgs(argv)).toThrow(UsageError);
    expect(() => parseCheckArgs(argv)).toThrow(name);
  });

  it.each([
    [["u", "--keyword", "--json"], "--keyword"],
    [["u", "--timeout", "--json"], "--timeout"],
    [["u", "--region", "--allow-private"], "--region"],
  ])("treats an option after %j as that option's missing value", (argv, name) => {
    expect(() => parseCheckArgs(argv)).toThrow(`${name} needs a value`);
  });

  it("takes a value that starts with -- only in the --name=value form", () => {
    expect(parseCheckArgs(["u", "--keyword=--json"]).keyword).toBe("--json");
    expect(parseCheckArgs(["u", "--keyword", "-x"]).keyword).toBe("-x");
  });
});
