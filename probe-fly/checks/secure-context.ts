import { createSecureContext, rootCertificates, type SecureContext } from "node:tls";

/**
 * The client TLS context every check shares: the system roots plus any extra CA (private
 * PKI, test CAs). Built once because parsing ~150 roots per connection costs more CPU than
 * the handshake itself.
 */
export function buildSecureContext(extraCaPem: readonly string[] = []): SecureContext {
  return createSecureContext({ ca: [...rootCertificates, ...extraCaPem] });
}
