/**
 * The entries of a region's results stream (`redisKeys.resultsStream`), written by the probe and
 * read by ingest. An entry is one probe flush: a JSON array of ProbeResultRecords in the
 * `records` field. One entry per flush rather than per result makes a flush one XADD and a read
 * one entry per flush, which is where Redis spent its time (and what Upstash bills: commands).
 * Entries of one record in the `record` field, what probes wrote before, are still read.
 */

/** The field of an entry holding a JSON array of records (one probe flush). */
export const RECORDS_FIELD = "records";
/** The field of an entry holding one JSON record (the format before batched entries). */
export const RECORD_FIELD = "record";

/** The stream entry carrying these records, each already JSON. */
export function resultsEntry(records: readonly string[]): Record<string, string> {
  return { [RECORDS_FIELD]: `[${records.join(",")}]` };
}

/**
 * The records an entry carries, not yet checked against their schema; null when the entry is
 * neither format (no such field, not JSON, or `records` not an array).
 */
export function entryRecords(fields: Readonly<Record<string, string>>): unknown[] | null {
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
