import { isIP } from "node:net";
import { checkServerIdentity, type DetailedPeerCertificate, type TLSSocket } from "node:tls";
import type { CheckErrorCode, TlsInfo } from "../../schema/wire";

const DAY_MS = 86_400_000;

/** Node's authorizationError codes mapped to the contract's codes; anything else is untrusted. */
const AUTH_ERRORS: Record<string, CheckErrorCode> = {
  DEPTH_ZERO_SELF_SIGNED_CERT: "TLS_SELF_SIGNED",
  SELF_SIGNED_CERT_IN_CHAIN: "TLS_SELF_SIGNED",
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: "TLS_UNTRUSTED",
  UNABLE_TO_GET_ISSUER_CERT: "TLS_UNTRUSTED",
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: "TLS_UNTRUSTED",
  CERT_HAS_EXPIRED: "TLS_CERT_EXPIRED",
  CERT_NOT_YET_VALID: "TLS_CERT_NOT_YET_VALID",
};

/** Contract code for one of Node's authorizationError codes. */
export function mapAuthorizationError(code: string): CheckErrorCode {
  return AUTH_ERRORS[code] ?? "TLS_UNTRUSTED";
}

function formatName(name: Record<string, string | string[]> | undefined): string {
  if (!name) return "";
  return Object.entries(name)
    .map(([k, v]) => `${k}=${Array.isArray(v) ? v.join("+") : v}`)
    .join(", ");
}

function iso(opensslDate: string): string {
  const d = new Date(opensslDate);
  return Number.isNaN(d.getTime()) ? opensslDate : d.toISOString();
}

/** Node spells an IPv6 SAN in full ("0:0:0:0:0:0:0:1"); people and URLs write "::1". */
function shortIp(name: string): string {
  return isIP(name) === 6 ? new URL(`http://[${name}]/`).hostname.slice(1, -1) : name;
}

/** "DNS:a.example, IP Address:127.0.0.1" → ["a.example", "127.0.0.1"]. */
export function parseAltNames(subjectaltname: string | undefined): string[] {
  if (!subjectaltname) return [];
  return subjectaltname
    .split(/,\s*/)
    .map((part) => part.slice(part.indexOf(":") + 1))
    .filter(Boolean)
    .map(shortIp);
}

/** The peer's chain leaf first, as Node links it (stops at the self-signed end or a repeat). */
function walkChain(leaf: DetailedPeerCertificate): DetailedPeerCertificate[] {
  const chain: DetailedPeerCertificate[] = [];
  const seen = new Set<string>();
  let cert: DetailedPeerCertificate | undefined = leaf;
  while (cert?.raw && !seen.has(cert.fingerprint256)) {
    seen.add(cert.fingerprint256);
    chain.push(cert);
    cert = cert.issuerCertificate;
  }
  return chain;
}

/**
 * The chain as the server sent it. Node completes the peer chain from the trust store, so a
 * self-issued root past the leaf is the store's, unless the verdict says the server itself
 * sent a self-signed certificate in its chain.
 */
function servedPart(
  chain: DetailedPeerCertificate[],
  authErr: string | null,
): DetailedPeerCertificate[] {
  const last = chain[chain.length - 1]!;
  const selfIssued =
    chain.length > 1 && last.fingerprint256 === last.issuerCertificate?.fingerprint256;
  return selfIssued && authErr !== "SELF_SIGNED_CERT_IN_CHAIN" ? chain.slice(0, -1) : chain;
}

/**
 * What the handshake told us, judged independently of Node: the chain verdict from
 * `authorizationError` and a separate hostname check (Node skips it when the chain fails).
 * Returns null when the peer sent no certificate. Building the detailed chain is the costliest
 * step of a check after the handshake itself, so a chain Node already built is reused.
 */
export function readTls(
  socket: TLSSocket,
  hostname: string,
  nowMs: number,
  /** The chain Node already built during the handshake, when it did (a trusted chain). */
  known?: DetailedPeerCertificate,
): TlsInfo | null {
  const leaf = known ?? socket.getPeerCertificate(true);
  if (!leaf?.raw) return null;
  const authErr = socket.authorizationError ? String(socket.authorizationError) : null;
  const chain = servedPart(walkChain(leaf), authErr);
  const entries = chain.map((c) => ({
    subject: formatName(c.subject as never),
    issuer: formatName(c.issuer as never),
    validTo: iso(c.valid_to),
  }));
  // A self-issued root beyond the leaf comes from a trust store, not from the server's
  // renewal cycle; its expiry is not the site's to fix, so it does not count here.
  const counted = entries.filter((e, i) => i === 0 || e.subject !== e.issuer);
  const earliest = counted.map((e) => e.validTo).sort()[0]!; // ISO strings sort by time
  const validTo = iso(leaf.valid_to);
  return {
    authorized: socket.authorized,
    authorizationError: authErr,
    hostnameMatches: checkServerIdentity(hostname, leaf) === undefined,
    protocol: socket.getProtocol(),
    subject: entries[0]!.subject,
    issuer: entries[0]!.issuer,
    altNames: parseAltNames(leaf.subjectaltname),
    validFrom: iso(leaf.valid_from),
    validTo,
    daysToExpiry: Math.floor((Date.parse(validTo) - nowMs) / DAY_MS),
    fingerprint256: leaf.fingerprint256,
    chain: entries,
    earliestValidTo: earliest,
  };
}

/**
 * The check error a certificate earns, or null when it is fine (close to expiry is fine).
 * Precedence: dates first (an expired leaf or served intermediate is what the owner must fix,
 * even when the chain is also untrusted), then the chain's trust, then the hostname.
 */
export function tlsVerdict(info: TlsInfo, nowMs: number): CheckErrorCode | null {
  if (!info.authorized) {
    const expired = info.chain.some(
      (e, i) => (i === 0 || e.subject !== e.issuer) && Date.parse(e.validTo) < nowMs,
    );
    if (expired || info.authorizationError === "CERT_HAS_EXPIRED") return "TLS_CERT_EXPIRED";
    if (Date.parse(info.validFrom) > nowMs) return "TLS_CERT_NOT_YET_VALID";
    return mapAuthorizationError(info.authorizationError ?? "");
  }
  return info.hostnameMatches ? null : "TLS_HOSTNAME_MISMATCH";
}
