import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migrateDatabase } from "../../adapters/db/migrate";
import { openDatabase } from "../../adapters/db/open";
import type { DatabaseHandle } from "../../adapters/db/types";
import { alertOutbox } from "../../schema/control/alert-outbox";
import { domains } from "../../schema/control/domains";
import { incidents } from "../../schema/control/incidents";
import { organizations } from "../../schema/control/organizations";
import { pruneOutbox } from "./outbox-prune";

const DAY = 86_400_000;
const NOW = Date.UTC(2026, 11, 1, 12, 0, 0);
const ORG = "00000000-0000-4000-8000-000000000001";
const A = "00000000-0000-4000-8000-0000000000a1";
const B = "00000000-0000-4000-8000-0000000000b1";
const OPEN = "00000000-0000-4000-8000-00000000c0c0";

/** The outbox pruning on a database `url` gives (PGlite for ""), dropped by `drop` after. */
export function outboxPruneSuite(
  name: string,
  url: () => Promise<string>,
  drop: () => Promise<void> = async () => {},
) {
  describe(`alert outbox pruning (${name})`, () => {
    let h: DatabaseHandle;
    beforeAll(async () => {
      h = await openDatabase(await url());
      await migrateDatabase(h, "control");
      await h.db.insert(organizations).values({ id: ORG, name: "o" });
      await h.db.insert(domains).values(
        [A, B].map((id) => ({
          id,
          orgId: ORG,
          url: `https://${id}.test/`,
          name: id,
          regions: ["ams"],
        })),
      );
      await h.db.insert(incidents).values({
        id: OPEN,
        orgId: ORG,
        domainId: B,
        state: "open",
        regions: ["ams"],
        openedAt: new Date(NOW - 30 * DAY),
        lastSequence: 1,
      });
      const row = (
        domainId: string,
        sequence: number,
        ageDays: number,
        sent: boolean,
        job = {},
      ) => ({
        id: `${domainId}:${sequence}`,
        domainId,
        sequence,
        job: JSON.stringify({ type: "digest", incidentId: null, ...job }),
        createdAt: new Date(NOW - ageDays * DAY),
        sentAt: sent ? new Date(NOW - ageDays * DAY) : null,
      });
      await h.db.insert(alertOutbox).values([
        row(A, 1, 30, true), // old and relayed: goes
        row(A, 2, 8, true), // past 7 days, relayed: goes
        row(A, 3, 9, false), // never relayed: stays
        row(A, 4, 6, true), // within retention: stays
        row(A, 5, 20, true), // A's highest sequence: stays, however old
        row(B, 1, 30, true, { type: "incident.opened", incidentId: OPEN }), // still open: stays
        row(B, 2, 29, true), // goes
        row(B, 3, 28, true), // B's highest: stays
      ]);
    });
    afterAll(async () => {
      await h?.close();
      await drop();
    });

    it("deletes relayed rows past the retention, keeping each domain's last sequence and the opening of an unresolved incident", async () => {
      expect(await pruneOutbox(h.db, NOW)).toEqual({ deleted: 3 });
      const left = (await h.db.select({ id: alertOutbox.id }).from(alertOutbox)).map((r) => r.id);
      expect(left.sort()).toEqual([`${A}:3`, `${A}:4`, `${A}:5`, `${B}:1`, `${B}:3`].sort());
      // a second run finds nothing more to delete
      expect(await pruneOutbox(h.db, NOW)).toEqual({ deleted: 0 });
    });
  });
}
