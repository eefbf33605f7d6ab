import type { Clock } from "../../adapters/clock/clock";
import type { Database } from "../../adapters/db/types";
import type { Logger } from "../../adapters/log/logger";
import type { ConfigBroadcast } from "../../adapters/redis/config-broadcast";
import type { RedisPort } from "../../adapters/redis/port";
import type { ApiConfig } from "./config";

/** Everything the API needs, passed in: createApp(deps) builds no client of its own. */
export interface ApiDeps {
  db: Database;
  /** The time-series DB (roll-ups for uptime); without it, uptime buckets have no checks. */
  timeseries?: Database;
  redis: RedisPort;
  /** The config broadcast writer over `redis` (its keys may be prefixed in tests). */
  broadcast: ConfigBroadcast;
  config: ApiConfig;
  log: Logger;
  clock: Clock;
}
