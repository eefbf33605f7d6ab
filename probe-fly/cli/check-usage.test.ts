import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runScript } from "../../test-support/run-script";

const script = join(import.meta.dirname, "check.ts");

const run = (args: string[]) => runScript(script, args);

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

  it("exits 2 naming a URL that does not parse, and checks nothing", async () => {
    for (const bad of ["http://", "https://exa mple.test/", "http://[::1/", "not a url"]) {
      const r = await run([bad, "--json", "--allow-private"]);
      expect(r.code, bad).toBe(2);
      expect(r.stderr).toContain(`<url> ${JSON.stringify(bad)} does not parse as a URL`);
      expect(r.stdout).toBe("");
    }
  });

  it("says how to write a scheme-less host that does not parse", async () => {
    const r = await run(["exa mple.test", "--json"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/write e\.g\. https:\/\/exa mple\.test/);
  });
});
