import { z } from "zod";
import { ProbeResultRecord, Timings } from "./probe-result";

/**
 * The entries of a region's results stream (`redisKeys.resultsStream`), written by the probe and
 * read by ingest. An entry is one probe flush, in the `columns` field: a JSON object of
 * ResultColumns, one array per field of ProbeResultRecord (the timings' fields as columns of
 * their own, `checkedAt` as epoch ms), element i of every array being result i. One entry per
 * flush rather than per result makes a flush one XADD and a read one entry per flush, which is
 * where Redis spent its time (and what Upstash bills: commands). Columns rather than an array of
 * records: under half the bytes (no key names repeated per result: 69 KB against 148 KB for
 * 500), and ingest checks a column of numbers in a loop where it parsed and checked each record
 * as an object.
 *
 * Entries of earlier probes are still read: a JSON array of records in `records`, or one JSON
 * record in `record`.
 */

/** The field of an entry holding one probe flush as columns (the current format). */
export const COLUMNS_FIELD = "columns";
/** The field of an entry holding a JSON array of records (the format before columns). */
export const RECORDS_FIELD = "records";
/** The field of an entry holding one JSON record (the format before batched entries). */
export const RECORD_FIELD = "record";

const field = ProbeResultRecord.shape;
const timing = Timings.shape;

/** One flush as columns: each a field of ProbeResultRecord, checked as that field is. */
export const ResultColumns = z.object({
  domainId: z.array(field.domainId),
  region: z.array(field.region),
  url: z.array(field.url),
  configVersion: z.array(field.configVersion),
  ok: z.array(field.ok),
  /** Epoch ms: no date text to parse per result. */
  checkedAt: z.array(z.number().int()),
  error: z.array(field.error),
  httpStatus: z.array(field.httpStatus),
  dnsMs: z.array(timing.dnsMs),
  connectMs: z.array(timing.connectMs),
  tlsMs: z.array(timing.tlsMs),
  ttfbMs: z.array(timing.ttfbMs),
  totalMs: z.array(timing.totalMs),
  tls: z.array(field.tls),
});
export type ResultColumns = z.infer<typeof ResultColumns>;

type ColumnName = keyof ResultColumns;
const COLUMN_NAMES = Object.keys(ResultColumns.shape) as ColumnName[];

/** Records as columns (a check time that does not parse becomes NaN, refused on reading). */
export function toColumns(records: readonly ProbeResultRecord[]): ResultColumns {
  const c: ResultColumns = {
    domainId: [],
    region: [],
    url: [],
    configVersion: [],
    ok: [],
    checkedAt: [],
    error: [],
    httpStatus: [],
    dnsMs: [],
    connectMs: [],
    tlsMs: [],
    ttfbMs: [],
    totalMs: [],
    tls: [],
  };
  for (const r of records) {
    c.domainId.push(r.domainId);
    c.region.push(r.region);
    c.url.push(r.url);
    c.configVersion.push(r.configVersion);
    c.ok.push(r.ok);
    c.checkedAt.push(Date.parse(r.checkedAt));
    c.error.push(r.error);
    c.httpStatus.push(r.httpStatus);
    c.dnsMs.push(r.timings.dnsMs);
    c.connectMs.push(r.timings.connectMs);
    c.tlsMs.push(r.timings.tlsMs);
    c.ttfbMs.push(r.timings.ttfbMs);
    c.totalMs.push(r.timings.totalMs);
    c.tls.push(r.tls);
  }
  return c;
}

/** The stream entry carrying these records: one flush, as columns (NaN goes out as null). */
export function resultsEntry(records: readonly ProbeResultRecord[]): Record<string, string> {
  return { [COLUMNS_FIELD]: JSON.stringify(toColumns(records)) };
}

/**
 * What an entry carries: checked columns when the whole flush is valid, else its records, not
 * yet checked against their schema (a columns entry with a bad value among them included, so
 * that its good results are kept); null when the entry is no format at all (no such field, not
 * JSON, not an array, or columns of different lengths).
 */
export type EntryContent = { columns: ResultColumns } | { records: unknown[] } | null;

export function entryContent(fields: Readonly<Record<string, string>>): EntryContent {
  const columns = fields[COLUMNS_FIELD];
  if (columns === undefined) {
    const records = entryRecords(fields);
    return records && { records };
  }
  let raw: unknown;
  try {
    raw = JSON.parse(columns);
  } catch {
    return null;
  }
  const parsed = ResultColumns.safeParse(raw);
  if (parsed.success && resultCount(parsed.data) >= 0) return { columns: parsed.data };
  const records = recordsOfColumns(raw);
  return records && { records };
}

/** The records of an entry in any format, not yet checked against their schema (or null). */
export function entryResults(fields: Readonly<Record<string, string>>): unknown[] | null {
  const content = entryContent(fields);
  if (content === null) return null;
  return "records" in content ? content.records : recordsOfColumns(content.columns);
}

/** How many results columns hold: their one length, or -1 unless every column is an array of it. */
function resultCount(raw: unknown): number {
  if (typeof raw !== "object" || raw === null) return -1;
  const c = raw as Record<string, unknown>;
  const n = Array.isArray(c.domainId) ? c.domainId.length : -1;
  return COLUMN_NAMES.every((k) => Array.isArray(c[k]) && c[k].length === n) ? n : -1;
}

/** Columns back into record objects, to check one by one; null unless equal-length arrays. */
function recordsOfColumns(raw: unknown): unknown[] | null {
  const n = resultCount(raw);
  if (n < 0) return null;
  const col = raw as { [K in ColumnName]: unknown[] };
  return Array.from({ length: n }, (_, i) => ({
    domainId: col.domainId[i],
    region: col.region[i],
    url: col.url[i],
    configVersion: col.configVersion[i],
    ok: col.ok[i],
    checkedAt: isoOf(col.checkedAt[i]),
    error: col.error[i],
    httpStatus: col.httpStatus[i],
    timings: {
      dnsMs: col.dnsMs[i],
      connectMs: col.connectMs[i],
      tlsMs: col.tlsMs[i],
      ttfbMs: col.ttfbMs[i],
      totalMs: col.totalMs[i],
    },
    tls: col.tls[i],
  }));
}

/** Epoch ms as the record's ISO text; anything else stays as it is, for the schema to refuse. */
const isoOf = (ms: unknown): unknown => {
  if (typeof ms !== "number" || !Number.isInteger(ms)) return ms;
  const d = new Date(ms);
  return Number.isNaN(d.getTime()) ? ms : d.toISOString();
};

/** The records of an entry of the earlier formats (`records`, `record`), or null. */
function entryRecords(fields: Readonly<Record<string, string>>): unknown[] | null {
  const many = fields[RECORDS_FIELD];
  const one = fields[RECORD_FIELD];
  try {
    if (many !== undefined) {
      const list: unknown = JSON.parse(many);
      return Array.isArray(list) ? list : null;
    }
    return one === undefined ? null : [JSON.parse(one)];
  } catch {
    return null;
  }
}
