import { type DomainMemory, isNews, remember, toObservation } from "../../../probe-fly/observe";
import type { CheckErrorCode } from "../../../schema/wire/error-codes";
import type { Observation } from "../../../schema/wire/observation";
import type { ProbeResult } from "../../../schema/wire/probe-result";
import type { TraceLine } from "./trace";

type ResultLine = Extract<TraceLine, { type: "result" }>;
const DAY_MS = 86_400_000;

/** The ProbeResult a regional probe would have had for a trace's result line. */
function probeResult(line: ResultLine): ProbeResult {
  const iso = (ms: number) => new Date(ms).toISOString();
  // half a day past the whole days, so the probe's floor() gives back the trace's days
  const validTo = line.tls ? iso(line.t + (line.tls.daysToExpiry + 0.5) * DAY_MS) : "";
  return {
    url: `https://${line.domain}.replay/`,
    region: line.region,
    ok: line.ok,
    checkedAt: iso(line.t),
    error: line.error ? { code: line.error as CheckErrorCode, message: line.error } : null,
    httpStatus: line.ok ? 200 : null,
    timings: { dnsMs: 0, connectMs: 0, tlsMs: 0, ttfbMs: 0, totalMs: line.latencyMs },
    tls: line.tls
      ? {
          authorized: line.tls.authorized,
          authorizationError: line.tls.error,
          hostnameMatches: true,
          protocol: "TLSv1.3",
          subject: "",
          issuer: "",
          altNames: [],
          validFrom: iso(line.t - DAY_MS),
          validTo,
          daysToExpiry: line.tls.daysToExpiry,
          fingerprint256: line.tls.fingerprint256,
          chain: [],
          earliestValidTo: validTo,
        }
      : null,
  };
}

/**
 * One region's probe as the pipeline replay sees it: its own observation filter
 * (probe-fly/observe.ts, unchanged), so only what production sends reaches consensus.
 */
export function replayProbe() {
  const memory = new Map<string, DomainMemory>();
  return {
    /** The observation to send for a result line, or null when the probe keeps quiet. */
    observe(line: ResultLine, domainId: string, clockOffsetMs: number): Observation | null {
      const result = probeResult(line);
      const key = `${line.region}\u0000${domainId}`;
      const prev = memory.get(key);
      memory.set(key, remember(result, line.t));
      if (!isNews(prev, result, line.confirm, line.t)) return null;
      const obs = toObservation(result, {
        domainId,
        configVersion: 1,
        confirm: line.confirm,
        completedAt: line.t + clockOffsetMs,
      });
      // the trace states the certificate facts exactly; keep them as stated
      if (line.tls) obs.tls = { ...line.tls, error: line.tls.error as CheckErrorCode | null };
      return obs;
    },
    /** Forgets a deleted domain (the probe heard of the deletion). */
    forget(domainId: string) {
      for (const k of [...memory.keys()]) if (k.endsWith(`\u0000${domainId}`)) memory.delete(k);
    },
  };
}
