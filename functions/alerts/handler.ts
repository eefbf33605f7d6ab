import type { BatchHandler, QueueRecord } from "../../adapters/queue/port";
import { AlertJob } from "../../schema/wire/events";
import { acceptJobs } from "./accept";
import type { Claimed } from "./attempt";
import { groupCommit } from "./group-commit";
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

/**
 * Accepts run one at a time in a process; batches that arrive meanwhile wait and are accepted
 * together in the next (group commit). One keeps the statements few and large: bench:fanout
 * at 2,000 jobs/s spent 17% less database CPU than with four at once, and its p99 fell with it.
 */
const ACCEPTS_IN_FLIGHT = 1;
/** At most this many batches are accepted together. */
const BATCHES_PER_ACCEPT = 20;

/**
 * Accepts concurrent batches together: one set of round trips (routing, counters, rows) for
 * all the batches that arrived while the previous sets ran, each batch given back its own rows
 * (a row's event id is its job's id; a job in two batches is one job, the first one's).
 */
function acceptTogether(deps: AlertsDeps) {
  return groupCommit(
    ACCEPTS_IN_FLIGHT,
    async (batches: AlertJob[][]): Promise<Claimed[][]> => {
      if (batches.length === 1) return [await acceptJobs(deps, batches[0]!)];
      const owner = new Map<string, number>();
      const jobs: AlertJob[] = [];
      for (const [i, batch] of batches.entries()) {
        for (const job of batch) {
          if (owner.has(job.id)) continue;
          owner.set(job.id, i);
          jobs.push(job);
        }
      }
      const out = batches.map((): Claimed[] => []);
      for (const c of await acceptJobs(deps, jobs)) out[owner.get(c.d.eventId)!]!.push(c);
      return out;
    },
    BATCHES_PER_ACCEPT,
  );
}

/** The alerts unit: the queue's batch handler and the due-deliveries sweep, sharing one lane. */
export function alertsConsumer(deps: AlertsDeps, given?: DeliveryLane) {
  const lane = given ?? deliveryLane(deps);
  const acceptBatch = acceptTogether(deps);
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
    try {
      claimed.push(...(await acceptBatch(jobs.map((j) => j.job))));
    } catch (err) {
      // one job (of this batch, or of one accepted with it) may be the cause: record them one
      // by one, alone, and redeliver only those that fail
      deps.log.warn("alert batch not recorded; recording job by job", { error: String(err) });
      for (const j of jobs) {
        try {
          claimed.push(...(await acceptJobs(deps, [j.job])));
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
