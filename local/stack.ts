import { mkdirSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import { Hono } from "hono";
import { type DatabaseHandle, migrateDatabase, openDatabase } from "../adapters/db";
import type { Logger } from "../adapters/log/logger";
import type { LocalConfig } from "./config";

/** The running local stack. */
export interface LocalStack {
  /** The API's base URL, e.g. http://127.0.0.1:8787 */
  url: string;
  control: DatabaseHandle;
  timeseries: DatabaseHandle;
  stop(): Promise<void>;
}

/** Starts every unit built so far in this process: the composition root for one machine. */
export async function startLocalStack(config: LocalConfig, log: Logger): Promise<LocalStack> {
  mkdirSync(config.dataDir, { recursive: true });
  const control = await openDatabase(config.controlDatabaseUrl);
  const timeseries = await openDatabase(config.timeseriesDatabaseUrl);
  await migrateDatabase(control, "control");
  await migrateDatabase(timeseries, "timeseries");
  log.info("databases ready", { control: control.kind, timeseries: timeseries.kind });

  const app = new Hono();
  app.get("/healthz", (c) =>
    c.json({ ok: true, control: control.kind, timeseries: timeseries.kind }),
  );

  const server = serve({ fetch: app.fetch, port: config.port, hostname: "127.0.0.1" });
  await new Promise<void>((resolve, reject) => {
    server.once("listening", resolve);
    server.once("error", reject);
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;

  let stopped = false;
  return {
    url,
    control,
    timeseries,
    async stop() {
      if (stopped) return;
      stopped = true;
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await control.close();
      await timeseries.close();
    },
  };
}
