import { eq, sql } from "drizzle-orm";
import { pgArray } from "../../adapters/db/pg-array";
import type { Database } from "../../adapters/db/types";
import type { AlertChannel } from "../../schema/control/alert-channels";
import { type Delivery, deliveries } from "../../schema/control/deliveries";
import type { AlertsDeps } from "./types";

/** Rate limits count per fixed minute, and a summary collects a minute. */
export const MINUTE = 60_000;

/**
 * The storm or summary message a held delivery joins: one per channel per time bucket, made
 * once (its key is unique) and due when the bucket ends, so every member joins before it is
 * sent. A storm message keeps its members' type; a summary's type is `summary`.
 */
export async function groupFor(
  deps: AlertsDeps,
  channel: Pick<AlertChannel, "id" | "orgId">,
  kind: "storm" | "summary",
  memberType: string,
  now: number,
): Promise<string> {
  const span = kind === "storm" ? deps.settings.stormCollectMs : MINUTE;
  const bucket = Math.floor(now / span);
  const type = kind === "storm" ? memberType : "summary";
  const key = `${kind}:${type}:${bucket}:${channel.id}`;
  const at = new Date(now);
  await deps.db
    .insert(deliveries)
    .values({
      channelId: channel.id,
      orgId: channel.orgId,
      eventId: `${kind}:${type}:${bucket}`,
      idempotencyKey: key,
      kind,
      type,
      payload: { type, timestamp: at.toISOString(), data: {} },
      status: "pending",
      nextAttemptAt: new Date((bucket + 1) * span),
      createdAt: at,
      updatedAt: at,
    })
    .onConflictDoNothing({ target: deliveries.idempotencyKey });
  const [row] = await deps.db
    .select({ id: deliveries.id })
    .from(deliveries)
    .where(eq(deliveries.idempotencyKey, key));
  return row!.id;
}

/**
 * Which of the new single rows go out now and which are held for a summary: in route order,
 * each takes a slot of its channel's and its organization's minute (counted from what the
 * minute held before this batch) while both have one.
 */
export function overLimit(
  rows: Delivery[],
  before: Map<string, number>,
  s: AlertsDeps["settings"],
): Set<string> {
  const used = new Map(before);
  const held = new Set<string>();
  for (const d of rows) {
    const chKey = `channel:${d.channelId}`;
    const orgKey = `org:${d.orgId}`;
    const ch = used.get(chKey) ?? 0;
    const org = used.get(orgKey) ?? 0;
    if (ch >= s.channelPerMinute || org >= s.orgPerMinute) held.add(d.id);
    else {
      used.set(chKey, ch + 1);
      used.set(orgKey, org + 1);
    }
  }
  return held;
}

/**
 * Rows over a rate limit join their channel's summary message for this minute (one per channel,
 * due when the minute ends) instead of going out. Until this commits they are pending and leased
 * like any other: if it fails, the sweep sends them one by one when the lease ends, so a held
 * message is late or alone, never lost.
 */
export async function holdForSummary(deps: AlertsDeps, rows: Delivery[], now: number) {
  await deps.db.transaction(async (tx) => {
    const d = { ...deps, db: tx as unknown as Database };
    const groups = new Map<string, string>();
    for (const row of rows) {
      if (!groups.has(row.channelId))
        groups.set(
          row.channelId,
          await groupFor(d, { id: row.channelId, orgId: row.orgId }, "summary", row.type, now),
        );
    }
    await d.db.execute(sql`
      update deliveries as d set status = 'grouped', group_id = v.g, next_attempt_at = null
      from unnest(${sql.param(pgArray(rows.map((r) => r.id)))}::uuid[],
        ${sql.param(pgArray(rows.map((r) => groups.get(r.channelId)!)))}::uuid[]) as v(id, g)
      where d.id = v.id`);
  });
}
