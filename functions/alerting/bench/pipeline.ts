import { replayPipeline } from "../replay/pipeline";
import type { PipelineLine } from "../replay/trace";
import type { Note } from "./detectors";
import { results } from "./feed";
import type { Scenario } from "./scenario";

/**
 * The seeded world through the deployed path (`replay --pipeline`): every result passes the
 * probe's filter, then queue, consensus on Redis and the control DB, scheduler, alert consumer.
 */
export async function pipelineNotes(world: Scenario, seed: number): Promise<Note[]> {
  const lines: PipelineLine[] = world.domains.map((d) => ({
    type: "domain",
    id: d.id,
    regions: d.regions,
    intervalSeconds: d.intervalMs / 1000,
    timeoutMs: d.timeoutMs,
    sslWarnDays: d.sslWarnDays,
    maintenance: [],
  }));
  for (const batch of results(world, seed))
    for (const r of batch) lines.push({ type: "result", ...r });
  lines.push({ type: "end", t: world.end });
  const out = await replayPipeline(lines);
  return out.map((l) => {
    const n = JSON.parse(l) as Note;
    return { t: n.t, domain: n.domain, type: n.type };
  });
}
