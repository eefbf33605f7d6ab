import { createHash } from "node:crypto";
import { RedisError, type RedisPort, type StreamEntry } from "./port";

/** Sends one raw command and resolves its raw RESP reply (strings, integers, arrays, null). */
export type SendCommand = (args: string[]) => Promise<unknown>;

const sha1 = (text: string) => createHash("sha1").update(text).digest("hex");

// One EVALSHA appends a whole batch: a single round trip on every networked adapter.
// ARGV: maxLen ("0" = none), then per entry its field count followed by field/value pairs.
const XADD_MANY = `local ids = {}
local i = 2
while i <= #ARGV do
  local n = tonumber(ARGV[i])
  local cmd = {'XADD', KEYS[1]}
  if ARGV[1] ~= '0' then
    cmd[#cmd + 1] = 'MAXLEN'; cmd[#cmd + 1] = '~'; cmd[#cmd + 1] = ARGV[1]
  end
  cmd[#cmd + 1] = '*'
  for j = i + 1, i + n do cmd[#cmd + 1] = ARGV[j] end
  ids[#ids + 1] = redis.call(unpack(cmd))
  i = i + n + 1
end
return ids`;

const str = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));
const int = (v: unknown): number => Number(v);

/** Folds a flat [field, value, …] reply into a record. */
function pairs(reply: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (!Array.isArray(reply)) return out;
  for (let i = 0; i + 1 < reply.length; i += 2) out[String(reply[i])] = String(reply[i + 1]);
  return out;
}

function entries(reply: unknown): StreamEntry[] {
  if (!Array.isArray(reply)) return [];
  return reply.map((e) => ({
    id: String((e as unknown[])[0]),
    fields: pairs((e as unknown[])[1]),
  }));
}

/**
 * A RedisPort over any transport that sends raw commands (ioredis `call`, Upstash `exec`),
 * so the networked adapters share one mapping of replies and differ only in transport.
 */
export function commandPort(
  send: SendCommand,
  opts: { transaction?: (commands: string[][]) => Promise<unknown[]> } = {},
): RedisPort {
  const shas = new Map<string, string>();

  async function evalScript(lua: string, keys: string[], args: string[]): Promise<unknown> {
    let sha = shas.get(lua);
    if (!sha) {
      sha = sha1(lua);
      shas.set(lua, sha);
    }
    const tail = [String(keys.length), ...keys, ...args];
    try {
      return await send(["EVALSHA", sha, ...tail]);
    } catch (err) {
      if (!(err instanceof RedisError) || !/NOSCRIPT/i.test(err.message)) throw err;
      return send(["EVAL", lua, ...tail]);
    }
  }

  return {
    get: async (key) => str(await send(["GET", key])),
    async set(key, value, opts) {
      const args = ["SET", key, value];
      if (opts?.px !== undefined) args.push("PX", String(opts.px));
      if (opts?.nx) args.push("NX");
      return (await send(args)) !== null;
    },
    async mset(values) {
      const flat = Object.entries(values).flat();
      if (flat.length > 0) await send(["MSET", ...flat]);
    },
    del: async (...keys) => (keys.length === 0 ? 0 : int(await send(["DEL", ...keys]))),
    incr: async (key) => int(await send(["INCR", key])),
    pexpire: async (key, ms) => int(await send(["PEXPIRE", key, String(ms)])) === 1,
    hget: async (key, field) => str(await send(["HGET", key, field])),
    async hmget(key, fields) {
      if (fields.length === 0) return [];
      const reply = (await send(["HMGET", key, ...fields])) as unknown[];
      return reply.map(str);
    },
    hgetall: async (key) => pairs(await send(["HGETALL", key])),
    async hset(key, fields) {
      const flat = Object.entries(fields).flat();
      return flat.length === 0 ? 0 : int(await send(["HSET", key, ...flat]));
    },
    hdel: async (key, ...fields) =>
      fields.length === 0 ? 0 : int(await send(["HDEL", key, ...fields])),
    hlen: async (key) => int(await send(["HLEN", key])),
    async zadd(key, members) {
      if (members.length === 0) return 0;
      const flat = members.flatMap((m) => [String(m.score), m.member]);
      return int(await send(["ZADD", key, ...flat]));
    },
    async zrangebyscore(key, min, max, opts) {
      const args = ["ZRANGEBYSCORE", key, String(min), String(max)];
      if (opts) args.push("LIMIT", String(opts.offset), String(opts.count));
      return ((await send(args)) as unknown[]).map(String);
    },
    zremrangebyscore: async (key, min, max) =>
      int(await send(["ZREMRANGEBYSCORE", key, String(min), String(max)])),
    async zscore(key, member) {
      const s = await send(["ZSCORE", key, member]);
      return s === null || s === undefined ? null : Number(s);
    },
    publish: async (channel, message) => int(await send(["PUBLISH", channel, message])),
    async xaddMany(key, batch, maxLen) {
      if (batch.length === 0) return [];
      const args = [String(maxLen ?? 0)];
      for (const fields of batch) {
        const flat = Object.entries(fields).flat();
        args.push(String(flat.length), ...flat);
      }
      return ((await evalScript(XADD_MANY, [key], args)) as unknown[]).map(String);
    },
    async xrange(key, start, end, count) {
      const args = ["XRANGE", key, start, end];
      if (count !== undefined) args.push("COUNT", String(count));
      return entries(await send(args));
    },
    xdel: async (key, ids) => (ids.length === 0 ? 0 : int(await send(["XDEL", key, ...ids]))),
    xtrimMinId: async (key, minId) => int(await send(["XTRIM", key, "MINID", minId])),
    xlen: async (key) => int(await send(["XLEN", key])),
    xtrimMaxLen: async (key, maxLen) =>
      int(await send(["XTRIM", key, "MAXLEN", "~", String(maxLen)])),
    async xgroupCreate(key, group, startId = "0") {
      try {
        await send(["XGROUP", "CREATE", key, group, startId, "MKSTREAM"]);
        return true;
      } catch (err) {
        if (err instanceof RedisError && /BUSYGROUP/.test(err.message)) return false;
        throw err;
      }
    },
    async xreadgroup(key, group, consumer, count) {
      const args = ["XREADGROUP", "GROUP", group, consumer, "COUNT", String(count)];
      const reply = await send([...args, "STREAMS", key, ">"]);
      // [[key, entries]] for a stream, or null when nothing new arrived
      if (!Array.isArray(reply) || reply.length === 0) return [];
      return entries((reply[0] as unknown[])[1]);
    },
    xack: async (key, group, ids) =>
      ids.length === 0 ? 0 : int(await send(["XACK", key, group, ...ids])),
    async xautoclaim(key, group, consumer, minIdleMs, start, count) {
      const reply = (await send([
        "XAUTOCLAIM",
        key,
        group,
        consumer,
        String(minIdleMs),
        start,
        "COUNT",
        String(count),
      ])) as unknown[];
      // entries deleted while pending come back as nulls (Redis 6.2) or in a third element (7)
      const claimed = ((reply[1] as unknown[]) ?? []).filter((e) => Array.isArray(e));
      return { next: String(reply[0]), entries: entries(claimed) };
    },
    async xpendingCount(key, group) {
      const reply = (await send(["XPENDING", key, group])) as unknown[];
      return int(reply[0]);
    },
    async run(script, keys, args) {
      if (script.transaction && opts.transaction) {
        return script.parse(await opts.transaction(script.transaction(keys, args)));
      }
      return script.parse(await evalScript(script.lua, keys, args));
    },
    async ping() {
      await send(["PING"]);
    },
  };
}
