import { Resolver } from "node:dns/promises";
import type { Resolve, ResolvedAddress } from "./guard";

/** Options of the c-ares resolver: per-query timeout and tries, and optional servers. */
export interface CaresOptions {
  timeoutMs?: number;
  tries?: number;
  /** "ip" or "ip:port"; the system's resolv.conf servers when omitted. */
  servers?: string[];
}

/**
 * Name resolution through c-ares (A and AAAA queries in parallel) rather than getaddrinfo:
 * getaddrinfo blocks one of libuv's four pool threads per lookup, so a few slow names stall
 * every check behind them. c-ares is asynchronous and has its own timeout. It does not read
 * /etc/hosts, which a probe on the public internet does not need.
 */
export function caresResolve(opts: CaresOptions = {}): Resolve {
  const resolver = new Resolver({ timeout: opts.timeoutMs ?? 2_000, tries: opts.tries ?? 2 });
  if (opts.servers) resolver.setServers(opts.servers);
  return async (hostname) => {
    const [v4, v6] = await Promise.allSettled([
      resolver.resolve4(hostname),
      resolver.resolve6(hostname),
    ]);
    const found: ResolvedAddress[] = [];
    if (v4.status === "fulfilled") for (const a of v4.value) found.push({ address: a, family: 4 });
    if (v6.status === "fulfilled") for (const a of v6.value) found.push({ address: a, family: 6 });
    if (found.length > 0) return found;
    // no address at all: the A query's error says most (ENOTFOUND, ENODATA, ETIMEOUT)
    if (v4.status === "rejected") throw v4.reason;
    if (v6.status === "rejected") throw v6.reason;
    return found;
  };
}
