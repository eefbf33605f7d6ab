import type { ApiConfig } from "../config";
import { ApiError } from "../errors";
import type { PlanLimits, PlanTier } from "../plans";
import type { CreateDomainBody } from "./schemas";

/** Everything that decides how a domain is checked (the columns the API writes). */
export interface DomainSettings {
  url: string;
  name: string;
  regions: string[];
  intervalSeconds: number;
  timeoutMs: number;
  quorum: number | null;
  method: "GET" | "HEAD";
  expectStatus: string;
  keyword: string | null;
  maxRedirects: number;
  sslWarnDays: number[];
  paused: boolean;
}

/** A new domain's settings: the body over defaults that fit the plan. */
export function settingsForCreate(
  body: CreateDomainBody,
  limits: PlanLimits,
  config: Pick<ApiConfig, "regions">,
): DomainSettings {
  const intervalSeconds = body.intervalSeconds ?? Math.max(60, limits.minIntervalSeconds);
  return {
    url: body.url,
    name: body.name ?? new URL(body.url).hostname,
    regions: body.regions ?? config.regions.slice(0, Math.min(3, limits.maxRegions)),
    intervalSeconds,
    timeoutMs: body.timeoutMs ?? Math.min(10_000, intervalSeconds * 1000),
    quorum: body.quorum ?? null,
    method: body.method ?? "GET",
    expectStatus: body.expectStatus ?? "200-399",
    keyword: body.keyword ?? null,
    maxRedirects: body.maxRedirects ?? 5,
    sslWarnDays: body.sslWarnDays ?? [30, 14, 7, 3, 1],
    paused: body.paused ?? false,
  };
}

/**
 * Refuses settings past the plan (422 plan_limit) or inconsistent with each other (422).
 * `floorSeconds` is the deployment's MIN_INTERVAL_SECONDS: an interval under it is refused
 * naming that setting, since no plan can lift it.
 */
export function checkSettings(
  s: DomainSettings,
  limits: PlanLimits,
  plan: PlanTier,
  floorSeconds = 0,
): void {
  if (s.regions.length > limits.maxRegions) {
    throw new ApiError(
      "plan_limit_value",
      `the ${plan} plan allows at most ${limits.maxRegions} region(s) per domain`,
      "regions",
    );
  }
  if (s.intervalSeconds < floorSeconds && limits.minIntervalSeconds <= floorSeconds) {
    throw new ApiError(
      "unprocessable",
      `a check interval must be ${floorSeconds} s or more here (MIN_INTERVAL_SECONDS=${floorSeconds})`,
      "intervalSeconds",
    );
  }
  if (s.intervalSeconds < limits.minIntervalSeconds) {
    throw new ApiError(
      "plan_limit_value",
      `the ${plan} plan allows a check interval of ${limits.minIntervalSeconds} s or more`,
      "intervalSeconds",
    );
  }
  if (s.quorum !== null && s.quorum > s.regions.length) {
    throw new ApiError(
      "unprocessable",
      `quorum ${s.quorum} is more than the ${s.regions.length} region(s) checking`,
      "quorum",
    );
  }
  if (s.timeoutMs > s.intervalSeconds * 1000) {
    throw new ApiError(
      "unprocessable",
      "timeoutMs must not exceed the check interval",
      "timeoutMs",
    );
  }
}
