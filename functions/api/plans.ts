import type { ApiConfig } from "./config";

/** A plan tier, as stored on the organization. */
export type PlanTier = "free" | "pro" | "business";

/** What a plan allows. */
export interface PlanLimits {
  maxDomains: number;
  maxRegions: number;
  minIntervalSeconds: number;
}

/**
 * The limits of a plan under this deployment's settings. The top plan reaches the system's
 * floor (MIN_INTERVAL_SECONDS, which a local stack may set to 1); the others stay above it.
 */
export function planLimits(
  plan: PlanTier,
  config: Pick<ApiConfig, "regions" | "minIntervalSeconds">,
): PlanLimits {
  const floor = config.minIntervalSeconds;
  switch (plan) {
    case "free":
      return { maxDomains: 5, maxRegions: 1, minIntervalSeconds: Math.max(300, floor) };
    case "pro":
      return { maxDomains: 50, maxRegions: 3, minIntervalSeconds: Math.max(60, floor) };
    case "business":
      return { maxDomains: 1_000, maxRegions: config.regions.length, minIntervalSeconds: floor };
  }
}
