import type { Database } from "../../../adapters/db/types";
import { lastOrgSeq, type OrgEventOut, readOrgEvents } from "../../../adapters/events/org-events";
import type { Logger } from "../../../adapters/log/logger";

/** A listener's handle: `start` is the sequence the hub had reached when it joined. */
export interface Subscription {
  start: Promise<number>;
  close(): void;
}

/** In-process fan-out of the event log: one reader per organization, however many streams. */
export interface EventHub {
  subscribe(orgId: string, listener: (e: OrgEventOut) => void): Subscription;
  /** Reads now instead of at the next tick (the API calls it after appending). */
  poke(orgId: string): void;
  /** Open listeners, for metrics and the bench. */
  size(): number;
  close(): void;
}

interface OrgFeed {
  listeners: Set<(e: OrgEventOut) => void>;
  last: Promise<number>;
  reading: boolean;
  again: boolean;
}

/**
 * Polls org_events every `pollMs` for each organization that has a listener and hands every
 * new event to all of them, in sequence order. Sequences commit in order (see
 * appendOrgEvents), so reading `seq > last` never skips one.
 */
export function eventHub(deps: { db: Database; log: Logger; pollMs: number }): EventHub {
  const feeds = new Map<string, OrgFeed>();
  let listeners = 0;

  async function read(orgId: string, feed: OrgFeed): Promise<void> {
    if (feed.reading) {
      feed.again = true;
      return;
    }
    feed.reading = true;
    try {
      do {
        feed.again = false;
        let last = await feed.last;
        for (;;) {
          const batch = await readOrgEvents(deps.db, orgId, last, 500);
          for (const e of batch) {
            last = e.seq;
            for (const l of feed.listeners) l(e);
          }
          feed.last = Promise.resolve(last);
          if (batch.length < 500) break;
        }
      } while (feed.again);
    } catch (err) {
      deps.log.warn("event log read failed; retried next tick", { orgId, error: String(err) });
    } finally {
      feed.reading = false;
    }
  }

  const timer = setInterval(() => {
    for (const [orgId, feed] of feeds) void read(orgId, feed);
  }, deps.pollMs);
  timer.unref();

  return {
    subscribe(orgId, listener) {
      let feed = feeds.get(orgId);
      if (!feed) {
        const last = lastOrgSeq(deps.db, orgId);
        feed = { listeners: new Set(), last, reading: false, again: false };
        feeds.set(orgId, feed);
        last.catch(() => feeds.delete(orgId));
      }
      const f = feed;
      f.listeners.add(listener);
      listeners += 1;
      let open = true;
      return {
        start: f.last,
        close() {
          if (!open) return;
          open = false;
          listeners -= 1;
          f.listeners.delete(listener);
          if (f.listeners.size === 0 && feeds.get(orgId) === f) feeds.delete(orgId);
        },
      };
    },
    poke(orgId) {
      const feed = feeds.get(orgId);
      if (feed) void read(orgId, feed);
    },
    size: () => listeners,
    close() {
      clearInterval(timer);
      feeds.clear();
    },
  };
}
