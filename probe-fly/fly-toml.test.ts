import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { build } from "esbuild";
import { parse } from "smol-toml";
import { describe, expect, it } from "vitest";
import { REGIONS } from "../infra/units";
import { loadConfig } from "./config";

const here = import.meta.dirname;
const fly = parse(readFileSync(join(here, "fly.toml"), "utf8")) as {
  primary_region: string;
  kill_timeout: number;
  env: Record<string, string>;
  checks: Record<string, { type: string; port: number; path: string; method: string }>;
  metrics: { port: number; path: string };
  services?: unknown;
};
const dockerfile = readFileSync(join(here, "Dockerfile"), "utf8");

/** The probe's settings on a Fly machine: fly.toml's [env], the secrets, FLY_REGION. */
const onFly = () =>
  loadConfig({
    ...fly.env,
    FLY_REGION: fly.primary_region,
    REDIS_URL: "rediss://default:token@eu1-fine-cat-12345.upstash.io:6379",
    CONSENSUS_QUEUE_URL: "https://sqs.eu-central-1.amazonaws.com/123456789012/consensus",
  });

describe("probe-fly/fly.toml", () => {
  it("checks /healthz on the port the probe's ops server listens on", () => {
    const check = fly.checks.healthz!;
    expect(check).toMatchObject({ type: "http", path: "/healthz", method: "get" });
    expect(check.port).toBe(onFly().port);
  });

  it("has Fly scrape /metrics on that same port", () => {
    expect(fly.metrics).toEqual({ port: onFly().port, path: "/metrics" });
  });

  it("gives a machine what the probe's config needs, its region from FLY_REGION", () => {
    expect(onFly()).toMatchObject({ region: "ams", allowPrivate: false, logFormat: "json" });
    expect(REGIONS).toContain(fly.primary_region);
    expect(fly.services).toBeUndefined();
  });

  it("waits longer than the probe's own drain before killing it", () => {
    expect(fly.kill_timeout * 1000).toBeGreaterThan(onFly().shutdownTimeoutMs);
  });
});

describe("probe-fly/Dockerfile", () => {
  it("copies every folder the probe bundle imports from", async () => {
    const copied = [...dockerfile.matchAll(/^COPY (\S+) \.\/\1$/gm)].map((m) => m[1]);
    const dir = mkdtempSync(join(tmpdir(), "dp-probe-meta-"));
    try {
      const result = await build({
        entryPoints: [join(here, "main.ts")],
        outfile: join(dir, "probe.mjs"),
        bundle: true,
        platform: "node",
        format: "esm",
        metafile: true,
        write: false,
        logLevel: "silent",
      });
      const folders = new Set(
        Object.keys(result.metafile.inputs)
          .filter((p) => !p.startsWith("node_modules/"))
          .map((p) => p.split("/")[0]),
      );
      expect(folders).toContain("probe-fly");
      expect([...folders].filter((f) => !copied.includes(f!))).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("builds with npm run build:probe and runs the bundle it built", () => {
    expect(dockerfile).toMatch(/^RUN npm run -s build:probe dist\/probe\.mjs$/m);
    expect(dockerfile).toMatch(/^CMD \["node", "--enable-source-maps", "probe\.mjs"\]$/m);
    expect(dockerfile).toMatch(/^STOPSIGNAL SIGTERM$/m);
  });
});
