import { randomUUID } from "node:crypto";
import type { DomainConfig } from "../schema/wire/domain-config";

/**
 * A valid DomainConfig (schema/wire/domain-config.ts) with overrides. Each call gets a fresh id,
 * so several configs never collide; pass `id` when the test needs a known one.
 */
export function aDomainConfig(over: Partial<DomainConfig> = {}): DomainConfig {
  return {
    id: randomUUID(),
    orgId: "org-1",
    url: "https://example.test/",
    name: "example",
    regions: ["ams", "iad", "sin"],
    intervalSeconds: 60,
    timeoutMs: 10_000,
    method: "GET",
    expectStatus: "200-399",
    keyword: null,
    maxRedirects: 5,
    sslWarnDays: [30, 14, 7, 3, 1],
    quorum: null,
    paused: false,
    version: 1,
    ...over,
  };
}
