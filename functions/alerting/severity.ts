import type { CheckErrorCode } from "../../schema/wire/error-codes";

// Worst first: the site is gone, then it is unsafe, then it is slow or wrong.
export const SEVERITY_ORDER: readonly CheckErrorCode[] = [
  "DNS_NOT_FOUND",
  "CONNECTION_REFUSED",
  "TLS_CERT_EXPIRED",
  "TLS_CERT_NOT_YET_VALID",
  "TLS_HOSTNAME_MISMATCH",
  "TLS_SELF_SIGNED",
  "TLS_UNTRUSTED",
  "TLS_HANDSHAKE_FAILED",
  "CONNECTION_RESET",
  "TIMEOUT",
  "HTTP_STATUS",
  "TOO_MANY_REDIRECTS",
  "KEYWORD_MISSING",
  "BLOCKED_ADDRESS",
  "INVALID_URL",
];

/** The worse of two error codes (unknown codes rank last, ties alphabetical). */
export function worseError(a: string | null, b: string | null): string | null {
  if (a === null) return b;
  if (b === null) return a;
  const ra = rank(a);
  const rb = rank(b);
  if (ra !== rb) return ra < rb ? a : b;
  return a <= b ? a : b;
}

function rank(code: string): number {
  const i = SEVERITY_ORDER.indexOf(code as CheckErrorCode);
  return i === -1 ? SEVERITY_ORDER.length : i;
}
