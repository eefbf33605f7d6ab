import { spawn } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const script = join(import.meta.dirname, "check.ts");

function run(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["--import", "tsx", script, ...args], { stdio: "pipe" });
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

describe("npm run check: URLs and option values", () => {
  it("reports a URL without a scheme as INVALID_URL, exit 1, saying the scheme is missing", async () => {
    const r = await run(["localhost:8443", "--json", "--allow-private"]);
    expect(r.code).toBe(1);
    const result = JSON.parse(r.stdout);
    expect(result.error.code).toBe("INVALID_URL");
    expect(result.error.message).toMatch(/no http:\/\/ or https:\/\//);
    expect(result.httpStatus).toBeNull();
  });

  it("exits 2 naming the option when its value is missing before another option", async () => {
    const r = await run(["http://127.0.0.1:9/", "--allow-private", "--keyword", "--json"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--keyword needs a value/);
    expect(r.stdout).toBe("");
  });
});
