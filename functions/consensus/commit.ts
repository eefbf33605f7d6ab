import type { DomainCommit } from "./incident-store";
import type { ConsensusDeps } from "./run";

/**
 * Commits a batch's incidents and outbox jobs in one transaction; if that fails, domain by
 * domain, so one bad domain (deleted meanwhile: a foreign key; any constraint) never holds
 * back the others. A domain the control DB no longer has is `deleted` (its effects dropped);
 * any other failure is `failed` and its messages come back alone.
 */
export async function commitIsolated(
  deps: ConsensusDeps,
  commits: DomainCommit[],
): Promise<{ failed: Set<string>; deleted: Set<string> }> {
  const failed = new Set<string>();
  const deleted = new Set<string>();
  try {
    await deps.incidents.commit(commits);
    return { failed, deleted };
  } catch (err) {
    deps.log.warn("batch commit failed; committing domain by domain", { error: String(err) });
  }
  for (const c of commits) {
    try {
      await deps.incidents.commit([c]);
    } catch (err) {
      const exists = deps.controlConfigs
        ? (await deps.controlConfigs([c.domainId])).length > 0
        : true;
      if (exists) {
        failed.add(c.domainId);
        deps.log.error("domain commit failed; its messages will be redelivered", {
          domainId: c.domainId,
          error: String(err),
        });
      } else {
        deleted.add(c.domainId);
        deps.log.warn("domain deleted while its batch ran; its effects dropped", {
          domainId: c.domainId,
        });
      }
    }
  }
  return { failed, deleted };
}
