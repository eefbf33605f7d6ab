import type { BatchHandler, QueueRecord } from "../../adapters/queue/port";
import { AlertJob } from "../../schema/wire/events";
import { acceptJobs } from "./accept";
import { type Claimed, deliverRows } from "./attempt";
import { type KeyedLimiter, keyedLimiter } from "./limiter";
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

/** The alerts unit: the queue's batch handler and the due-deliveries sweep, sharing one limiter. */
export function alertsConsumer(deps: AlertsDeps, limiter?: KeyedLimiter) {
  const limit =
    limiter ??
    keyedLimiter(
      deps.settings.concurrency,
      deps.settings.perChannelConcurrency,
      deps.settings.perChannelQueue,
    );
  /**
   * SQS consumer (partial batch responses): a bad message is dropped; a job whose rows cannot
   * be written is redelivered. Once its rows are written a job is done: a failed send is the
   * delivery log's to retry, not the queue's.
   */
  const handle: BatchHandler = async (records) => {
    const jobs: { id: string; job: AlertJob }[] = [];
    for (const r of records) {
      const job = parse(deps, r);
      if (job) jobs.push({ id: r.messageId, job });
    }
    const claimed: Claimed[] = [];
    const failures: { itemIdentifier: string }[] = [];
    // in one transaction, so a batch that fails to record takes back its rate-limit counts too
    const accept = (batch: AlertJob[]) =>
      deps.db.transaction((tx) =>
        acceptJobs({ ...deps, db: tx as unknown as typeof deps.db }, batch),
      );
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
      await deliverRows(deps, limit, claimed);
    } catch (err) {
      // the rows are written and leased: the sweep sends them when the lease ends
      deps.log.error("sending failed; the sweep retries after the lease", { error: String(err) });
    }
    return { batchItemFailures: failures };
  };
  return { handle, sweep: () => sweepDue(deps, limit), limiter: limit };
}
export type AlertsConsumer = ReturnType<typeof alertsConsumer>;
