import { describe, expect, it } from "vitest";
import { z } from "zod";
import { envBool, envUrlList, parseEnv } from "./env";

const schema = z.object({
  PORT: z.coerce.number().int().default(80),
  SECRET: z.string().min(1),
  FLAG: envBool.default(false),
});

describe("parseEnv", () => {
  it("parses values and applies defaults", () => {
    expect(parseEnv(schema, { SECRET: "s", FLAG: "yes" })).toEqual({
      PORT: 80,
      SECRET: "s",
      FLAG: true,
    });
  });

  it("treats an empty value as unset, so a blank secret is missing rather than empty", () => {
    expect(() => parseEnv(schema, { SECRET: "" })).toThrow(/^SECRET:/);
  });

  it("names every bad variable in one error with a CONFIG_INVALID code", () => {
    try {
      parseEnv(schema, { PORT: "eighty", FLAG: "maybe" });
      expect.unreachable();
    } catch (err) {
      const e = err as Error & { code: string };
      expect(e.code).toBe("CONFIG_INVALID");
      expect(e.message).toMatch(/PORT/);
      expect(e.message).toMatch(/SECRET/);
      expect(e.message).toMatch(/FLAG/);
    }
  });
});

describe("envUrlList", () => {
  const urls = z.object({ QUEUE_URLS: envUrlList });

  it("reads one URL or several, in order, trimming the spaces around each", () => {
    expect(parseEnv(urls, { QUEUE_URLS: "https://q.example/0" })).toEqual({
      QUEUE_URLS: ["https://q.example/0"],
    });
    expect(parseEnv(urls, { QUEUE_URLS: "https://q.example/0, https://q.example/1" })).toEqual({
      QUEUE_URLS: ["https://q.example/0", "https://q.example/1"],
    });
  });

  it("names the variable and the entry that is not a URL, an empty one included", () => {
    expect(() => parseEnv(urls, { QUEUE_URLS: "https://q.example/0,queue-1" })).toThrow(
      /^QUEUE_URLS: entry 2 is not a URL: "queue-1"$/,
    );
    expect(() =>
      parseEnv(urls, { QUEUE_URLS: "https://q.example/0,,https://q.example/2" }),
    ).toThrow(/QUEUE_URLS: entry 2 is not a URL: ""/);
    expect(() => parseEnv(urls, { QUEUE_URLS: "https://q.example/0," })).toThrow(/entry 2/);
  });
});
