import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { aDomain, aResult, checks, MIN, T0 } from "../test-trace";

const CLI = fileURLToPath(new URL("./cli.ts", import.meta.url));
const dir = mkdtempSync(join(tmpdir(), "dp-replay-"));

function traceFile(name: string, lines: (Record<string, unknown> | string)[]): string {
  const path = join(dir, name);
  writeFileSync(
    path,
    `${lines.map((l) => (typeof l === "string" ? l : JSON.stringify(l))).join("\n")}\n`,
  );
  return path;
}

function replayCli(args: string[], input?: string) {
  const r = spawnSync(process.execPath, ["--import", "tsx", CLI, ...args], {
    input,
    encoding: "utf8",
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const outage = (_r: string, t: number) =>
  t >= T0 + 5 * MIN && t < T0 + 15 * MIN ? "TIMEOUT" : null;
const goodTrace = [
  aDomain(),
  ...checks({ error: outage, to: T0 + 40 * MIN }),
  { type: "end", t: T0 + 40 * MIN },
];

describe("replay CLI", () => {
  it("prints one JSON notification per line with t, type and domain first", () => {
    const r = replayCli([traceFile("good.jsonl", goodTrace)]);
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split("\n");
    expect(lines.map((l) => JSON.parse(l).type)).toEqual(["incident.opened", "incident.resolved"]);
    expect(Object.keys(JSON.parse(lines[0]!)).slice(0, 4)).toEqual([
      "t",
      "type",
      "domain",
      "incidentId",
    ]);
  });

  it("prints byte-identical output on every run", () => {
    const file = traceFile("same.jsonl", goodTrace);
    const a = replayCli([file]);
    const b = replayCli([file]);
    expect(a.stdout.length).toBeGreaterThan(0);
    expect(b.stdout).toBe(a.stdout);
  });

  it("reads the trace from stdin when given -", () => {
    const text = goodTrace.map((l) => JSON.stringify(l)).join("\n");
    const fromStdin = replayCli(["-"], text);
    const fromFile = replayCli([traceFile("stdin.jsonl", goodTrace)]);
    expect(fromStdin.code).toBe(0);
    expect(fromStdin.stdout).toBe(fromFile.stdout);
  });

  it("exits 2 naming the line of a malformed trace line, printing nothing", () => {
    const r = replayCli([
      traceFile("bad.jsonl", [aDomain(), aResult(), "{not json", aResult({ t: T0 + 1 })]),
    ]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/line 3\b/);
    expect(r.stdout).toBe("");
  });

  it("exits 2 naming the field of a line that breaks the schema", () => {
    const r = replayCli([traceFile("field.jsonl", [aDomain(), aResult({ ok: "yes" })])]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/line 2: "ok"/);
  });

  it("exits 2 when a result names an undeclared domain", () => {
    const r = replayCli([traceFile("unknown.jsonl", [aDomain(), aResult({ domain: "d9" })])]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/line 2: domain "d9"/);
  });

  it("exits 2 with usage when no trace is given, and when the file is missing", () => {
    expect(replayCli([]).code).toBe(2);
    const missing = replayCli([join(dir, "nope.jsonl")]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/cannot read trace/);
  });

  it("with --sparse presumes silent regions up, so a probe region failing everything is ignored", () => {
    const ids = ["m1", "m2", "solo"];
    const lines: Record<string, unknown>[] = [
      aDomain({ id: "m1" }),
      aDomain({ id: "m2" }),
      aDomain({ id: "solo", regions: ["ams"] }),
    ];
    for (let m = 0; m < 3; m++) {
      ids.forEach((domain, i) => {
        lines.push(aResult({ t: T0 + m * MIN + i * 1_000, domain, ok: false }));
      });
    }
    const file = traceFile("sparse.jsonl", lines);
    const pages = (out: string) =>
      out.split("\n").filter((l) => l.includes("incident.opened")).length;
    expect(pages(replayCli(["--sparse", file]).stdout)).toBe(0);
    // read as a full feed, the silent regions are unknown: nothing shows ams is the odd one out
    expect(pages(replayCli([file]).stdout)).toBe(1);
  });

  it("exits 2 on an unknown option, naming it", () => {
    const r = replayCli(["--fast", traceFile("opt.jsonl", goodTrace)]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/unknown option --fast/);
  });

  it("exits 2 naming the line of a fault or delete line without --pipeline", () => {
    const fault = { type: "fault", t: T0, kind: "wipe-redis" };
    const r = replayCli([traceFile("fault.jsonl", [aDomain(), fault])]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/line 2: .*--pipeline/);
    const del = replayCli([
      traceFile("delete.jsonl", [aDomain(), { type: "delete", t: T0, domain: "d1" }]),
    ]);
    expect(del.code).toBe(2);
    expect(del.stderr).toMatch(/line 2\b/);
  });

  it("with --pipeline prints the outage once through the deployed path, and exits 2 on a bad fault line", () => {
    const faults = [{ type: "fault", t: T0, kind: "duplicate", until: T0 + 40 * MIN }];
    const file = traceFile("pipeline.jsonl", [aDomain(), ...faults, ...goodTrace.slice(1)]);
    const r = replayCli(["--pipeline", file]);
    expect(r.code).toBe(0);
    expect(
      r.stdout
        .trim()
        .split("\n")
        .map((l) => JSON.parse(l).type),
    ).toEqual(["incident.opened", "incident.resolved"]);
    const bad = replayCli([
      "--pipeline",
      traceFile("badfault.jsonl", [aDomain(), { type: "fault", t: T0, kind: "drop" }]),
    ]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/line 2: "region"/);
  }, 90_000); // two CLI processes, one replaying through the deployed path
});
