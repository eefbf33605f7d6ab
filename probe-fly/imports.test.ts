import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { describe, expect, it } from "vitest";

const DB_DRIVERS = [
  "pg",
  "@neondatabase/serverless",
  "@electric-sql/pglite",
  "drizzle-orm",
  "pg-copy-streams",
];
const root = import.meta.dirname;

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === "testing" ? [] : sources(path);
    return /\.ts$/.test(name) && !/\.test\.ts$/.test(name) ? [path] : [];
  });
}

function specifiers(file: string): string[] {
  const text = readFileSync(file, "utf8");
  const found = text.matchAll(
    /(?:import|export)[^"'`;]*?from\s*["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)/g,
  );
  return [...found].map((m) => m[1] ?? m[2]!);
}

function resolveLocal(from: string, spec: string): string | null {
  const base = resolve(dirname(from), spec);
  for (const candidate of [`${base}.ts`, join(base, "index.ts"), base]) {
    if (existsSync(candidate) && statSync(candidate).isFile()) return candidate;
  }
  return null;
}

/** Every package the probe's sources reach, following relative imports across the repo. */
function packagesReached(entries: string[]): Map<string, string> {
  const seen = new Set<string>();
  const packages = new Map<string, string>();
  const stack = [...entries];
  while (stack.length > 0) {
    const file = stack.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    for (const spec of specifiers(file)) {
      if (spec.startsWith(".")) {
        const next = resolveLocal(file, spec);
        if (next) stack.push(next);
      } else {
        const name = spec.startsWith("@")
          ? spec.split("/").slice(0, 2).join("/")
          : spec.split("/")[0]!;
        packages.set(name, file);
      }
    }
  }
  return packages;
}

describe("probe-fly's import graph", () => {
  it("reaches no database driver: probes never query the control DB", () => {
    const reached = packagesReached(sources(root));
    expect(reached.has("zod")).toBe(true); // the walk really follows imports into schema/
    const drivers = DB_DRIVERS.filter((d) => reached.has(d)).map(
      (d) => `${d} (via ${reached.get(d)})`,
    );
    expect(drivers).toEqual([]);
  });

  it("would notice a driver: the same walk finds drizzle-orm from the control schema", () => {
    const controlDir = resolve(root, "../schema/control");
    const reached = packagesReached(sources(controlDir));
    expect(reached.has("drizzle-orm")).toBe(true);
  });
});
