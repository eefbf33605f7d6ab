/** Every Redis key and channel name, in one place. */
export const redisKeys = {
  /** Hash: domain id → JSON DomainConfig. The probes' whole world. */
  configHash: "dp:cfg",
  /** Pub/Sub channel: JSON ConfigNotice after each config write. */
  configChanged: "dp:cfg:changed",
  /** String: the global, monotonically increasing config version. */
  configVersion: "dp:cfg:version",
  /** Sorted set: domain id scored by the global version of its last change (gap resync). */
  configLog: "dp:cfg:log",
  /** Stream: every probe result of one region, for ingest. */
  resultsStream: (region: string) => `dp:results:${region}`,
  /** Pub/Sub channel: confirm-on-failure requests. */
  confirmRequests: "dp:confirm",
  /** String: current status JSON of a domain, for the edge and the API. */
  domainStatus: (domainId: string) => `dp:status:${domainId}`,
  /**
   * Hash: region → JSON RegionStatus of the domain's latest check there, and region + "@" → its
   * checkedAt; written by ingest each cycle (expires when no region reports for a day).
   */
  regionChecks: (domainId: string) => `dp:status:${domainId}:regions`,
  /** Alert engine state of a domain (votes, flap history). */
  alertState: (domainId: string) => `dp:alert:${domainId}`,
  /** Hash: domain id → its config_version in dp:cfg ("deleted" once removed); refuses stale writes. */
  configVersions: "dp:cfg:ver",
  /** String: the version floor at which the current dp:cfg:version began (changes on a wipe). */
  configEpoch: "dp:cfg:epoch",
  /** String: the epoch whose dp:cfg a reconcile rebuilt in full; probes reload only from such a hash. */
  configComplete: "dp:cfg:complete",
  /** Counter: API requests of one key or user (key:<id>, user:<sub>) in one minute window (expires after two). */
  apiRateLimit: (principal: string, minute: number) => `dp:rl:${principal}:${minute}`,
  /** String: versions below it may be pruned from dp:cfg:log; a probe behind it reloads. */
  configLogFloor: "dp:cfg:log:floor",
  /** String: JSON StatusPageModel of a public status page, for the edge. */
  statusPage: (slug: string) => `dp:sp:${slug}`,
  /** String: the slug served on a customer's own hostname. */
  statusPageHost: (hostname: string) => `dp:sp:host:${hostname}`,
  /** Hash: status page id → JSON { slug, customHostname } published, so a rename drops old keys. */
  statusPageIndex: "dp:sp:index",
  /** Hash: YYYY-MM-DD (UTC) → "checks,failures" of one domain, the last 90 days. */
  dailyBars: (domainId: string) => `dp:days:${domainId}`,
  /** Hash: incident id → JSON IncidentSummary of one domain (open ones and recent history). */
  incidentSummaries: (domainId: string) => `dp:incs:${domainId}`,
  /** Hash: window id → JSON MaintenanceWindow of one domain (scheduled and current). */
  maintenanceWindows: (domainId: string) => `dp:maint:${domainId}`,
} as const;
