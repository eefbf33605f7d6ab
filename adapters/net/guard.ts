import { lookup } from "node:dns/promises";
import { isIP } from "node:net";
import { type AddressClass, classifyAddress, NON_PUBLIC_CLASSES } from "./address-class";

/** One address a name resolved to. */
export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

/** Name resolution as a dependency, so tests and benches can pin names without a DNS server. */
export type Resolve = (hostname: string) => Promise<ResolvedAddress[]>;

/** getaddrinfo through Node (honours /etc/hosts), every address in resolver order. */
export const systemResolve: Resolve = async (hostname) => {
  const found = await lookup(hostname, { all: true, verbatim: true });
  return found.map((a) => ({ address: a.address, family: a.family === 6 ? 6 : 4 }));
};

/** Which non-public address classes an operator allows; public addresses are always allowed. */
export interface GuardPolicy {
  allow: ReadonlySet<AddressClass>;
}

/** `true` allows every class (the local stack, `--allow-private`); a list allows only those. */
export function guardPolicy(allowPrivate: boolean | readonly AddressClass[]): GuardPolicy {
  if (allowPrivate === true) return { allow: new Set(NON_PUBLIC_CLASSES) };
  return { allow: new Set(allowPrivate === false ? [] : allowPrivate) };
}

/** Why a target was refused before any connection was opened. */
export class GuardError extends Error {
  constructor(
    readonly code: "BLOCKED_ADDRESS" | "DNS_NOT_FOUND",
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = "GuardError";
  }
}

/** The address to connect to: checked once, used as is (no second resolution). */
export interface GuardedAddress extends ResolvedAddress {
  cls: AddressClass;
}

/** Strips the brackets URL.hostname keeps around IPv6 literals. */
export function bareHost(hostname: string): string {
  return hostname.startsWith("[") && hostname.endsWith("]") ? hostname.slice(1, -1) : hostname;
}

function isAllowed(cls: AddressClass, policy: GuardPolicy): boolean {
  return cls === "public" || policy.allow.has(cls);
}

/**
 * Resolves a host and returns the first address the policy allows. Connecting to exactly this
 * address (not the name) closes the DNS-rebinding window between the check and the connect.
 */
export async function resolveGuarded(
  hostname: string,
  deps: {
    policy: GuardPolicy;
    resolve?: Resolve;
    /** Only this family can be reached (a bound source address of that family). */
    family?: 4 | 6;
  },
): Promise<GuardedAddress> {
  const host = bareHost(hostname);
  const literal = isIP(host);
  let candidates: ResolvedAddress[];
  if (literal) {
    candidates = [{ address: host, family: literal === 6 ? 6 : 4 }];
  } else {
    try {
      candidates = await (deps.resolve ?? systemResolve)(host);
    } catch (err) {
      const code = (err as { code?: string }).code ?? "ENOTFOUND";
      throw new GuardError("DNS_NOT_FOUND", `${host}: ${code}`, { cause: err });
    }
    if (candidates.length === 0) throw new GuardError("DNS_NOT_FOUND", `${host}: no addresses`);
  }
  if (deps.family) {
    const family = deps.family;
    candidates = candidates.filter((c) => c.family === family);
    if (candidates.length === 0)
      throw new GuardError("DNS_NOT_FOUND", `${host}: no IPv${family} address`);
  }
  let first: GuardedAddress | undefined;
  for (const c of candidates) {
    const cls = classifyAddress(c.address);
    if (isAllowed(cls, deps.policy)) return { ...c, cls };
    first ??= { ...c, cls };
  }
  const what = literal
    ? `${host} is a refused address (${first!.cls})`
    : `${host} resolves to a refused address: ${first!.address} (${first!.cls})`;
  throw new GuardError("BLOCKED_ADDRESS", `${what}; allowing private targets permits it`);
}

/**
 * Options for node:http(s) `request` that connect to the checked address while keeping the
 * name for the Host header and for TLS SNI (SNI must not carry an IP literal).
 */
export function pinnedRequestOptions(url: URL, target: ResolvedAddress) {
  const host = bareHost(url.hostname);
  return {
    host: target.address,
    family: target.family,
    port: url.port ? Number(url.port) : url.protocol === "https:" ? 443 : 80,
    path: `${url.pathname}${url.search}`,
    setHost: false,
    servername: isIP(host) ? undefined : host,
    hostHeader: url.host,
  };
}
