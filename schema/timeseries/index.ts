export * from "./cert-observations";
export * from "./latency-histogram";
export * from "./probe-results";
export * from "./rollups-daily";
export * from "./rollups-daily-all";
export * from "./rollups-hourly";
