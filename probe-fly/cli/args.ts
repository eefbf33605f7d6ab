import { isIP } from "node:net";
import { parseExpectStatus } from "../checks/expect-status";

/** Parsed options of the one-shot check (CONTRACTS §1). */
export interface CheckArgs {
  url: string;
  json: boolean;
  timeoutMs: number;
  caFile: string | null;
  expectStatus: string;
  keyword: string | null;
  method: "GET" | "HEAD";
  maxRedirects: number;
  region: string;
  localAddress: string | null;
  allowPrivate: boolean;
}

/** Bad usage: the message names the argument; the CLI exits 2 without checking anything. */
export class UsageError extends Error {
  override name = "UsageError";
}

const FLAGS = new Set(["--json", "--allow-private"]);
const VALUED = new Set([
  "--timeout",
  "--ca",
  "--expect-status",
  "--keyword",
  "--method",
  "--max-redirects",
  "--region",
  "--local-address",
]);

function intArg(name: string, raw: string, min: number, max: number): number {
  const n = Number(raw);
  if (!/^\d+$/.test(raw) || n < min || n > max) {
    throw new UsageError(
      `${name} must be an integer from ${min} to ${max}, got ${JSON.stringify(raw)}`,
    );
  }
  return n;
}

/** Parses argv (after the script name); throws UsageError naming the bad argument. */
export function parseCheckArgs(argv: readonly string[]): CheckArgs {
  const out: CheckArgs = {
    url: "",
    json: false,
    timeoutMs: 10_000,
    caFile: null,
    expectStatus: "200-399",
    keyword: null,
    method: "GET",
    maxRedirects: 5,
    region: "local",
    localAddress: null,
    allowPrivate: false,
  };
  const urls: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (!arg.startsWith("--")) {
      urls.push(arg);
      continue;
    }
    const eq = arg.indexOf("=");
    const name = eq > 0 ? arg.slice(0, eq) : arg;
    if (FLAGS.has(name)) {
      if (eq > 0) throw new UsageError(`${name} takes no value`);
      if (name === "--json") out.json = true;
      else out.allowPrivate = true;
      continue;
    }
    if (!VALUED.has(name)) throw new UsageError(`unknown option ${name}`);
    // "--keyword --json" lacks a value: an option is never taken as the value before it
    // (a value that starts with "--" is written "--keyword=--text")
    const next = eq > 0 ? arg.slice(eq + 1) : argv[i + 1];
    const value = eq < 0 && next?.startsWith("--") ? undefined : next;
    if (eq < 0 && value !== undefined) i++;
    if (value === undefined || value === "") throw new UsageError(`${name} needs a value`);
    applyValue(out, name, value);
  }
  if (urls.length === 0) throw new UsageError("missing <url>: usage: check <url> [options]");
  if (urls.length > 1)
    throw new UsageError(`unexpected argument ${JSON.stringify(urls[1])}: one <url> per run`);
  out.url = urls[0]!;
  if (!URL.canParse(out.url)) {
    // a scheme-less host ("example.com") does not parse either: say what would
    const hint = out.url.includes("://") ? "" : `; write e.g. https://${out.url}`;
    throw new UsageError(`<url> ${JSON.stringify(out.url)} does not parse as a URL${hint}`);
  }
  if (out.keyword !== null && out.method === "HEAD") {
    throw new UsageError("--keyword needs a body: use it with --method GET");
  }
  return out;
}

function applyValue(out: CheckArgs, name: string, value: string): void {
  switch (name) {
    case "--timeout":
      out.timeoutMs = intArg(name, value, 1, 600_000);
      break;
    case "--ca":
      out.caFile = value;
      break;
    case "--expect-status":
      if (!parseExpectStatus(value)) {
        throw new UsageError(
          `--expect-status must be a code like 200 or a range like 200-299, got ${JSON.stringify(value)}`,
        );
      }
      out.expectStatus = value;
      break;
    case "--keyword":
      out.keyword = value;
      break;
    case "--method": {
      const m = value.toUpperCase();
      if (m !== "GET" && m !== "HEAD")
        throw new UsageError(`--method must be GET or HEAD, got ${JSON.stringify(value)}`);
      out.method = m;
      break;
    }
    case "--max-redirects":
      out.maxRedirects = intArg(name, value, 0, 20);
      break;
    case "--region":
      out.region = value;
      break;
    case "--local-address":
      if (!isIP(value))
        throw new UsageError(`--local-address must be an IP address, got ${JSON.stringify(value)}`);
      out.localAddress = value;
      break;
  }
}
