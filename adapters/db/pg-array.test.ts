import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { usePglite } from "../../test-support/pglite";
import { pgArray } from "./pg-array";

const h = usePglite("timeseries", "all");

const rowsOf = <T>(r: unknown) => (r as { rows: T[] }).rows;

describe("pgArray", () => {
  it("round-trips numbers, nulls, booleans, dates and strings that need quoting", async () => {
    const texts = ['a "quoted" word', "back\\slash", "comma, and {braces}", "NULL", "", " x "];
    const [row] = rowsOf<{ t: string[]; n: number[]; b: boolean[]; d: string }>(
      await h.db.execute(sql`SELECT ${pgArray(texts)}::text[] AS t,
        ${pgArray([1.5, null, -2, 1e21])}::float8[] AS n, ${pgArray([true, false, null])}::boolean[] AS b,
        (${pgArray([new Date("2031-01-02T03:04:05.678Z")])}::timestamptz[])[1] = '2031-01-02T03:04:05.678Z' AS d`),
    );
    expect(row!.t).toEqual(texts);
    expect(row!.n).toEqual([1.5, null, -2, 1e21]);
    expect(row!.b).toEqual([true, false, null]);
    expect(row!.d).toBe(true);
  });

  it("writes each of repeated and alternating times as itself", () => {
    const [a, b] = [Date.parse("2031-01-02T03:00:00Z"), Date.parse("2031-01-02T04:00:00Z")];
    const times = [a, a, b, a, b, b].map((ms) => new Date(ms));
    expect(pgArray(times)).toBe(`{${times.map((d) => `"${d.toISOString()}"`).join(",")}}`);
  });
});
