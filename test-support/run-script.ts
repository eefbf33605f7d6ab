import { spawn } from "node:child_process";

/** What a finished process left behind. */
export interface ScriptRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a TypeScript entry point as its own Node process (as `npm run` would) and collects its output. */
export function runScript(
  script: string,
  args: string[],
  /** The child's whole environment; without it the child inherits this process's. */
  env?: NodeJS.ProcessEnv,
): Promise<ScriptRun> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["--import", "tsx", script, ...args], {
      stdio: "pipe",
      ...(env ? { env } : {}),
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => {
      stdout += d;
    });
    child.stderr.on("data", (d) => {
      stderr += d;
    });
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}
