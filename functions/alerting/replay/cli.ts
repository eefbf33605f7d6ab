import { readFileSync } from "node:fs";
import { replay } from "./run";
import { parseTrace, TraceError } from "./trace";

const USAGE = "usage: npm run -s replay -- <trace.jsonl | ->";

/** `replay <trace.jsonl | ->`: prints every notification; exit 2 on bad usage or a bad line. */
function main(argv: string[]): number {
  const args = argv.filter((a) => a !== "--");
  if (args.length !== 1) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  const source = args[0]!;
  let text: string;
  try {
    text = readFileSync(source === "-" ? 0 : source, "utf8");
  } catch (err) {
    process.stderr.write(`cannot read trace "${source}": ${(err as Error).message}\n`);
    return 2;
  }
  try {
    const lines = replay(parseTrace(text));
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
