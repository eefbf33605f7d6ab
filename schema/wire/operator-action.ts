import { z } from "zod";

/**
 * API → consensus queue: an operator acted on a domain's incident at `at` (ms since epoch);
 * the engine applies it in time order with the observations of its batch.
 */
export const OperatorAction = z.object({
  kind: z.literal("operator"),
  action: z.literal("acknowledge"),
  domainId: z.string().min(1),
  incidentId: z.string().min(1),
  at: z.number().int().nonnegative(),
});
export type OperatorAction = z.infer<typeof OperatorAction>;
