import { dirname, join, parse } from "node:path";
import { build } from "esbuild";
import type { LambdaUnit } from "./units";

/**
 * The banner SST puts on an ESM bundle: CommonJS dependencies bundled into ESM still call
 * require() and read __dirname, which ESM lacks.
 */
const banner = [
  `import { createRequire as topLevelCreateRequire } from "module";`,
  "const require = topLevelCreateRequire(import.meta.url);",
  `import { fileURLToPath as topLevelFileUrlToPath, URL as topLevelURL } from "url";`,
  "const __filename = topLevelFileUrlToPath(import.meta.url);",
  `const __dirname = topLevelFileUrlToPath(new topLevelURL(".", import.meta.url));`,
].join("\n");

/** A built entry: the bundle's path (the handler's file in the zip) and its size. */
export interface Bundle {
  file: string;
  bytes: number;
}

/**
 * Bundles one entry as SST does for the `nodejs` options in deploy-aws.ts: ESM, node20,
 * platform node, everything bundled (the AWS SDK v3 too: pinned by our lockfile rather than
 * whatever the runtime ships), minify off, source maps on, names kept, and SST's forced
 * externals (sharp, pg-native: native modules; pg only loads pg-native when asked to).
 */
export async function bundleUnit(unit: Pick<LambdaUnit, "entry">, outDir: string): Promise<Bundle> {
  const { dir, name } = parse(unit.entry);
  const file = join(outDir, dir, `${name}.mjs`);
  const result = await build({
    entryPoints: [unit.entry],
    outfile: file,
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    mainFields: ["module", "main"],
    minify: false,
    sourcemap: true,
    keepNames: true,
    external: ["sharp", "pg-native"],
    banner: { js: banner },
    metafile: true,
    logLevel: "silent",
  });
  const out = result.metafile.outputs;
  const key = Object.keys(out).find((k) => k.endsWith(".mjs") && dirname(k).endsWith(dir));
  return { file, bytes: key ? out[key]!.bytes : 0 };
}
