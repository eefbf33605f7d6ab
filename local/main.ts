/** `npm start`: the whole stack on one machine, on embedded defaults unless URLs are set. */
import { createLogger } from "../adapters/log/logger";
import { loadConfig } from "./config";
import { startLocalStack } from "./stack";

let config: ReturnType<typeof loadConfig>;
try {
  config = loadConfig();
} catch (err) {
  console.error(`DomainPilot: bad setting: ${(err as Error).message}`);
  process.exit(2);
}
const log = createLogger(config.logFormat);
let stack: Awaited<ReturnType<typeof startLocalStack>>;
try {
  stack = await startLocalStack(config, log);
} catch (err) {
  // e.g. the port is taken or a database URL does not answer: one line, not a stack trace
  console.error(`DomainPilot: cannot start: ${(err as Error).message}`);
  process.exit(1);
}
if (stack.apiKeyCreated) {
  log.info(`API key (shown once; also written to ${config.dataDir}/api-key): ${stack.apiKey}`);
} else {
  log.info(`API key: see ${config.dataDir}/api-key`);
}
log.info(`DomainPilot is running on ${stack.url}`, { dataDir: config.dataDir });

let stopping = false;
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  log.info("stopping", { signal });
  await stack.stop();
  log.info("stopped");
  process.exit(0);
}
process.on("SIGINT", () => void shutdown("SIGINT"));
process.on("SIGTERM", () => void shutdown("SIGTERM"));
