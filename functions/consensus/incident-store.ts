import type { OrgEventIn } from "../../adapters/events/org-events";
import type { AlertJob } from "../../schema/wire/events";

/** The incident states the control DB knows (schema/control/enums.ts). */
export type IncidentRowState = "suspect" | "open" | "acknowledged" | "recovering" | "resolved";

/** An incident as the control DB keeps it (times in ms). */
export interface IncidentRow {
  id: string;
  orgId: string;
  domainId: string;
  state: IncidentRowState;
  regions: string[];
  cause: string | null;
  openedAt: number;
  acknowledgedAt: number | null;
  resolvedAt: number | null;
  /** Sequence of its latest event; an older write never overwrites a newer one. */
  lastSequence: number;
}

/** One transition of an incident; (incidentId, sequence) makes an append idempotent. */
export interface IncidentEventRow {
  incidentId: string;
  sequence: number;
  type: string;
  fromState: IncidentRowState | null;
  toState: IncidentRowState;
  at: number;
  data: Record<string, unknown>;
}

/** An incident closed without a full row at hand (superseded when flapping began). */
export interface IncidentClosure {
  id: string;
  resolvedAt: number;
  lastSequence: number;
}

/** What one consensus batch writes about incidents. */
export interface IncidentChanges {
  incidents: IncidentRow[];
  closures: IncidentClosure[];
  events: IncidentEventRow[];
  /** The organization's live-stream events of this change, appended in the same transaction. */
  feed?: { orgId: string; events: OrgEventIn[] };
}

/** One domain's share of a batch: its incident changes and the alert jobs they produced. */
export interface DomainCommit {
  domainId: string;
  changes: IncidentChanges;
  jobs: AlertJob[];
}

/** What the control DB remembers of a domain whose engine state Redis lost. */
export interface RecoveredDomain {
  /** The highest sequence used (incident events and alert jobs); the next one is above it. */
  lastSequence: number;
  /** Incidents recorded so far; the next one is number count + 1. */
  incidentCount: number;
  /** Its incident that is not resolved yet, and whether its opening was paged. */
  open: (IncidentRow & { paged: boolean }) | null;
  /** Its jobs that mark what was already sent (flapping, degraded, SSL, incidents), in order. */
  notices: RecoveredNotice[];
  /** When its latest incidents were opened or reopened (ms), for flap detection. */
  opens: number[];
}

/** The job types a rebuilt domain reads back (alert_outbox), and what it takes of each. */
export const RECOVERED_NOTICES = [
  "flapping.started",
  "flapping.ended",
  "degraded",
  "ssl.expiring",
  "ssl.invalid",
  "incident.opened",
  "incident.resolved",
] as const;

/** One committed job as recovery sees it. */
export interface RecoveredNotice {
  type: (typeof RECOVERED_NOTICES)[number];
  t: number;
  incidentId: string | null;
  data: Record<string, unknown>;
}

/** The notices among a domain's jobs, in sequence order. */
export function noticesOf(jobs: AlertJob[]): RecoveredNotice[] {
  const kinds: readonly string[] = RECOVERED_NOTICES;
  return jobs
    .filter((j) => kinds.includes(j.type))
    .sort((a, b) => jobSeq(a) - jobSeq(b))
    .map((j) => ({
      type: j.type as RecoveredNotice["type"],
      t: j.t,
      incidentId: j.incidentId,
      data: j.data,
    }));
}

/** The sequence in an AlertJob id (`<domain>:<sequence>`). */
export function jobSeq(job: Pick<AlertJob, "id">): number {
  return Number(job.id.slice(job.id.lastIndexOf(":") + 1));
}

/**
 * Alerting's source of truth in the control DB: incidents, their events and the outbox of
 * alert jobs. Every write is idempotent, so a redelivered batch changes nothing.
 */
