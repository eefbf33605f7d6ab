import type { OrgEventIn } from "../../adapters/events/org-events";

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

/** Persistence of incidents and their events; every write is idempotent. */
export interface IncidentStore {
  save(changes: IncidentChanges): Promise<void>;
}

/** An in-memory store with the same rules, for tests and the embedded stack. */
export function memoryIncidentStore() {
  const incidents = new Map<string, IncidentRow>();
  const events = new Map<string, IncidentEventRow>();
  const feed: OrgEventIn[] = [];
  const store: IncidentStore = {
    async save(c) {
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
    },
  };
  return {
    ...store,
    incidents: () => [...incidents.values()],
    feed: () => [...feed],
    events: () => [...events.values()].sort((a, b) => a.sequence - b.sequence),
  };
}
