import { spawn } from "node:child_process";
import { createInterface } from "node:readline";
import type { TestProject } from "vitest/node";

declare module "vitest" {
  export interface ProvidedContext {
    /** The Upstash REST endpoint the Worker tests read, in front of a private redis-server. */
    upstash: { url: string; token: string };
  }
}

/**
 * Node side of the Worker tests: a private redis-server (so the suite never touches shared
 * keys and never skips) behind the Upstash REST bridge, in a child process; the tests in
 * workerd fetch its URL.
 */
export default async function setup(project: TestProject) {
  const child = spawn(process.execPath, ["--import", "tsx", "edge/testing/bridge-process.ts"], {
    stdio: ["pipe", "pipe", "inherit"],
  });
  const line = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("the Upstash bridge did not start")), 30_000);
    child.once("exit", (code) => reject(new Error(`the Upstash bridge exited with ${code}`)));
    createInterface({ input: child.stdout! }).once("line", (l) => {
      clearTimeout(timer);
      resolve(l);
    });
  });
  project.provide("upstash", JSON.parse(line) as { url: string; token: string });
  return async () => {
    const exited = new Promise((r) => child.once("exit", r));
    child.stdin!.end();
    await exited;
  };
}
