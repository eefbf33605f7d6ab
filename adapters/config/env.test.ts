import { describe, expect, it } from "vitest";
import { z } from "zod";
import { envBool, parseEnv } from "./env";

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
