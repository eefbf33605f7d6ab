import { neonConfig } from "@neondatabase/serverless";
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { timedFailure, useBlackHole } from "../../test-support/black-hole";
import { openDatabase } from "./open";

describe("openDatabase against a server that accepts and never answers", () => {
  const hole = useBlackHole();

  async function firstQueryMs(url: string, connectTimeoutMs: number) {
    const handle = await openDatabase(url, { connectTimeoutMs, maxConnections: 1 });
    const got = await timedFailure(() => handle.db.execute(sql`select 1`));
    await handle.close().catch(() => {});
    return got;
  }

  it("node-postgres fails the first query within the connect timeout", async () => {
    const { err, ms } = await firstQueryMs(`postgres://postgres@127.0.0.1:${hole.port}/dp`, 300);
    expect(err).toBeInstanceOf(Error);
    expect(String((err as Error).message) + String((err as Error).cause)).toMatch(/timeout/i);
    expect(ms).toBeGreaterThanOrEqual(250);
    expect(ms).toBeLessThan(2_000);
  });

  it("Neon's driver fails the first query within the connect timeout", async () => {
    // Neon's network cannot be reached here: its WebSocket is pointed at the loopback hole
    neonConfig.wsProxy = () => `127.0.0.1:${hole.port}/v2`;
    neonConfig.useSecureWebSocket = false;
    const { err, ms } = await firstQueryMs(
      "postgres://u:p@ep-test-123456.us-east-2.aws.neon.tech/dp",
      300,
    );
    expect(err).toBeInstanceOf(Error);
    expect(ms).toBeGreaterThanOrEqual(250);
    expect(ms).toBeLessThan(2_000);
    expect(hole.accepted()).toBeGreaterThan(0);
  });
});
