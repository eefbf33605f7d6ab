import { z } from "zod";

/** Every way a check can fail, exactly as the one-shot CLI contract names them. */
export const CheckErrorCode = z.enum([
  "INVALID_URL",
  "BLOCKED_ADDRESS",
  "DNS_NOT_FOUND",
  "CONNECTION_REFUSED",
  "CONNECTION_RESET",
  "TIMEOUT",
  "TLS_CERT_EXPIRED",
  "TLS_CERT_NOT_YET_VALID",
  "TLS_HOSTNAME_MISMATCH",
  "TLS_SELF_SIGNED",
  "TLS_UNTRUSTED",
  "TLS_HANDSHAKE_FAILED",
  "HTTP_STATUS",
  "KEYWORD_MISSING",
  "TOO_MANY_REDIRECTS",
]);
export type CheckErrorCode = z.infer<typeof CheckErrorCode>;
