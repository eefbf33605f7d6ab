import { type Clock, systemClock } from "../clock/clock";
import type { ConfigKeys } from "./config-keys";
import type { RedisPort, RedisScript } from "./port";

// KEYS: version, epoch. ARGV: floor. Starts an epoch on a fresh (wiped) Redis, as the first
// config write would, and returns the current one.
const beginLua = `if redis.call('EXISTS', KEYS[1]) == 0 then
  redis.call('SET', KEYS[1], ARGV[1])
  redis.call('SET', KEYS[2], ARGV[1])
end
return redis.call('GET', KEYS[2]) or '0'`;

/** Returns the config epoch, starting one (version = epoch = floor) when Redis has none. */
export const beginEpochScript: RedisScript<number> = {
  name: "config-epoch-begin",
  lua: beginLua,
  native(s, keys, args) {
    const [version, epoch] = keys as [string, string];
    if (s.get(version) === null) {
      s.set(version, args[0]!);
      s.set(epoch, args[0]!);
    }
    return s.get(epoch) ?? "0";
  },
  parse: (reply) => Number(reply),
};

// KEYS: epoch, complete. ARGV: the epoch the rebuild began in. Marks it complete only if
// Redis is still in that epoch: a wipe during the rebuild leaves a hash it did not fill.
const markLua = `if redis.call('GET', KEYS[1]) == ARGV[1] then
  redis.call('SET', KEYS[2], ARGV[1])
  return 1
end
return 0`;

/** Records that the config hash of an epoch was rebuilt in full; 0 when the epoch moved on. */
export const markCompleteScript: RedisScript<boolean> = {
  name: "config-epoch-complete",
  lua: markLua,
  native(s, keys, args) {
    const [epoch, complete] = keys as [string, string];
    if (s.get(epoch) !== args[0]) return 0;
    s.set(complete, args[0]!);
    return 1;
  },
  parse: (reply) => Number(reply) === 1,
};

/**
 * Before a full rebuild of the config hash: the epoch it rebuilds (started now on a wiped
 * Redis, at the same floor a first write would use: now in µs).
 */
export function beginRebuild(redis: RedisPort, keys: ConfigKeys, clock: Clock = systemClock) {
  return redis.run(beginEpochScript, [keys.version, keys.epoch], [String(clock.now() * 1000)]);
}

/** After a full rebuild begun in `epoch`: marks it complete, false if Redis was wiped since. */
export function markRebuilt(redis: RedisPort, keys: ConfigKeys, epoch: number) {
  return redis.run(markCompleteScript, [keys.epoch, keys.complete], [String(epoch)]);
}
