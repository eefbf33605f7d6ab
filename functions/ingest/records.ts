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

/** The check times a parse has kept for one series (ascending while they arrive in order). */
interface SeenTimes {
  series: Series;
  times: number[];
  max: number;
}

/** What parsing a read of stream entries gave: records, and how many were refused. */
export interface ParsedEntries {
  records: IngestRecord[];
  /** Records refused by their schema, plus entries that could not be read at all. */
  rejected: number;
}

/** The idempotency key of a result: one row per domain, region and check time. */
export const recordKey = (r: { domainId: string; region: string; ts: Date }) =>
  `${r.domainId}|${r.region}|${r.ts.getTime()}`;

/** One record → its probe_results row. */
export function toRow(rec: ProbeResultRecord): IngestRecord["row"] {
  const t = rec.timings;
  return {
    ts: new Date(rec.checkedAt),
    domainId: rec.domainId,
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
 */
export function parseEntries(entries: readonly StreamEntry[]): ParsedEntries {
  const records: IngestRecord[] = [];
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
      const row = toRow(parsed.data);
      const at = row.ts.getTime();
      if (Number.isNaN(at)) {
        rejected += 1;
        continue;
      }
      const key = row.domainId + row.region;
      let s = seen.get(key);
      if (!s) {
        s = { series: { domainId: row.domainId, region: row.region }, times: [], max: at };
        seen.set(key, s);
      } else if (at <= s.max && s.times.includes(at)) continue;
      s.times.push(at);
      if (at > s.max) s.max = at;
      records.push({ row, tls: parsed.data.tls, series: s.series });
    }
  }
  return { records, rejected };
}
