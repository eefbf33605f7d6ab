import { isoUtc } from "../clock/iso";

/**
 * A PostgreSQL array literal ("{1,2,NULL}", "{\"a b\",\"c\"}") of scalar values, to send as
 * one text parameter cast to the array type. The drivers build the same text from a JS array,
 * but escape every element through a regular expression; tens of thousands of numbers and ids
 * per statement make that a visible part of a bulk write.
 */
export function pgArray(values: readonly unknown[]): string {
  let out = "{";
  for (let i = 0; i < values.length; i++) {
    if (i > 0) out += ",";
    const v = values[i];
    if (v === null || v === undefined) out += "NULL";
    else if (typeof v === "number") out += String(v);
    else if (typeof v === "boolean") out += v ? "t" : "f";
    else {
      const s = v instanceof Date ? isoOf(v.getTime()) : String(v);
      out += NEEDS_ESCAPE.test(s) ? `"${s.replace(/["\\]/g, "\\$&")}"` : `"${s}"`;
    }
  }
  return `${out}}`;
}

const NEEDS_ESCAPE = /["\\]/;

// bulk writes repeat a time many times in a row (the roll-ups of a batch share one or two hour
// buckets), and formatting one costs more than every other element: the last one is kept
let lastMs = Number.NaN;
let lastIso = "";
function isoOf(ms: number): string {
  if (ms !== lastMs) {
    lastIso = isoUtc(ms);
    lastMs = ms;
  }
  return lastIso;
}
