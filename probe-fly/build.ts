/**
 * `npm run build:probe [outfile]`: the probe as one ESM file, what probe-fly/Dockerfile runs
 * (default dist/probe.mjs). Everything is bundled, so the image needs no node_modules.
 */
import { build } from "esbuild";

/** Bundles probe-fly/main.ts into `outfile` (with its source map beside it). */
export async function buildProbe(outfile: string): Promise<void> {
  await build({
    entryPoints: [new URL("./main.ts", import.meta.url).pathname],
    outfile,
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    sourcemap: true,
    keepNames: true,
    logLevel: "warning",
    // CommonJS dependencies (ioredis, the AWS SDK) call require(), which ESM lacks
    banner: {
      js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);",
    },
  });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await buildProbe(process.argv[2] ?? "dist/probe.mjs");
}
