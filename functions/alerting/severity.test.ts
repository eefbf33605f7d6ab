import { describe, expect, it } from "vitest";
import { CheckErrorCode } from "../../schema/wire/error-codes";
import { SEVERITY_ORDER, worseError } from "./severity";

describe("error severity", () => {
  it("ranks every check error code exactly once, so a new code cannot silently rank last", () => {
    expect([...SEVERITY_ORDER].sort()).toEqual([...CheckErrorCode.options].sort());
  });

  it("prefers the site being gone over it being slow or wrong", () => {
    expect(worseError("TIMEOUT", "DNS_NOT_FOUND")).toBe("DNS_NOT_FOUND");
    expect(worseError("HTTP_STATUS", null)).toBe("HTTP_STATUS");
    expect(worseError("KEYWORD_MISSING", "TLS_CERT_EXPIRED")).toBe("TLS_CERT_EXPIRED");
  });
});
