import type { ProbeResult } from "../../schema/wire";

/** A readable, few-line summary of one result for people at a terminal. */
export function formatSummary(r: ProbeResult): string {
  const t = r.timings;
  const lines = [
    `${r.ok ? "PASS" : "FAIL"} ${r.url} (region ${r.region})`,
    r.error ? `  error   ${r.error.code}: ${r.error.message}` : null,
    `  status  ${r.httpStatus ?? "no response"}`,
    `  timing  total ${t.totalMs} ms (dns ${t.dnsMs}, connect ${t.connectMs}, tls ${t.tlsMs}, ttfb ${t.ttfbMs})`,
  ];
  if (r.tls) {
    const tls = r.tls;
    lines.push(
      `  tls     ${tls.protocol ?? "?"} ${tls.authorized ? "trusted" : `untrusted (${tls.authorizationError})`}, hostname ${tls.hostnameMatches ? "matches" : "does not match"}`,
      `  cert    ${tls.subject} issued by ${tls.issuer}`,
      `  expiry  ${tls.validTo} (${tls.daysToExpiry} days); earliest in served chain ${tls.earliestValidTo}`,
    );
  }
  return lines.filter((l) => l !== null).join("\n");
}
