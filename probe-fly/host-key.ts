import { isIP } from "node:net";
import { bareHost } from "../adapters/net/guard";

// Second-level labels under which registries sell names (co.uk, com.au, …): without a
// public-suffix list, a short label under a two-letter TLD is the usual case.
const SHORT_SLD = /^(co|com|net|org|gov|edu|ac|or|ne|go)$/;

/**
 * The key the per-host concurrency cap counts by: the registrable part of the name, so a
 * customer's 500 subdomains on one server share one budget. IP literals stand for themselves.
 */
export function hostKey(url: string): string {
  let host: string;
  try {
    host = bareHost(new URL(url).hostname).toLowerCase();
  } catch {
    return url;
  }
  if (isIP(host)) return host;
  const labels = host.replace(/\.$/, "").split(".");
  const take =
    labels.length >= 3 && labels.at(-1)!.length === 2 && SHORT_SLD.test(labels.at(-2)!) ? 3 : 2;
  return labels.slice(-take).join(".");
}
