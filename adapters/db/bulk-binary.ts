import type { BulkColumn, BulkTable } from "./bulk-table";

/**
 * COPY's binary format (PostgreSQL docs, "COPY … Binary Format"): a signature and two int32
 * (flags, header extension), then per row an int16 field count and per field an int32 length
 * (-1 for null) and the value in the type's binary send form; an int16 -1 ends the data.
 * PostgreSQL reads it without parsing text: for probe results, a timestamp, a UUID and five
 * floats a row, that took a third less server time than text in a 200,000-row COPY here.
 */
const SIGNATURE = Buffer.from("PGCOPY\n\xff\r\n\0", "latin1");
const POSTGRES_EPOCH_MS = 946_684_800_000; // 2000-01-01T00:00:00Z
const TWO_32 = 4_294_967_296;

/** A growing buffer the encoders append to. */
class Out {
  buf: Buffer;
  off = 0;
  constructor(size: number) {
    this.buf = Buffer.allocUnsafe(size);
  }
  room(n: number): void {
    if (this.off + n <= this.buf.length) return;
    const next = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.off + n));
    this.buf.copy(next, 0, 0, this.off);
    this.buf = next;
  }
  take(): Buffer {
    return this.buf.subarray(0, this.off);
  }
}

/** Writes one non-null field (its length, then its bytes). */
type Encoder = (out: Out, value: unknown, column: BulkColumn) => void;

function refuse(column: BulkColumn, value: unknown): never {
  throw Object.assign(
    new Error(`column ${column.name} (${column.sqlType}) cannot take ${JSON.stringify(value)}`),
    { code: "DB_BULK_VALUE" },
  );
}

function fixed(size: number, write: (b: Buffer, v: number, at: number) => void, int: boolean) {
  return (out: Out, value: unknown, column: BulkColumn) => {
    const v = typeof value === "number" ? value : Number(value);
    if (int && !Number.isInteger(v)) refuse(column, value); // NaN and ±Infinity included
    out.room(4 + size);
    try {
      write(out.buf, v, out.off + 4);
    } catch {
      refuse(column, value); // out of the type's range
    }
    out.buf.writeInt32BE(size, out.off);
    out.off += 4 + size;
  };
}

const ENCODERS: Record<string, Encoder> = {
  boolean(out, value, column) {
    if (typeof value !== "boolean") refuse(column, value);
    out.room(5);
    out.buf.writeInt32BE(1, out.off);
    out.buf[out.off + 4] = value ? 1 : 0;
    out.off += 5;
  },
  smallint: fixed(2, (b, v, at) => b.writeInt16BE(v, at), true),
  integer: fixed(4, (b, v, at) => b.writeInt32BE(v, at), true),
  bigint: fixed(8, (b, v, at) => b.writeBigInt64BE(BigInt(v), at), true),
  real: fixed(4, (b, v, at) => b.writeFloatBE(v, at), false),
  "double precision": fixed(8, (b, v, at) => b.writeDoubleBE(v, at), false),
  text(out, value) {
    const s = String(value);
    const n = Buffer.byteLength(s, "utf8");
    out.room(4 + n);
    out.buf.writeInt32BE(n, out.off);
    out.buf.write(s, out.off + 4, n, "utf8");
    out.off += 4 + n;
  },
  uuid(out, value, column) {
    const s = String(value);
    out.room(20);
    if (s.length !== 36 || !writeUuid(out.buf, out.off + 4, s)) refuse(column, value);
    out.buf.writeInt32BE(16, out.off);
    out.off += 20;
  },
  "timestamp with time zone"(out, value, column) {
    const ms = value instanceof Date ? value.getTime() : refuse(column, value);
    if (!Number.isFinite(ms)) refuse(column, value);
    // microseconds since 2000-01-01 as an int64, written as two int32 (exact below 2^53)
    const us = (ms - POSTGRES_EPOCH_MS) * 1000;
    const high = Math.floor(us / TWO_32);
    out.room(12);
    out.buf.writeInt32BE(8, out.off);
    out.buf.writeInt32BE(high, out.off + 4);
    out.buf.writeUInt32BE(us - high * TWO_32, out.off + 8);
    out.off += 12;
  },
};

/** Hex digit values by char code, -1 for anything else. */
const HEX_VALUE = new Int8Array(128).fill(-1);
for (let i = 0; i < 16; i++) {
  HEX_VALUE["0123456789abcdef".charCodeAt(i)] = i;
  HEX_VALUE["0123456789ABCDEF".charCodeAt(i)] = i;
}
const DASH = 45;

/**
 * Writes the 16 bytes of a 36-character UUID at `at`; false when it is not one (dashes at 8,
 * 13, 18 and 23, hex digits elsewhere). One pass over the characters: Buffer.write(…, "hex")
 * per group and a regular expression cost twice as much per row.
 */
function writeUuid(buf: Buffer, at: number, s: string): boolean {
  let o = at;
  for (let i = 0; i < 36; ) {
    if (i === 8 || i === 13 || i === 18 || i === 23) {
      if (s.charCodeAt(i) !== DASH) return false;
      i++;
      continue;
    }
    const hi = HEX_VALUE[s.charCodeAt(i)] ?? -1;
    const lo = HEX_VALUE[s.charCodeAt(i + 1)] ?? -1;
    if (hi < 0 || lo < 0) return false;
    buf[o++] = (hi << 4) | lo;
    i += 2;
  }
  return true;
}

/** Whether every column of `table` has a binary encoder here (else COPY text is used). */
export function binaryCopyable(table: BulkTable): boolean {
  return table.columns.every((c) => ENCODERS[c.sqlType] !== undefined);
}

/**
 * The COPY binary stream of `rows`, in chunks of `perChunk` rows (the first carries the
 * header, the last the trailer). A value its column's type cannot take throws DB_BULK_VALUE
 * naming the column, as PostgreSQL would refuse its text.
 */
export function* copyBinaryChunks<T extends object>(
  table: BulkTable,
  rows: readonly T[],
  perChunk: number,
): Generator<Buffer> {
  const columns = table.columns;
  const encoders = columns.map((c) => ENCODERS[c.sqlType]!);
  const keys = columns.map((c) => c.key);
  const n = columns.length;
  for (let start = 0; start < rows.length; start += perChunk) {
    const end = Math.min(rows.length, start + perChunk);
    const out = new Out((end - start) * (2 + n * 12) + 64);
    if (start === 0) {
      SIGNATURE.copy(out.buf, 0);
      out.buf.writeInt32BE(0, SIGNATURE.length); // flags
      out.buf.writeInt32BE(0, SIGNATURE.length + 4); // header extension length
      out.off = SIGNATURE.length + 8;
    }
    for (let i = start; i < end; i++) {
      const row = rows[i] as Record<string, unknown>;
      out.room(2);
      out.buf.writeInt16BE(n, out.off);
      out.off += 2;
      for (let c = 0; c < n; c++) {
        const v = row[keys[c]!];
        if (v === null || v === undefined) {
          out.room(4);
          out.buf.writeInt32BE(-1, out.off);
          out.off += 4;
        } else encoders[c]!(out, v, columns[c]!);
      }
    }
    if (end === rows.length) {
      out.room(2);
      out.buf.writeInt16BE(-1, out.off);
      out.off += 2;
    }
    yield out.take();
  }
}
