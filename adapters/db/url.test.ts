import { describe, expect, it } from "vitest";
import { openDatabase } from "./open";
import { parseDatabaseUrl, redact } from "./url";

describe("database URL", () => {
  it("chooses in-memory PGlite for an empty URL and pglite://", () => {
    expect(parseDatabaseUrl(undefined)).toEqual({ kind: "pglite" });
    expect(parseDatabaseUrl("")).toEqual({ kind: "pglite" });
    expect(parseDatabaseUrl("pglite://")).toEqual({ kind: "pglite" });
  });

  it("chooses PGlite in a directory for pglite://dir", () => {
    expect(parseDatabaseUrl("pglite://.data/control")).toEqual({
      kind: "pglite",
      dataDir: ".data/control",
    });
  });

  it("chooses Neon's driver for a neon.tech host and node-postgres otherwise", () => {
    expect(parseDatabaseUrl("postgres://u:p@ep-cool-1.eu-central-1.aws.neon.tech/db").kind).toBe(
      "neon",
    );
    expect(parseDatabaseUrl("postgresql://postgres@127.0.0.1:5432/x").kind).toBe("postgres");
  });

  it("refuses other schemes and non-URLs with a message naming the problem", () => {
    expect(() => parseDatabaseUrl("mysql://root@127.0.0.1/x")).toThrow(/postgres:\/\//);
    expect(() => parseDatabaseUrl("not a url")).toThrow(/not a URL/);
  });

  it("hides the password in messages", () => {
    expect(redact("postgres://user:secret@host/db")).toBe("postgres://user:***@host/db");
  });

  it("opens a Neon URL without connecting until the first query", async () => {
    const handle = await openDatabase("postgres://u:p@ep-x.eu-central-1.aws.neon.tech/db");
    expect(handle.kind).toBe("neon");
    await handle.close();
  });
});
