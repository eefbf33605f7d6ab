import type { RedisScript, SyncRedis } from "./port";

/**
 * One config change. "upsert" (the API) is refused when Redis already holds this domain at
 * the same or a newer config_version, so a slower request never overwrites a newer one;
 * "put" (the reconcile) rewrites at the same version but not over a newer one; "delete"
 * removes and leaves a tombstone, and nothing but another delete passes a tombstone.
 */
export interface ConfigChange {
  op: "upsert" | "put" | "delete";
  id: string;
  /** The domain's config_version (ignored for delete). */
  domainVersion: number;
  /** JSON DomainConfig (empty for delete). */
  json: string;
}

const FIELDS = 5;

// KEYS: hash, version, log, versions, epoch. ARGV: channel, floor, then FIELDS per change:
// op, id, domainVersion, json, notice prefix ('{"id":…,"op":…,"version":').
// Returns the global version given to each change, 0 where a stale upsert was refused.
const lua = `if redis.call('EXISTS', KEYS[2]) == 0 then
  redis.call('SET', KEYS[2], ARGV[2])
  redis.call('SET', KEYS[5], ARGV[2])
end
local out = {}
for i = 3, #ARGV, ${FIELDS} do
  local op, id, dv = ARGV[i], ARGV[i + 1], ARGV[i + 2]
  local cur = redis.call('HGET', KEYS[4], id)
  local refuse = false
  if cur == 'deleted' then
    refuse = op ~= 'delete'
  elseif cur and op == 'upsert' then
    refuse = tonumber(cur) >= tonumber(dv) and redis.call('HEXISTS', KEYS[1], id) == 1
  elseif cur and op == 'put' then
    refuse = tonumber(cur) > tonumber(dv)
  end
  if refuse then
    out[#out + 1] = 0
  else
    if op == 'delete' then
      redis.call('HDEL', KEYS[1], id)
      redis.call('HSET', KEYS[4], id, 'deleted')
    else
      redis.call('HSET', KEYS[1], id, ARGV[i + 3])
      redis.call('HSET', KEYS[4], id, dv)
    end
    local v = redis.call('INCR', KEYS[2])
    redis.call('ZADD', KEYS[3], v, id)
    -- %.0f: Lua 5.1 prints numbers with 14 digits, and versions have 16
    redis.call('PUBLISH', ARGV[1], ARGV[i + 4] .. string.format('%.0f', v) .. '}')
    out[#out + 1] = v
  end
end
return out`;

function native(s: SyncRedis, keys: string[], args: string[]): number[] {
  const [hash, version, log, versions, epoch] = keys as [string, string, string, string, string];
  if (s.get(version) === null) {
    s.set(version, args[1]!);
    s.set(epoch, args[1]!);
  }
  const out: number[] = [];
  for (let i = 2; i < args.length; i += FIELDS) {
    const [op, id, dv, json, notice] = args.slice(i, i + FIELDS) as string[] as [
      ConfigChange["op"],
      string,
      string,
      string,
      string,
    ];
    const cur = s.hget(versions, id);
    let refuse = false;
    if (cur === "deleted") refuse = op !== "delete";
    else if (cur !== null && op === "upsert") {
      refuse = Number(cur) >= Number(dv) && s.hget(hash, id) !== null;
    } else if (cur !== null && op === "put") refuse = Number(cur) > Number(dv);
    if (refuse) {
      out.push(0);
      continue;
    }
    if (op === "delete") {
      s.hdel(hash, id);
      s.hset(versions, { [id]: "deleted" });
    } else {
      s.hset(hash, { [id]: json });
      s.hset(versions, { [id]: dv });
    }
    const v = s.incr(version);
    s.zadd(log, [{ score: v, member: id }]);
    s.publish(args[0]!, `${notice}${v}}`);
    out.push(v);
  }
  return out;
}

/** Applies config changes, bumps the global version once per change, logs and publishes each. */
export const writeConfigScript: RedisScript<number[]> = {
  name: "config-write",
  lua,
  native,
  parse: (reply) => (reply as unknown[]).map(Number),
};

/** Flattens changes into the script's ARGV (after channel and floor). */
export function changeArgs(changes: ConfigChange[]): string[] {
  return changes.flatMap((c) => {
    const noticeOp = c.op === "delete" ? "delete" : "upsert";
    const prefix = `{"id":${JSON.stringify(c.id)},"op":"${noticeOp}","version":`;
    return [c.op, c.id, String(c.domainVersion), c.json, prefix];
  });
}

/** What a snapshot holds: the epoch, global version, the epoch rebuilt in full, every config. */
export interface ConfigSnapshot {
  epoch: number;
  version: number;
  /** The epoch a reconcile rebuilt the hash for in full (0: none); equal to `epoch` once whole. */
  complete: number;
  entries: [string, string][];
}

/** Epoch, version, completeness and every config in one atomic round trip (a probe's load). */
export const snapshotScript: RedisScript<ConfigSnapshot> = {
  name: "config-snapshot",
  // KEYS: epoch, version, hash, complete
  lua: `return {redis.call('GET', KEYS[1]) or '0', redis.call('GET', KEYS[2]) or '0',
  redis.call('HGETALL', KEYS[3]), redis.call('GET', KEYS[4]) or '0'}`,
  native: (s, keys) => [
    s.get(keys[0]!) ?? "0",
    s.get(keys[1]!) ?? "0",
    s.hgetall(keys[2]!),
    s.get(keys[3]!) ?? "0",
  ],
  transaction: (keys) => [
    ["GET", keys[0]!],
    ["GET", keys[1]!],
    ["HGETALL", keys[2]!],
    ["GET", keys[3]!],
  ],
  parse(reply) {
    const [epoch, version, raw, complete] = reply as [unknown, unknown, unknown, unknown];
    let entries: [string, string][];
    if (Array.isArray(raw)) {
      entries = new Array(raw.length >> 1);
      for (let i = 0; i + 1 < raw.length; i += 2)
        entries[i >> 1] = [String(raw[i]), String(raw[i + 1])];
    } else entries = Object.entries(raw as Record<string, string>);
    return {
      epoch: Number(epoch),
      version: Number(version),
      complete: Number(complete ?? 0),
      entries,
    };
  },
};
