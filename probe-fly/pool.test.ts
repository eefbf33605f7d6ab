import { describe, expect, it } from "vitest";
import { createPool } from "./pool";

function gate() {
  let open!: () => void;
  const opened = new Promise<void>((r) => {
    open = r;
  });
  return { open, opened };
}

describe("createPool", () => {
  it("never runs more than `concurrency` tasks at once and runs them all", async () => {
    const pool = createPool({ concurrency: 3, perHostLimit: 100 });
    let running = 0;
    let peak = 0;
    let done = 0;
    for (let i = 0; i < 20; i++) {
      pool.submit(`h${i}`, async () => {
        running += 1;
        peak = Math.max(peak, running);
        await new Promise((r) => setTimeout(r, 2));
        running -= 1;
        done += 1;
      });
    }
    await pool.idle();
    expect(peak).toBe(3);
    expect(done).toBe(20);
  });

  it("caps one host while other hosts keep going", async () => {
    const pool = createPool({ concurrency: 10, perHostLimit: 2 });
    const g = gate();
    const started: string[] = [];
    for (let i = 0; i < 6; i++) {
      pool.submit("busy.example", async () => {
        started.push("busy");
        await g.opened;
      });
    }
    pool.submit("other.example", async () => {
      started.push("other");
    });
    await new Promise((r) => setTimeout(r, 5));
    expect(started.filter((s) => s === "busy")).toHaveLength(2);
    expect(started).toContain("other");
    expect(pool.queued).toBe(4);
    g.open();
    await pool.idle();
    expect(started.filter((s) => s === "busy")).toHaveLength(6);
  });

  it("keeps going after a task rejects", async () => {
    const pool = createPool({ concurrency: 1, perHostLimit: 1 });
    let ran = false;
    pool.submit("h", () => Promise.reject(new Error("boom")));
    pool.submit("h", async () => {
      ran = true;
    });
    await pool.idle();
    expect(ran).toBe(true);
    expect(pool.inFlight).toBe(0);
  });

  it("drops tasks not yet started and lets the running ones finish", async () => {
    const pool = createPool({ concurrency: 2, perHostLimit: 2 });
    const g = gate();
    const ran: number[] = [];
    for (let i = 0; i < 5; i++) {
      pool.submit(`h${i}`, async () => {
        await g.opened;
        ran.push(i);
      });
    }
    expect(pool.dropQueued()).toBe(3);
    g.open();
    await pool.idle();
    expect(ran.sort()).toEqual([0, 1]);
  });
});
