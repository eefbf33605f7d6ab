import type { BatchHandler, QueueRecord } from "../../adapters/queue/port";
import { AlertJob } from "../../schema/wire/events";
import { acceptJobs } from "./accept";
import type { Claimed } from "./attempt";
import { type DeliveryLane, deliveryLane } from "./lane";
import { sweepDue } from "./sweep";
import type { AlertsDeps } from "./types";

function parse(deps: AlertsDeps, r: QueueRecord): AlertJob | null {
  try {
    const job = AlertJob.safeParse(JSON.parse(r.body));
    if (job.success) return job.data;
    const issue = job.error.issues[0];
    deps.log.warn("alert job fails its schema; dropped", {
      messageId: r.messageId,
      field: issue?.path.join("."),
      error: issue?.message,
    });
  } catch {
    deps.log.warn("alert job is not JSON; dropped", { messageId: r.messageId });
  }
  return null;
}

/** The alerts unit: the queue's batch handler and the due-deliveries sweep, sharing one lane. */
export function alertsConsumer(deps: AlertsDeps, given?: DeliveryLane) {
  const lane = given ?? deliveryLane(deps);
  /**
   * SQS consumer (partial batch responses): a bad message is dropped; a job whose rows cannot
   * be written is redelivered. Once its rows are written a job is done: a failed send is the
   * delivery log's to retry, not the queue's. It returns when its attempts are recorded or
   * their send budget is spent, whichever is first (the slow lane keeps the rest).
   */
  const handle: BatchHandler = async (records) => {
    const jobs: { id: string; job: AlertJob }[] = [];
    for (const r of records) {
      const job = parse(deps, r);
      if (job) jobs.push({ id: r.messageId, job });
    }
    const claimed: Claimed[] = [];
    const failures: { itemIdentifier: string }[] = [];
    // a batch that fails to record takes back its rate-limit counts too (acceptJobs)
    const accept = (batch: AlertJob[]) => acceptJobs(deps, batch);
    try {
      claimed.push(...(await accept(jobs.map((j) => j.job))));
    } catch (err) {
      // one job may be the cause: record them one by one and redeliver only those that fail
      deps.log.warn("alert batch not recorded; recording job by job", { error: String(err) });
      for (const j of jobs) {
        try {
          claimed.push(...(await accept([j.job])));
        } catch (e) {
          deps.log.error("alert job not recorded; will be redelivered", {
            messageId: j.id,
            jobId: j.job.id,
            error: String(e),
          });
          failures.push({ itemIdentifier: j.id });
        }
      }
    }
    try {
      await lane.send(claimed);
    } catch (err) {
      // the rows are written and leased: the sweep sends them when the lease ends
      deps.log.error("sending failed; the sweep retries after the lease", { error: String(err) });
    }
    return { batchItemFailures: failures };
  };
  return { handle, sweep: () => sweepDue(deps, lane), settle: lane.settle, lane };
}
export type AlertsConsumer = ReturnType<typeof alertsConsumer>;

/**
 * The consumer for a runtime that freezes once it answers (Lambda): each trigger returns only
 * when its slow lane is empty and every attempt recorded, so no work runs after the response.
 * There a slow receiver holds its own execution environment, and other batches run in others.
 */
export function settledConsumer(c: AlertsConsumer): AlertsConsumer {
  return {
    ...c,
    handle: async (records) => {
      const r = await c.handle(records);
      await c.settle();
      return r;
    },
    sweep: async () => {
      const n = await c.sweep();
      await c.settle();
      return n;
    },
  };
}
