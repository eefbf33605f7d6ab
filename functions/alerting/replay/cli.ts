import { readFileSync } from "node:fs";
import { replayPipeline } from "./pipeline";
import { replay } from "./run";
import { parsePipelineTrace, parseTrace, TraceError } from "./trace";

const USAGE = `usage: npm run -s replay -- [--sparse | --pipeline] <trace.jsonl | ->
  --sparse    the trace holds only what probes send to consensus (failures, the first pass after
              a failure, rechecks): silence after a pass keeps a region up
  --pipeline  run the trace through the deployed path (probe filter, queue, consensus with
              Redis and the control DB, scheduler, reconcile, the alert consumer's idempotency);
              fault and delete lines are allowed (CONTRACTS §2)`;

/** `replay [--sparse|--pipeline] <trace.jsonl | ->`: prints every notification; exit 2 on bad usage or a bad line. */
async function main(argv: string[]): Promise<number> {
  const args = argv.filter((a) => a !== "--");
  const sparse = args.includes("--sparse");
  const pipeline = args.includes("--pipeline");
  const rest = args.filter((a) => a !== "--sparse" && a !== "--pipeline");
  const unknown = rest.find((a) => a.startsWith("--"));
  if (unknown || rest.length !== 1 || (sparse && pipeline)) {
    const why = unknown
      ? `unknown option ${unknown}\n`
      : sparse && pipeline
        ? "--sparse and --pipeline cannot be combined\n"
        : "";
    process.stderr.write(`${why}${USAGE}\n`);
    return 2;
  }
  const source = rest[0]!;
  let text: string;
  try {
    text = readFileSync(source === "-" ? 0 : source, "utf8");
  } catch (err) {
    process.stderr.write(`cannot read trace "${source}": ${(err as Error).message}\n`);
    return 2;
  }
  try {
    const lines = pipeline
      ? await replayPipeline(parsePipelineTrace(text))
      : replay(parseTrace(text), { silenceKeepsUp: sparse });
    process.stdout.write(lines.length > 0 ? `${lines.join("\n")}\n` : "");
    return 0;
  } catch (err) {
    if (err instanceof TraceError) {
      process.stderr.write(`${err.message}\n`);
      return 2;
    }
    throw err;
  }
}

process.exitCode = await main(process.argv.slice(2));
