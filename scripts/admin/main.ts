/** `npm run -s admin -- <command>`: the operator CLI of CONTRACTS §6 (exit 0 ok, 1 failed, 2 usage). */
import { migrateDatabase } from "../../adapters/db/migrate";
import { openDatabase } from "../../adapters/db/open";
import type { DatabaseHandle } from "../../adapters/db/types";
import { redact } from "../../adapters/db/url";
import { openRedisTarget } from "../../adapters/redis/target";
import { parseAdminArgs, USAGE, UsageError } from "./args";
import { runAdminCommand } from "./commands";
import { type AdminConfig, loadAdminConfig } from "./config";
import { describeError } from "./describe-error";

function finish(code: number, out?: string, err?: string): never {
  if (out) process.stdout.write(`${out}\n`);
  if (err) process.stderr.write(`admin: ${err}\n`);
  process.exit(code);
}

let command: ReturnType<typeof parseAdminArgs>;
try {
  command = parseAdminArgs(process.argv.slice(2));
} catch (err) {
  if (err instanceof UsageError) finish(2, undefined, `${err.message}\n${USAGE}`);
  throw err;
}
if (command.kind === "help") finish(0, USAGE);

let config: AdminConfig;
try {
  config = loadAdminConfig();
} catch (err) {
  finish(1, undefined, `bad setting: ${describeError(err)}`);
}

let handle: DatabaseHandle;
try {
  handle = await openDatabase(config.databaseUrl, {
    maxConnections: 1,
    connectTimeoutMs: config.connectTimeoutMs,
  });
  // a fresh database gets its tables first, so `org create` can bootstrap a new deployment
  await migrateDatabase(handle, "control");
} catch (err) {
  finish(
    1,
    undefined,
    `cannot use the control database ${redact(config.databaseUrl)}: ${describeError(err)}`,
  );
}

const { redis } = config;
try {
  const result = await runAdminCommand(
    { db: handle.db, ...(redis ? { redis: () => openRedisTarget(redis, 10_000) } : {}) },
    command,
  );
  await handle.close();
  finish(0, JSON.stringify(result));
} catch (err) {
  finish(1, undefined, describeError(err));
}
