import { cloudflareTest } from "@cloudflare/vitest-pool-workers";
import { defineConfig } from "vitest/config";

/**
 * Three projects: `unit` needs no service; `int` talks to real PostgreSQL and Redis; `edge` runs
 * the status-page Worker in workerd against a private Redis behind the Upstash REST bridge.
 */
export default defineConfig({
  test: {
    // vitest's default on 2 cores is one worker; most of the suite waits on sockets, timers and
    // child processes, so two overlap those waits (int files still run one at a time)
    maxWorkers: 2,
    projects: [
      {
        test: {
          name: "unit",
          include: ["**/*.test.ts"],
          exclude: ["**/*.int.test.ts", "**/*.worker.test.ts", "node_modules/**", ".data/**"],
          testTimeout: 20_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: "int",
          include: ["**/*.int.test.ts"],
          exclude: ["node_modules/**", ".data/**"],
          testTimeout: 30_000,
          hookTimeout: 60_000,
          fileParallelism: false,
        },
      },
      {
        plugins: [cloudflareTest({ wrangler: { configPath: "./edge/wrangler.toml" } })],
        test: {
          name: "edge",
          include: ["edge/**/*.worker.test.ts"],
          globalSetup: ["edge/testing/global-setup.ts"],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
