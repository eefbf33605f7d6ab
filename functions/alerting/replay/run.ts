import type { EngineRules } from "../defaults";
import { AlertEngine } from "../engine";
import type { Notification } from "../types";
import type { TraceLine } from "./trace";

/** Runs a parsed trace through the engine on a virtual clock; returns the output lines. */
export function replay(trace: TraceLine[], rules: Partial<EngineRules> = {}): string[] {
  const engine = new AlertEngine(rules);
  const out: string[] = [];
  const print = (ns: Notification[]) => {
    for (const n of ns) out.push(formatNotification(n));
  };
  for (const line of trace) {
    switch (line.type) {
      case "domain":
        print(
          engine.configure(
            {
              id: line.id,
              regions: line.regions,
              intervalMs: Math.round(line.intervalSeconds * 1000),
              timeoutMs: line.timeoutMs,
              quorum: line.quorum ?? null,
              sslWarnDays: line.sslWarnDays,
              maintenance: line.maintenance,
            },
            engine.now,
          ).notifications,
        );
        break;
      case "result":
        print(engine.observe({ ...line }).notifications);
        break;
      case "ack":
        print(engine.acknowledge(line.domain, line.t).notifications);
        break;
      case "end":
        print(engine.advance(line.t).notifications);
        break;
    }
  }
  return out;
}

/** One output line: t, type, domain, then the type's own fields in a fixed order. */
export function formatNotification(n: Notification): string {
  return JSON.stringify({ t: n.t, type: n.type, domain: n.domain, ...n.fields });
}
