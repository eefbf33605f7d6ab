/**
 * `npm run typecheck:infra`: type-checks sst.config.ts and infra/ without network. The sst
 * binary writes its platform source (.sst/platform) from its own copy, then fails fetching
 * provider packages with bun; those packages are devDependencies here instead (pinned to the
 * versions that platform asks for, checked below), so after `npm ci` nothing is downloaded.
 */
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";

const platform = ".sst/platform";
// read from disk: the sst package's exports do not include its package.json
const sstVersion = (
  JSON.parse(readFileSync("node_modules/sst/package.json", "utf8")) as { version: string }
).version;

function fail(message: string): never {
  console.error(`typecheck:infra: ${message}`);
  process.exit(1);
}

const current = existsSync(`${platform}/version`)
  ? readFileSync(`${platform}/version`, "utf8").trim()
  : "";
if (current !== sstVersion || !existsSync(`${platform}/src/global.d.ts`)) {
  spawnSync("npx", ["sst", "install", "--stage", "typecheck"], {
    stdio: "ignore",
    timeout: 120_000,
    env: {
      ...process.env,
      // no Pulumi or bun download, no telemetry; the provider fetch that follows fails offline
      SST_SKIP_DEPENDENCY_CHECK: "1",
      SST_TELEMETRY_DISABLED: "1",
    },
  });
  if (!existsSync(`${platform}/src/global.d.ts`)) {
    fail(`sst ${sstVersion} did not write ${platform}/src (is the sst package installed?)`);
  }
}

// The providers' versions must be the ones this platform was written against.
const wanted = (
  JSON.parse(readFileSync(`${platform}/package.json`, "utf8")) as {
    dependencies: Record<string, string>;
  }
).dependencies;
const root = JSON.parse(readFileSync("package.json", "utf8")) as {
  devDependencies: Record<string, string>;
};
for (const [name, version] of Object.entries(wanted)) {
  if (!name.startsWith("@pulumi/") && !name.startsWith("@pulumiverse/")) continue;
  const have = root.devDependencies[name];
  if (have !== undefined && have !== version.replace(/^v/, "")) {
    fail(`sst ${sstVersion} wants ${name}@${version}; package.json pins ${have}`);
  }
}

// What `sst install` writes once its packages are in: the providers as globals, typed $config.
writeFileSync(
  `${platform}/config.d.ts`,
  `import "./src/global.d.ts";
import type { AppInput, App, Config } from "./src/config";
import * as _aws from "@pulumi/aws";
import * as _cloudflare from "@pulumi/cloudflare";

declare global {
  // @ts-expect-error
  export import aws = _aws;
  // @ts-expect-error
  export import cloudflare = _cloudflare;
  interface Providers {
    providers?: {
      aws?: (_aws.ProviderArgs & { version?: string }) | boolean | string;
      cloudflare?: (_cloudflare.ProviderArgs & { version?: string }) | boolean | string;
    };
  }
  export const $config: (
    input: Omit<Config, "app"> & {
      app(input: AppInput): Omit<App, "providers"> & Providers;
    },
  ) => Config;
}
`,
);

const tsc = spawnSync("npx", ["tsc", "-p", "tsconfig.infra.json"], { stdio: "inherit" });
process.exit(tsc.status ?? 1);
