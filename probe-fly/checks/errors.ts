import type { CheckErrorCode } from "../../schema/wire";

/** A failed check as data: the contract's code and a human message. */
export interface CheckFailure {
  code: CheckErrorCode;
  message: string;
}

/** Thrown inside a check to stop it with a known code; never escapes `runCheck`. */
export class CheckAbort extends Error {
  constructor(
    readonly code: CheckErrorCode,
    message: string,
  ) {
    super(message);
    this.name = "CheckAbort";
  }
}

const BY_ERRNO: Record<string, CheckErrorCode> = {
  ENOTFOUND: "DNS_NOT_FOUND",
  EAI_AGAIN: "DNS_NOT_FOUND",
  ENODATA: "DNS_NOT_FOUND",
  ECONNREFUSED: "CONNECTION_REFUSED",
  // No route or no usable source address: the connection could not be opened at all.
  EHOSTUNREACH: "CONNECTION_REFUSED",
  ENETUNREACH: "CONNECTION_REFUSED",
  EADDRNOTAVAIL: "CONNECTION_REFUSED",
  ECONNRESET: "CONNECTION_RESET",
  EPIPE: "CONNECTION_RESET",
  ECONNABORTED: "CONNECTION_RESET",
  ETIMEDOUT: "TIMEOUT",
  ABORT_ERR: "TIMEOUT",
  EPROTO: "TLS_HANDSHAKE_FAILED",
};

/** Maps whatever a socket, request or resolver threw to a contract error code (pure). */
export function classifyError(err: unknown): CheckFailure {
  if (err instanceof CheckAbort) return { code: err.code, message: err.message };
  const e = err as { code?: unknown; name?: unknown; message?: unknown };
  const code = typeof e?.code === "string" ? e.code : "";
  const message = typeof e?.message === "string" && e.message ? e.message : String(err);
  if (typeof e?.code === "string" && e.code in { BLOCKED_ADDRESS: 1, DNS_NOT_FOUND: 1 }) {
    return { code: e.code as CheckErrorCode, message };
  }
  if (e?.name === "AbortError" || e?.name === "TimeoutError") return { code: "TIMEOUT", message };
  const mapped = BY_ERRNO[code];
  if (mapped) return { code: mapped, message };
  if (code.startsWith("ERR_SSL_") || /SSL routines|alert|handshake/i.test(message)) {
    return { code: "TLS_HANDSHAKE_FAILED", message };
  }
  // A malformed response (HPE_* parser errors) or anything else cut the exchange short.
  return { code: "CONNECTION_RESET", message: code ? `${code}: ${message}` : message };
}
