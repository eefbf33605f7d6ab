import type { StreamEntry } from "../../adapters/redis/port";
import type { NewProbeResultRow } from "../../schema/timeseries/probe-results";
import { ProbeResultRecord } from "../../schema/wire/probe-result";
import { entryRecords } from "../../schema/wire/results-stream";

/** One (domain, region): every record of a parse shares its object, a cheap key for grouping. */
export interface Series {
  domainId: string;
  region: string;
}

/** A parsed result: its raw row plus what roll-ups, certificates and status need. */
export interface IngestRecord {
  row: NewProbeResultRow & { ts: Date };
  tls: ProbeResultRecord["tls"];
  series: Series;
}

/**
 * What a parse has kept of one series: its check times and, beside them, the records' parsed
 * wire form, and whether they arrived in time order.
 */
interface SeenTimes {
  series: Series;
  times: number[];
  max: number;
  parsed: ProbeResultRecord[];
  ascending: boolean;
}

/** What parsing a read of stream entries gave: records, and how many were refused. */
export interface ParsedEntries {
  /** In probe_results' key order: by domain id, region, then check time. */
  records: IngestRecord[];
  /** Records refused by their schema, plus entries that could not be read at all. */
  rejected: number;
}

/** The idempotency key of a result: one row per domain, region and check time. */
export const recordKey = (r: { domainId: string; region: string; ts: Date }) =>
  `${r.domainId}|${r.region}|${r.ts.getTime()}`;

/** One record → its probe_results row (`at`: its check time in epoch ms, when known). */
export function toRow(rec: ProbeResultRecord, at = Date.parse(rec.checkedAt)): IngestRecord["row"] {
  const t = rec.timings;
  return {
    ts: new Date(at),
    domainId: rec.domainId.toLowerCase(), // as the uuid column reads it back
    region: rec.region,
    ok: rec.ok,
    errorCode: rec.error?.code ?? null,
    httpStatus: rec.httpStatus,
    dnsMs: t.dnsMs,
    connectMs: t.connectMs,
    tlsMs: t.tlsMs,
    ttfbMs: t.ttfbMs,
    totalMs: t.totalMs,
    tlsDaysToExpiry: rec.tls?.daysToExpiry ?? null,
  };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Parses stream entries (see schema/wire/results-stream.ts) against the wire schema. A record
 * that is not valid (wrong shape, a domain id the column cannot hold, an unparseable time) is
 * counted and dropped, never retried: it would fail the same way forever; the other records of
 * its entry are kept. An entry that is not JSON of either format counts once. Duplicates within
 * the read (the same domain, region and time) are kept once.
 *
 * The records come out in probe_results' key order (domain id as lowercase text, which is a
 * UUID's byte order, region, time): inserted in that order, consecutive rows land on the same
 * primary-key leaf page, where an arrival order costs PostgreSQL about twice as much per row
 * (1.3 s against 0.7 s for 300k rows into a partition holding 300k). The order is a speed-up,
 * not a rule.
 */
export function parseEntries(entries: readonly StreamEntry[]): ParsedEntries {
  // one lookup per record by domain and region; a probe emits a series in time order, so a
  // time past the series' latest is new without searching (a UUID has a fixed length, so
  // domainId + region is unambiguous)
  const seen = new Map<string, SeenTimes>();
  let rejected = 0;
  for (const e of entries) {
    const list = entryRecords(e.fields);
    if (list === null) {
      rejected += 1;
      continue;
    }
    for (const json of list) {
      const parsed = ProbeResultRecord.safeParse(json);
      if (!parsed.success || !UUID.test(parsed.data.domainId)) {
        rejected += 1;
        continue;
      }
      const data = parsed.data;
      const at = Date.parse(data.checkedAt);
      if (Number.isNaN(at)) {
        rejected += 1;
        continue;
      }
      const domainId = data.domainId.toLowerCase();
      const key = domainId + data.region;
      let s = seen.get(key);
      if (!s) {
        const series = { domainId, region: data.region };
        s = { series, times: [], max: at, parsed: [], ascending: true };
        seen.set(key, s);
      } else if (at <= s.max) {
        if (s.times.includes(at)) continue;
        s.ascending = false;
      }
      s.times.push(at);
      if (at > s.max) s.max = at;
      s.parsed.push(data);
    }
  }
  return { records: inKeyOrder(seen), rejected };
}

/**
 * Every series' records, series by key (domain id + region), each series by time. The rows are
 * made here, in that order, so that they lie in memory in the order every later pass reads
 * them: made while parsing (arrival order) and read in key order, COPY encoding took 2.5 times
 * as long.
 */
function inKeyOrder(seen: Map<string, SeenTimes>): IngestRecord[] {
  const keys = [...seen.keys()].sort();
  const out: IngestRecord[] = [];
  for (const key of keys) {
    const { series, times, parsed, ascending } = seen.get(key)!;
    const order = parsed.map((_, i) => i);
    if (!ascending) order.sort((a, b) => times[a]! - times[b]!);
    for (const i of order) {
      const data = parsed[i]!;
      out.push({ row: toRow(data, times[i]), tls: data.tls, series });
    }
  }
  return out;
}
