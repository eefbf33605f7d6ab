import { bigint, integer, pgTable, primaryKey, text } from "drizzle-orm/pg-core";

/**
 * Messages per scope (`channel:<id>`, `org:<id>`) per fixed minute: the rate limits' counters,
 * incremented atomically by each batch (old windows are dead weight, pruned by maintenance).
 */
export const deliveryCounters = pgTable(
  "delivery_counters",
  {
    scope: text("scope").notNull(),
    /** Minute since epoch. */
    window: bigint("window", { mode: "number" }).notNull(),
    count: integer("count").notNull(),
  },
  (t) => [primaryKey({ columns: [t.scope, t.window] })],
);
