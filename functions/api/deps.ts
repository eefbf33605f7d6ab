import type { Clock } from "../../adapters/clock/clock";
import type { Database } from "../../adapters/db/types";
import type { Logger } from "../../adapters/log/logger";
import type { QueuePort } from "../../adapters/queue/port";
import type { ConfigBroadcast } from "../../adapters/redis/config-broadcast";
import type { RedisPort } from "../../adapters/redis/port";
import type { ApiConfig } from "./config";
import type { EventHub } from "./events/hub";
import type { OidcVerifier } from "./signin/oidc";

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
  /** Sign-in with the identity provider's JWTs; absent: API keys only. */
  oidc?: OidcVerifier;
  /** Operator acknowledgements go to consensus through it; absent: the engine is not told. */
  queue?: QueuePort;
  /** Fan-out of GET /v1/events; built by createApp when absent. */
  events?: EventHub;
}
