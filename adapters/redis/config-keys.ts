import { redisKeys } from "../../schema/redis-keys";

/** The Redis names of the config broadcast; a prefix isolates tests sharing one server. */
export interface ConfigKeys {
  hash: string;
  version: string;
  log: string;
  logFloor: string;
  versions: string;
  epoch: string;
  /** The epoch rebuilt in full (see schema/redis-keys.ts configComplete). */
  complete: string;
  channel: string;
}

/** The production names (schema/redis-keys.ts), optionally prefixed. */
export function configKeys(prefix = ""): ConfigKeys {
  return {
    hash: prefix + redisKeys.configHash,
    version: prefix + redisKeys.configVersion,
    log: prefix + redisKeys.configLog,
    logFloor: prefix + redisKeys.configLogFloor,
    versions: prefix + redisKeys.configVersions,
    epoch: prefix + redisKeys.configEpoch,
    complete: prefix + redisKeys.configComplete,
    channel: prefix + redisKeys.configChanged,
  };
}
