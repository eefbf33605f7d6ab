import { describe, expect, it } from "vitest";
import { CheckAbort, classifyError } from "./errors";

const errno = (code: string, message = code) => Object.assign(new Error(message), { code });

describe("classifyError", () => {
  it.each([
    [errno("ECONNREFUSED"), "CONNECTION_REFUSED"],
    [errno("ECONNRESET"), "CONNECTION_RESET"],
    [errno("EPIPE"), "CONNECTION_RESET"],
    [errno("ENOTFOUND"), "DNS_NOT_FOUND"],
    [errno("ETIMEDOUT"), "TIMEOUT"],
    [errno("ERR_SSL_WRONG_VERSION_NUMBER"), "TLS_HANDSHAKE_FAILED"],
    [errno("EPROTO", "tlsv1 alert protocol version"), "TLS_HANDSHAKE_FAILED"],
    [errno("HPE_INVALID_CONSTANT", "Parse Error"), "CONNECTION_RESET"],
    [Object.assign(new Error("aborted"), { name: "AbortError" }), "TIMEOUT"],
    [errno("BLOCKED_ADDRESS", "x resolves to 10.0.0.1"), "BLOCKED_ADDRESS"],
    [new CheckAbort("KEYWORD_MISSING", "no"), "KEYWORD_MISSING"],
  ])("classifies %s", (err, code) => {
    expect(classifyError(err).code).toBe(code);
  });

  it("keeps the original message for people to read", () => {
    expect(
      classifyError(errno("ECONNREFUSED", "connect ECONNREFUSED 127.0.0.1:1")).message,
    ).toContain("127.0.0.1:1");
  });
});
