import { readFileSync } from "node:fs";
import { replay } from "./run";
import { parseTrace, TraceError } from "./trace";

const USAGE = `usage: npm run -s replay -- [--sparse] <trace.jsonl | ->
  --sparse  the trace holds only what probes send to consensus (failures, the first pass after
            a failure, rechecks): silence after a pass keeps a region up`;

/** `replay [--sparse] <trace.jsonl | ->`: prints every notification; exit 2 on bad usage or a bad line. */
function main(argv: string[]): number {
  const args = argv.filter((a) => a !== "--");
  const sparse = args.includes("--sparse");
  const rest = args.filter((a) => a !== "--sparse");
  const unknown = rest.find((a) => a.startsWith("--"));
  if (unknown || rest.length !== 1) {
    process.stderr.write(`${unknown ? `unknown option ${unknown}\n` : ""}${USAGE}\n`);
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
    const lines = replay(parseTrace(text), { silenceKeepsUp: sparse });
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

process.exitCode = main(process.argv.slice(2));
