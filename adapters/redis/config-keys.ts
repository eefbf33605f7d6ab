import { redisKeys } from "../../schema/redis-keys";

/** The Redis names of the config broadcast; a prefix isolates tests sharing one server. */
export interface ConfigKeys {
  hash: string;
  version: string;
  log: string;
  logFloor: string;
  versions: string;
  epoch: string;
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
    channel: prefix + redisKeys.configChanged,
  };
}
