import { z } from "zod";

/**
 * Scheduler → consensus queue: look at a domain again at `at` (ms since epoch), although no
 * observation arrived — a digest, a recovery period ending, a vote expiring.
 */
export const AlertWake = z.object({
  kind: z.literal("wake"),
  domainId: z.string().min(1),
  at: z.number().int().nonnegative(),
});
export type AlertWake = z.infer<typeof AlertWake>;
