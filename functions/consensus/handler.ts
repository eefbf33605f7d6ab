import type { BatchHandler, QueueRecord } from "../../adapters/queue/port";
import { AlertWake } from "../../schema/wire/alert-wake";
import { Observation } from "../../schema/wire/observation";
import { OperatorAction } from "../../schema/wire/operator-action";
import { type ConsensusDeps, runConsensus } from "./run";

/** Parses one record: an Observation, a wake-up, an operator action, or null (logged and dropped). */
function parse(
  deps: ConsensusDeps,
  r: QueueRecord,
): Observation | AlertWake | OperatorAction | null {
  let body: unknown;
  try {
    body = JSON.parse(r.body);
  } catch {
    deps.log.warn("consensus message is not JSON; dropped", { messageId: r.messageId });
    return null;
  }
  // the kind picks the one schema to try: a failed parse builds its error, which a burst pays
  const kind = (body as { kind?: unknown } | null)?.kind;
  const schema = kind === "wake" ? AlertWake : kind === "operator" ? OperatorAction : Observation;
  const parsed = schema.safeParse(body);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  deps.log.warn("consensus message fails its schema; dropped", {
    messageId: r.messageId,
    field: issue?.path.join("."),
    error: issue?.message,
  });
  return null;
}

/**
 * SQS consumer of the consensus queue (partial batch responses): malformed messages are
 * dropped, never retried; a domain whose effects cannot be committed has its messages
 * retried alone; if the batch cannot run at all every valid message is retried.
 */
export function consensusHandler(deps: ConsensusDeps): BatchHandler {
  return async (records) => {
    const valid: { id: string; m: Observation | AlertWake | OperatorAction }[] = [];
    for (const r of records) {
      const m = parse(deps, r);
      if (m) valid.push({ id: r.messageId, m });
    }
    const observations = valid.flatMap((v) => ("kind" in v.m ? [] : [v.m]));
    const wakes = valid.flatMap((v) => ("kind" in v.m && v.m.kind === "wake" ? [v.m] : []));
    const actions = valid.flatMap((v) => ("kind" in v.m && v.m.kind === "operator" ? [v.m] : []));
    try {
      const r = await runConsensus(deps, { observations, wakes, actions });
      // a domain that could not be committed is retried alone; the rest of the batch is done
      const failed = new Set(r.failedDomains);
      return {
        batchItemFailures: valid
          .filter((v) => failed.has(v.m.domainId))
          .map((v) => ({ itemIdentifier: v.id })),
      };
    } catch (err) {
      deps.log.error("consensus batch failed; will be redelivered", {
        error: String(err),
        size: valid.length,
      });
      return { batchItemFailures: valid.map((v) => ({ itemIdentifier: v.id })) };
    }
  };
}
