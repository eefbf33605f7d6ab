/** An inclusive status range parsed from "200" or "200-299". */
export interface StatusRange {
  min: number;
  max: number;
}

/** Parses an expected-status spec; returns null when it is not "NNN" or "NNN-NNN" in 100-599. */
export function parseExpectStatus(spec: string): StatusRange | null {
  const m = /^([1-5]\d\d)(?:-([1-5]\d\d))?$/.exec(spec.trim());
  if (!m) return null;
  const min = Number(m[1]);
  const max = m[2] ? Number(m[2]) : min;
  return min <= max ? { min, max } : null;
}

/** True when the status lies in the range. */
export function statusMatches(status: number, range: StatusRange): boolean {
  return status >= range.min && status <= range.max;
}
