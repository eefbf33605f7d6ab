import { isIP } from "node:net";
import { performance } from "node:perf_hooks";
import type { SecureContext } from "node:tls";
import { type GuardPolicy, type Resolve, resolveGuarded } from "../../adapters/net/guard";
import type { ProbeResult, Timings, TlsInfo } from "../../schema/wire";
import { CheckAbort, type CheckFailure, classifyError } from "./errors";
import { parseExpectStatus, statusMatches } from "./expect-status";
import { fetchOnce, type PartialPhases } from "./http";
import { tlsVerdict } from "./tls";

/** What to check: the fields of a DomainConfig the checker needs. */
export interface CheckTarget {
  url: string;
  method: "GET" | "HEAD";
  expectStatus: string;
  keyword: string | null;
  maxRedirects: number;
  timeoutMs: number;
}

/** The checker's dependencies: one set per process (or per region locally). */
export interface CheckerDeps {
  region: string;
  policy: GuardPolicy;
  secureContext: SecureContext;
  localAddress?: string;
  resolve?: Resolve;
  /** ms since epoch */
  now: () => number;
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

/** Fills in CheckTarget defaults the way DomainConfig does. */
export function checkTarget(
  url: string,
  over: Partial<Omit<CheckTarget, "url">> = {},
): CheckTarget {
  return {
    url,
    method: "GET",
    expectStatus: "200-399",
    keyword: null,
    maxRedirects: 5,
    timeoutMs: 10_000,
    ...over,
  };
}

function round(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}

function parseUrl(raw: string, base?: URL): URL {
  // "localhost:8443" parses as scheme "localhost:"; say what is missing instead
  if (!base && !/^[a-z][a-z\d+.-]*:\/\//i.test(raw)) {
    throw new CheckAbort(
      "INVALID_URL",
      `no http:// or https:// in ${JSON.stringify(raw)}: write e.g. https://${raw}`,
    );
  }
  let url: URL;
  try {
    url = new URL(raw, base);
  } catch {
    throw new CheckAbort("INVALID_URL", `not a URL: ${raw}`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new CheckAbort("INVALID_URL", `unsupported scheme ${url.protocol} in ${raw}`);
  }
  return url;
}

function abortable<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(new CheckAbort("TIMEOUT", "timed out"));
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(new CheckAbort("TIMEOUT", "timed out"));
    signal.addEventListener("abort", onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener("abort", onAbort));
  });
}

/**
 * Runs one check end to end: guard, request, redirects, TLS verdict, status and keyword.
 * Never throws: every failure is a ProbeResult with an error code (CONTRACTS §1).
 * Phase timings are summed over the redirect hops; `tls` describes the first HTTPS hop,
 * which is the certificate of the monitored name (or of its first upgrade to HTTPS).
 */
export async function runCheck(target: CheckTarget, deps: CheckerDeps): Promise<ProbeResult> {
  const startedAt = deps.now();
  // a source address bound to one family can only reach addresses of that family
  const bound = deps.localAddress ? isIP(deps.localAddress) : 0;
  const family = bound === 4 || bound === 6 ? bound : undefined;
  const t0 = performance.now();
  const timings: Timings = { dnsMs: 0, connectMs: 0, tlsMs: 0, ttfbMs: 0, totalMs: 0 };
  let tls: TlsInfo | null = null;
  let httpStatus: number | null = null;
  let error: CheckFailure | null = null;
  // One plain timer per check: cheaper than AbortSignal.timeout, and cleared on completion.
  const controller = new AbortController();
  const { signal } = controller;
  const timer = setTimeout(() => controller.abort(), target.timeoutMs);
  try {
    const range = parseExpectStatus(target.expectStatus);
    if (!range) throw new CheckAbort("INVALID_URL", `bad expected status ${target.expectStatus}`);
    let url = parseUrl(target.url);
    const visited = new Set<string>([url.href]);
    for (let redirects = 0; ; redirects++) {
      const tDns = performance.now();
      const address = await abortable(
        resolveGuarded(url.hostname, { policy: deps.policy, resolve: deps.resolve, family }),
        signal,
      );
      timings.dnsMs += performance.now() - tDns;
      const phases: PartialPhases = { connectMs: 0, tlsMs: 0, ttfbMs: 0 };
      try {
        const hop = await fetchOnce({
          url,
          target: address,
          method: target.method,
          signal,
          wantBody: target.keyword !== null,
          secureContext: deps.secureContext,
          localAddress: deps.localAddress,
          nowMs: startedAt,
          phases,
        });
        httpStatus = hop.status;
        if (hop.tls && !tls) tls = hop.tls;
        const tlsCode = hop.tls ? tlsVerdict(hop.tls, startedAt) : null;
        if (tlsCode) throw new CheckAbort(tlsCode, describeTls(tlsCode, hop.tls!));
        if (REDIRECTS.has(hop.status) && hop.location !== null) {
          if (redirects >= target.maxRedirects) {
            throw new CheckAbort(
              "TOO_MANY_REDIRECTS",
              `more than ${target.maxRedirects} redirects`,
            );
          }
          url = parseUrl(hop.location, url);
          if (visited.has(url.href)) {
            throw new CheckAbort("TOO_MANY_REDIRECTS", `redirect loop back to ${url.href}`);
          }
          visited.add(url.href);
          continue;
        }
        if (!statusMatches(hop.status, range)) {
          throw new CheckAbort(
            "HTTP_STATUS",
            `status ${hop.status}, expected ${target.expectStatus}`,
          );
        }
        if (target.keyword !== null && !(hop.body ?? "").includes(target.keyword)) {
          throw new CheckAbort(
            "KEYWORD_MISSING",
            `body does not contain ${JSON.stringify(target.keyword)}`,
          );
        }
        break;
      } finally {
        timings.connectMs += phases.connectMs;
        timings.tlsMs += phases.tlsMs;
        timings.ttfbMs += phases.ttfbMs;
      }
    }
  } catch (err) {
    error = classifyError(err);
    if (signal.aborted && error.code !== "TIMEOUT" && !(err instanceof CheckAbort)) {
      error = { code: "TIMEOUT", message: `timed out after ${target.timeoutMs} ms` };
    }
    if (error.code === "TIMEOUT") error.message = `timed out after ${target.timeoutMs} ms`;
  } finally {
    clearTimeout(timer);
  }
  timings.totalMs = performance.now() - t0;
  for (const k of Object.keys(timings) as (keyof Timings)[]) timings[k] = round(timings[k]);
  return {
    url: target.url,
    region: deps.region,
    ok: error === null,
    checkedAt: new Date(startedAt).toISOString(),
    error,
    httpStatus,
    timings,
    tls,
  };
}

function describeTls(code: string, info: TlsInfo): string {
  if (code === "TLS_HOSTNAME_MISMATCH") {
    return `certificate is not valid for this host (names: ${info.altNames.join(", ") || info.subject})`;
  }
  if (code === "TLS_CERT_EXPIRED")
    return `certificate has expired (earliest ${info.earliestValidTo})`;
  return `certificate rejected: ${info.authorizationError ?? code}`;
}
