/** One Server-Sent Events frame as a client sees it. */
export interface SseFrame {
  id: string | null;
  event: string;
  data: string;
  /** performance.now() when the frame was complete. */
  at: number;
}

/**
 * A minimal SSE client over fetch (EventSource cannot send Authorization): frames and
 * comment lines as they arrive, and a wait for a condition with a deadline.
 */
export async function openSse(url: string, headers: Record<string, string>) {
  const ctrl = new AbortController();
  const res = await fetch(url, { headers, signal: ctrl.signal });
  const frames: SseFrame[] = [];
  const comments: string[] = [];
  let waiters: (() => void)[] = [];
  const done = (async () => {
    if (!res.body) return;
    const decoder = new TextDecoder();
    let buf = "";
    try {
      for await (const chunk of res.body) {
        buf += decoder.decode(chunk as Uint8Array, { stream: true });
        for (let i = buf.indexOf("\n\n"); i >= 0; i = buf.indexOf("\n\n")) {
          const block = buf.slice(0, i);
          buf = buf.slice(i + 2);
          const f: SseFrame = { id: null, event: "message", data: "", at: performance.now() };
          let isFrame = false;
          for (const line of block.split("\n")) {
            if (line.startsWith(":")) comments.push(line.slice(1).trim());
            else {
              const [k, ...rest] = line.split(":");
              const v = rest.join(":").replace(/^ /, "");
              isFrame = true;
              if (k === "id") f.id = v;
              else if (k === "event") f.event = v;
              else if (k === "data") f.data += f.data ? `\n${v}` : v;
            }
          }
          if (isFrame) frames.push(f);
          for (const w of waiters) w();
        }
      }
    } catch {
      // aborted by close()
    }
  })();
  return {
    status: res.status,
    headers: res.headers,
    frames,
    comments,
    /** Resolves once `ok()` holds, or rejects after `timeoutMs`. */
    async until(ok: () => boolean, timeoutMs = 3_000): Promise<void> {
      const deadline = Date.now() + timeoutMs;
      while (!ok()) {
        const left = deadline - Date.now();
        if (left <= 0)
          throw new Error(`SSE condition not met in ${timeoutMs} ms; got ${frames.length} frames`);
        await new Promise<void>((r) => {
          const t = setTimeout(r, Math.min(left, 50));
          waiters.push(() => {
            clearTimeout(t);
            r();
          });
        });
        waiters = [];
      }
    },
    async close() {
      ctrl.abort();
      await done;
    },
  };
}
