import { describe, expect, it } from "vitest";
import type { Logger } from "../../adapters/log/logger";
import { memoryQueue } from "../../adapters/queue/memory";
import { digestHandler } from "./handler";

function recordingLogger(): Logger & { lines: { level: string; msg: string }[] } {
  const lines: { level: string; msg: string }[] = [];
  const at = (level: string) => (msg: string) => void lines.push({ level, msg });
  return { lines, info: at("info"), warn: at("warn"), error: at("error") };
}

describe("digest handler", () => {
  it("forwards a wake-up to the consensus queue", async () => {
    const queue = memoryQueue();
    const wake = { kind: "wake", domainId: "d1", at: 1_000 };
    expect(await digestHandler({ queue, log: recordingLogger() })(wake)).toEqual({
      forwarded: true,
    });
    expect(queue.sent).toEqual([{ queue: "consensus", body: wake }]);
  });

  it("drops and logs an event that is not a wake-up", async () => {
    const queue = memoryQueue();
    const log = recordingLogger();
    expect(await digestHandler({ queue, log })({ domainId: "d1" })).toEqual({ forwarded: false });
    expect(queue.sent).toEqual([]);
    expect(log.lines).toEqual([expect.objectContaining({ level: "warn" })]);
  });
});
