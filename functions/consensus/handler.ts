import type { BatchHandler, QueueRecord } from "../../adapters/queue/port";
import { shardOf } from "../../adapters/queue/shard";
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
    const all: { id: string; m: Observation | AlertWake | OperatorAction }[] = [];
    for (const r of records) {
      const m = parse(deps, r);
      if (m) all.push({ id: r.messageId, m });
    }
    const { valid, forwardFailed } = await forwardForeign(deps, all);
    const observations = valid.flatMap((v) => ("kind" in v.m ? [] : [v.m]));
    const wakes = valid.flatMap((v) => ("kind" in v.m && v.m.kind === "wake" ? [v.m] : []));
    const actions = valid.flatMap((v) => ("kind" in v.m && v.m.kind === "operator" ? [v.m] : []));
    try {
      const r = await runConsensus(deps, { observations, wakes, actions });
      // a domain that could not be committed is retried alone; the rest of the batch is done
      const failed = new Set(r.failedDomains);
      return {
        batchItemFailures: [
          ...forwardFailed,
          ...valid.filter((v) => failed.has(v.m.domainId)).map((v) => v.id),
        ].map((id) => ({ itemIdentifier: id })),
      };
    } catch (err) {
      deps.log.error("consensus batch failed; will be redelivered", {
        error: String(err),
        size: valid.length,
      });
      return {
        batchItemFailures: [...forwardFailed, ...valid.map((v) => v.id)].map((id) => ({
          itemIdentifier: id,
        })),
      };
    }
  };
}

/**
 * Messages of domains another shard owns (a producer that routed with another shard count,
 * during a change of it) go to their owner instead of being applied here, where they would
 * race with it over the domain's state. If they cannot be sent they come back.
 */
async function forwardForeign<T extends { m: { domainId: string } }>(
  deps: ConsensusDeps,
  items: (T & { id: string })[],
): Promise<{ valid: (T & { id: string })[]; forwardFailed: string[] }> {
  const shard = deps.shard;
  if (!shard || shard.count <= 1) return { valid: items, forwardFailed: [] };
  const valid: (T & { id: string })[] = [];
  const foreign: (T & { id: string })[] = [];
  for (const v of items)
    (shardOf(v.m.domainId, shard.count) === shard.index ? valid : foreign).push(v);
  if (foreign.length === 0) return { valid, forwardFailed: [] };
  try {
    await deps.queue.send(
      "consensus",
      foreign.map((v) => v.m),
    );
    deps.log.info("consensus forwarded messages of other shards", { count: foreign.length });
    return { valid, forwardFailed: [] };
  } catch (err) {
    deps.log.warn("consensus could not forward messages of other shards", {
      error: String(err),
      count: foreign.length,
    });
    return { valid, forwardFailed: foreign.map((v) => v.id) };
  }
}
