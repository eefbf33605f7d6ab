import { describe, expect, it } from "vitest";
import { describeError } from "./describe-error";

describe("describeError", () => {
  it("gives a refused connection's cause on one line", () => {
    const refused = new AggregateError(
      [Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:1"), { code: "ECONNREFUSED" })],
      "",
    );
    const err = new Error('Failed query: CREATE SCHEMA "drizzle"\nparams: ', { cause: refused });
    expect(describeError(err)).toBe(
      'Failed query: CREATE SCHEMA "drizzle": connect ECONNREFUSED 127.0.0.1:1',
    );
  });

  it("does not repeat a cause the message already says", () => {
    const inner = new Error("timeout");
    expect(describeError(new Error("query failed: timeout", { cause: inner }))).toBe(
      "query failed: timeout",
    );
    expect(describeError("plain")).toBe("plain");
  });
});
