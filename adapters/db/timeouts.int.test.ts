import { sql } from "drizzle-orm";
import { afterAll, expect, it } from "vitest";
import { describeWith, serviceUrl } from "../../test-support/services";
import { openDatabase } from "./open";
import type { DatabaseHandle } from "./types";

/** The first row of a raw query (drizzle's execute result is driver-shaped). */
async function firstRow(h: DatabaseHandle, query: ReturnType<typeof sql>) {
  const result = (await h.db.execute(query)) as { rows: Record<string, unknown>[] };
  return result.rows[0];
}

describeWith(["DATABASE_URL"], "statement timeout on PostgreSQL", () => {
  const url = serviceUrl("DATABASE_URL")!;
  const handles: DatabaseHandle[] = [];
  afterAll(async () => {
    for (const h of handles) await h.close();
  });

  it("cancels a statement that runs past statementTimeoutMs", async () => {
    const h = await openDatabase(url, { statementTimeoutMs: 200, maxConnections: 1 });
    handles.push(h);
    const started = performance.now();
    const err = await h.db.execute(sql`select pg_sleep(3)`).then(
      () => null,
      (e: unknown) => e as { cause?: { code?: string }; code?: string },
    );
    expect(err?.cause?.code ?? err?.code).toBe("57014"); // query_canceled
    expect(performance.now() - started).toBeLessThan(1_500);
    // the connection is still usable afterwards
    expect(await firstRow(h, sql`select 1 as one`)).toEqual({ one: 1 });
  });

  it("limits every statement to 30 s by default", async () => {
    const h = await openDatabase(url, { maxConnections: 1 });
    handles.push(h);
    expect(await firstRow(h, sql`show statement_timeout`)).toEqual({ statement_timeout: "30s" });
  });

  it("runs a long statement when the limit is disabled", async () => {
    const h = await openDatabase(url, { statementTimeoutMs: 0, maxConnections: 1 });
    handles.push(h);
    await expect(h.db.execute(sql`select pg_sleep(0.3)`)).resolves.toBeDefined();
    expect(await firstRow(h, sql`show statement_timeout`)).toEqual({ statement_timeout: "0" });
  });
});
