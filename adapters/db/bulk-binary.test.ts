import { describe, expect, it } from "vitest";
import { probeResults } from "../../schema/timeseries/probe-results";
import { binaryCopyable, copyBinaryChunks } from "./bulk-binary";
import { bulkTable } from "./bulk-table";

const table = bulkTable(probeResults);
const row = {
  ts: new Date("2030-01-01T00:00:00Z"),
  domainId: "f81d4fae-7dec-41d0-a765-00a0c91e6bf6",
  region: "ams",
  ok: true,
  errorCode: null,
  httpStatus: 200,
  dnsMs: 1,
  connectMs: 2,
  tlsMs: 3,
  ttfbMs: 4,
  totalMs: 5,
  tlsDaysToExpiry: null,
};
const encode = (rows: object[], per = 2) => Buffer.concat([...copyBinaryChunks(table, rows, per)]);

describe("COPY binary encoding", () => {
  it("frames rows with the signature, field counts, null lengths and the trailer", () => {
    const one = encode([row]);
    expect(one.subarray(0, 11).toString("latin1")).toBe("PGCOPY\n\xff\r\n\0");
    expect(one.readInt16BE(19)).toBe(12); // fields of the first row, after flags and extension
    expect(one.readInt16BE(one.length - 2)).toBe(-1);
    // chunking changes nothing but where the buffers end
    const five = Array.from({ length: 5 }, () => row);
    expect(encode(five, 2)).toEqual(encode(five, 100));
  });

  it("refuses a value its column's type cannot hold, naming the column", () => {
    expect(() => encode([{ ...row, httpStatus: 200.5 }])).toThrow(/http_status \(smallint\)/);
    expect(() => encode([{ ...row, httpStatus: 70_000 }])).toThrow(/http_status \(smallint\)/);
    expect(() => encode([{ ...row, domainId: "not-a-uuid" }])).toThrow(/domain_id \(uuid\)/);
    expect(() => encode([{ ...row, ts: "2030-01-01" }])).toThrow(/ts \(timestamp/);
    expect(() => encode([{ ...row, ok: "yes" }])).toThrow(/ok \(boolean\)/);
  });

  it("leaves a table with a column type it has no encoder for to COPY text", () => {
    expect(binaryCopyable(table)).toBe(true);
    expect(
      binaryCopyable({ name: "t", columns: [{ name: "doc", sqlType: "jsonb", key: "doc" }] }),
    ).toBe(false);
  });
});
