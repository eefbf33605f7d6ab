import type { Clock } from "../clock/clock";
import { compareStreamIds, emptyStream, type MemoryStore, type StreamGroup } from "./memory-store";
import { RedisError, type StreamEntry } from "./port";

/** Consumer-group commands of the in-process adapter, with Redis's semantics. */
export function memoryStreamGroups(store: MemoryStore, clock: Clock) {
  function group(key: string, name: string): { entries: StreamEntry[]; g: StreamGroup } {
    const s = store.read(key, "stream");
    const g = s?.groups?.get(name);
    if (!s || !g) {
      throw new RedisError("REDIS_COMMAND", `NOGROUP No such key '${key}' or consumer group`);
    }
    return { entries: s.value, g };
  }
  const copy = (e: StreamEntry): StreamEntry => ({ id: e.id, fields: { ...e.fields } });

  return {
    xgroupCreate(key: string, name: string, startId = "0"): boolean {
      const s = store.read(key, "stream") ?? store.create(key, emptyStream());
      s.groups ??= new Map();
      if (s.groups.has(name)) return false;
      const lastId =
        startId === "$"
          ? `${s.last[0]}-${Math.max(0, s.last[1])}`
          : startId === "0"
            ? "0-0"
            : startId;
      s.groups.set(name, { lastId, pending: new Map() });
      return true;
    },
    xreadgroup(key: string, name: string, consumer: string, count: number): StreamEntry[] {
      const { entries, g } = group(key, name);
      const out: StreamEntry[] = [];
      for (const e of entries) {
        if (out.length >= count) break;
        if (compareStreamIds(e.id, g.lastId) <= 0) continue;
        g.pending.set(e.id, { consumer, deliveredAt: clock.now() });
        g.lastId = e.id;
        out.push(copy(e));
      }
      return out;
    },
    xack(key: string, name: string, ids: string[]): number {
      const s = store.read(key, "stream");
      const g = s?.groups?.get(name);
      if (!g) return 0;
      return ids.filter((id) => g.pending.delete(id)).length;
    },
    xautoclaim(
      key: string,
      name: string,
      consumer: string,
      minIdleMs: number,
      start: string,
      count: number,
    ): { next: string; entries: StreamEntry[] } {
      const { entries, g } = group(key, name);
      const byId = new Map(entries.map((e) => [e.id, e]));
      const ids = [...g.pending.keys()]
        .filter((id) => compareStreamIds(id, start) >= 0)
        .sort(compareStreamIds);
      const now = clock.now();
      const out: StreamEntry[] = [];
      let scanned = 0;
      for (const id of ids) {
        if (scanned >= count) return { next: id, entries: out };
        scanned += 1;
        const p = g.pending.get(id)!;
        if (now - p.deliveredAt < minIdleMs) continue;
        const e = byId.get(id);
        // an entry trimmed away while pending cannot be delivered again: Redis drops it too
        if (!e) {
          g.pending.delete(id);
          continue;
        }
        g.pending.set(id, { consumer, deliveredAt: now });
        out.push(copy(e));
      }
      return { next: "0-0", entries: out };
    },
    xpendingCount(key: string, name: string): number {
      return group(key, name).g.pending.size;
    },
  };
}