export interface IncidentStore {
  save(changes: IncidentChanges): Promise<void>;
  /** Incident changes and outbox rows of many domains in one transaction (all or nothing). */
  commit(batch: DomainCommit[]): Promise<void>;
  /** Sequences, incident numbers and open incidents of domains (absent: never seen). */
  recover(domainIds: string[]): Promise<Map<string, RecoveredDomain>>;
  /**
   * Hands up to `limit` outbox jobs not yet sent (oldest first) to `send`, then marks them sent
   * at `at`; returns how many. Jobs another relay is handing over at the same time are skipped,
   * so concurrent shards never send one job twice; if `send` fails or the relay dies before
   * marking, the jobs stay unsent for the next relay.
   */
  relay(limit: number, send: (jobs: AlertJob[]) => Promise<void>, at: number): Promise<number>;
}

/** Incident openings a rebuilt domain reads back: more than flap detection counts. */
export const RECOVERED_OPENS = 10;

/** An in-memory store with the same rules, for tests and the embedded stack. */
export function memoryIncidentStore() {
  const incidents = new Map<string, IncidentRow>();
  const events = new Map<string, IncidentEventRow>();
  const outbox = new Map<string, { job: AlertJob; sentAt: number | null }>();
  const relaying = new Set<string>();
  const feed: OrgEventIn[] = [];
  const save = async (c: IncidentChanges) => {
    for (const e of c.feed?.events ?? []) {
      if (!e.key || !feed.some((f) => f.key === e.key)) feed.push(e);
    }
    for (const row of c.incidents) {
      const prev = incidents.get(row.id);
      if (!prev || prev.lastSequence < row.lastSequence) incidents.set(row.id, { ...row });
    }
    for (const cl of c.closures) {
      const prev = incidents.get(cl.id);
      if (prev && prev.lastSequence < cl.lastSequence) {
        incidents.set(cl.id, {
          ...prev,
          state: "resolved",
          resolvedAt: cl.resolvedAt,
          lastSequence: cl.lastSequence,
        });
      }
    }
    for (const e of c.events) {
      const key = `${e.incidentId}#${e.sequence}`;
      if (!events.has(key)) events.set(key, { ...e });
    }
  };
  const store: IncidentStore = {
    save,
    async commit(batch) {
      for (const b of batch) {
        await save(b.changes);
        for (const job of b.jobs)
          if (!outbox.has(job.id)) outbox.set(job.id, { job, sentAt: null });
      }
    },
    async recover(ids) {
      const out = new Map<string, RecoveredDomain>();
      for (const id of ids) {
        const rows = [...incidents.values()].filter((r) => r.domainId === id);
        const jobs = [...outbox.values()].filter((o) => o.job.domainId === id).map((o) => o.job);
        if (rows.length === 0 && jobs.length === 0) continue;
        const open = rows.find((r) => r.state !== "resolved") ?? null;
        const paged = jobs.some((j) => j.type === "incident.opened" && j.incidentId === open?.id);
        const mine = new Set(rows.map((r) => r.id));
        const opens = [...events.values()]
          .filter((e) => mine.has(e.incidentId) && (e.type === "opened" || e.type === "reopened"))
          .map((e) => e.at);
        out.set(id, {
          lastSequence: Math.max(0, ...rows.map((r) => r.lastSequence), ...jobs.map(jobSeq)),
          incidentCount: rows.length,
          open: open ? { ...open, paged } : null,
          notices: noticesOf(jobs),
          opens: opens.sort((a, b) => a - b).slice(-RECOVERED_OPENS),
        });
      }
      return out;
    },
    async relay(limit, send, at) {
      // claimed synchronously, so a relay running beside this one skips them
      const mine = [...outbox.values()]
        .filter((o) => o.sentAt === null && !relaying.has(o.job.id))
        .slice(0, limit);
      if (mine.length === 0) return 0;
      for (const o of mine) relaying.add(o.job.id);
      try {
        await send(mine.map((o) => o.job));
        for (const o of mine) o.sentAt = at;
      } finally {
        for (const o of mine) relaying.delete(o.job.id);
      }
      return mine.length;
    },
  };
  return {
    ...store,
    incidents: () => [...incidents.values()],
    feed: () => [...feed],
    events: () => [...events.values()].sort((a, b) => a.sequence - b.sequence),
    outbox: () => [...outbox.values()],
  };
}
