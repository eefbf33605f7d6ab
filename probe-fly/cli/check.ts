import { readFileSync } from "node:fs";
import type { SecureContext } from "node:tls";
import { guardPolicy } from "../../adapters/net/guard";
import { checkTarget, runCheck } from "../checks/check";
import { buildSecureContext } from "../checks/secure-context";
import { parseCheckArgs, UsageError } from "./args";
import { formatSummary } from "./summary";

/** One-shot check (CONTRACTS §1): exit 0 pass, 1 fail, 2 bad usage. */
async function main(argv: readonly string[]): Promise<number> {
  let args: ReturnType<typeof parseCheckArgs>;
  let secureContext: SecureContext;
  try {
    args = parseCheckArgs(argv);
    secureContext = args.caFile ? loadCa(args.caFile) : buildSecureContext();
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    process.stderr.write(`check: ${err.message}\n`);
    return 2;
  }
  const result = await runCheck(
    checkTarget(args.url, {
      method: args.method,
      expectStatus: args.expectStatus,
      keyword: args.keyword,
      maxRedirects: args.maxRedirects,
      timeoutMs: args.timeoutMs,
    }),
    {
      region: args.region,
      policy: guardPolicy(args.allowPrivate),
      secureContext,
      localAddress: args.localAddress ?? undefined,
      now: Date.now,
    },
  );
  process.stdout.write(args.json ? `${JSON.stringify(result)}\n` : `${formatSummary(result)}\n`);
  return result.ok ? 0 : 1;
}

function loadCa(file: string): SecureContext {
  let pem: string;
  try {
    pem = readFileSync(file, "utf8");
  } catch (err) {
    throw new UsageError(
      `--ca cannot read ${file}: ${(err as { code?: string }).code ?? String(err)}`,
    );
  }
  if (!pem.includes("-----BEGIN CERTIFICATE-----")) {
    throw new UsageError(`--ca ${file} holds no PEM certificate`);
  }
  try {
    return buildSecureContext([pem]);
  } catch (err) {
    throw new UsageError(`--ca ${file} is not a valid certificate: ${(err as Error).message}`);
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err) => {
    process.stderr.write(`check: unexpected failure: ${(err as Error).stack ?? String(err)}\n`);
    process.exitCode = 1;
  },
);
