import type { ConfigKeys } from "./config-keys";
import type { RedisPort, RedisScript } from "./port";

// KEYS: log, versions. ARGV: floor, then ids. Removes each id whose log score is below the
// floor and whose domain is deleted (a tombstone); live domains keep their entry.
const lua = `local floor = tonumber(ARGV[1])
local n = 0
for i = 2, #ARGV do
  local id = ARGV[i]
  local score = redis.call('ZSCORE', KEYS[1], id)
  if score and tonumber(score) < floor and redis.call('HGET', KEYS[2], id) == 'deleted' then
    redis.call('ZREM', KEYS[1], id)
    redis.call('HDEL', KEYS[2], id)
    n = n + 1
  end
end
return n`;

/** Forgets deleted domains whose last change is below the floor, atomically per id. */
export const pruneLogScript: RedisScript<number> = {
  name: "config-prune",
  lua,
  native(s, keys, args) {
    const [log, versions] = keys as [string, string];
    const floor = Number(args[0]);
    let n = 0;
    for (const id of args.slice(1)) {
      const score = s.zscore(log, id);
      if (score !== null && score < floor && s.hget(versions, id) === "deleted") {
        s.zrem(log, id);
        s.hdel(versions, id);
        n += 1;
      }
    }
    return n;
  },
  parse: (reply) => Number(reply),
};

const PAGE = 1_000;

/**
 * Bounds the change log and the tombstones: deleted domains changed more than `keepVersions`
 * versions ago are forgotten. The floor is raised first, so a probe that is further behind
 * than what was pruned sees it and reloads in full instead of trusting a shortened log.
 */
export async function pruneConfigLog(
  redis: RedisPort,
  keys: ConfigKeys,
  keepVersions = 100_000,
): Promise<{ floor: number; removed: number }> {
  const current = Number((await redis.get(keys.version)) ?? 0);
  const floor = current - keepVersions;
  const previous = Number((await redis.get(keys.logFloor)) ?? 0);
  if (floor <= previous) return { floor: previous, removed: 0 };
  await redis.set(keys.logFloor, String(floor));
  let removed = 0;
  let offset = 0;
  for (;;) {
    const ids = await redis.zrangebyscore(keys.log, "-inf", `(${floor}`, { offset, count: PAGE });
    if (ids.length === 0) break;
    const gone = await redis.run(
      pruneLogScript,
      [keys.log, keys.versions],
      [String(floor), ...ids],
    );
    removed += gone;
    // removed entries shift the rest down; kept (live) ones stay ahead of the next page
    offset += ids.length - gone;
  }
  return { floor, removed };
}
