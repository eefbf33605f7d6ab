import { describe } from "vitest";
import { loadTestServicesConfig, type TestServicesConfig } from "./config";

type ServiceVar = keyof TestServicesConfig["urls"];

const config = loadTestServicesConfig();

/**
 * The URL of a real service for an `.int.test.ts` suite, or undefined when it is not set.
 * With CI=true a missing URL throws, so CI fails instead of skipping silently.
 */
export function serviceUrl(name: ServiceVar): string | undefined {
  const url = config.urls[name];
  if (url) return url;
  if (config.ci) {
    throw new Error(`${name} is not set: CI must run every integration suite`);
  }
  return undefined;
}

/** `describe` that runs when every named service URL is set (and fails in CI when one is not). */
export function describeWith(names: ServiceVar[], title: string, fn: () => void): void {
  const missing = names.filter((n) => serviceUrl(n) === undefined);
  describe.skipIf(missing.length > 0)(`${title} [${names.join(", ")}]`, fn);
}
