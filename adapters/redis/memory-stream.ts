import type { Clock } from "../clock/clock";
import { compareStreamIds, emptyStream, type MemoryStore } from "./memory-store";
import type { StreamEntry } from "./port";

/** Resolves an XRANGE bound to a predicate on entry ids. */
function rangeTest(b: string, side: "start" | "end"): (id: string) => boolean {
  if (b === "-") return () => true;
  if (b === "+") return () => true;
  const exclusive = b.startsWith("(");
  let id = exclusive ? b.slice(1) : b;
  // "123" means 123-0 as a start and 123-<max> as an end, as in Redis
  if (!id.includes("-")) id = side === "start" ? `${id}-0` : `${id}-${Number.MAX_SAFE_INTEGER}`;
  if (side === "start") {
    return exclusive ? (x) => compareStreamIds(x, id) > 0 : (x) => compareStreamIds(x, id) >= 0;
  }
  return exclusive ? (x) => compareStreamIds(x, id) < 0 : (x) => compareStreamIds(x, id) <= 0;
}

/** Stream commands of the in-process adapter (XADD ids are "ms-seq", like Redis). */
export function memoryStreams(store: MemoryStore, clock: Clock) {
  function stream(key: string) {
    return store.read(key, "stream");
  }
  return {
    xaddMany(key: string, entries: Record<string, string>[], maxLen?: number): string[] {
      const s = stream(key) ?? store.create(key, emptyStream());
      const ids = entries.map((fields) => {
        const now = Math.max(clock.now(), s.last[0]);
        const seq = now === s.last[0] ? s.last[1] + 1 : 0;
        s.last = [now, seq];
        const id = `${now}-${seq}`;
        s.value.push({ id, fields: { ...fields } });
        return id;
      });
      if (maxLen !== undefined && s.value.length > maxLen) {
        s.value.splice(0, s.value.length - maxLen);
      }
      return ids;
    },
    xrange(key: string, start: string, end: string, count?: number): StreamEntry[] {
      const s = stream(key);
      if (!s) return [];
      const lo = rangeTest(start, "start");
      const hi = rangeTest(end, "end");
      const out: StreamEntry[] = [];
      for (const e of s.value) {
        if (count !== undefined && out.length >= count) break;
        if (lo(e.id) && hi(e.id)) out.push({ id: e.id, fields: { ...e.fields } });
      }
      return out;
    },
    xdel(key: string, ids: string[]): number {
      const s = stream(key);
      if (!s) return 0;
      const gone = new Set(ids);
      const before = s.value.length;
      s.value = s.value.filter((e) => !gone.has(e.id));
      return before - s.value.length;
    },
    xtrimMinId(key: string, minId: string): number {
      const s = stream(key);
      if (!s) return 0;
      const before = s.value.length;
      s.value = s.value.filter((e) => compareStreamIds(e.id, minId) >= 0);
      return before - s.value.length;
    },
    xtrimMaxLen(key: string, maxLen: number): number {
      const s = stream(key);
      if (!s || s.value.length <= maxLen) return 0;
      return s.value.splice(0, s.value.length - maxLen).length;
    },
    xlen: (key: string) => stream(key)?.value.length ?? 0,
  };
}
