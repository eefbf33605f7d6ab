/**
 * bench:events client side, run as a worker thread of the same process, or as a child
 * process when the descriptor limit is too low for both sides in one (plain JS source:
 * a worker does not inherit tsx's loader on Node 20). It opens raw-socket SSE streams and
 * reports when each one saw a state change, on the shared clock timeOrigin + now().
 */
export const CLIENT_WORKER = `
const { connect } = require("node:net");
const wt = require("node:worker_threads");
// a worker thread, or a child process when one process may not hold both sides' descriptors
const parentPort = wt.parentPort || { on: (e, f) => process.on(e, f), postMessage: (m) => process.send(m) };
const { port, key, n } = wt.workerData || JSON.parse(process.env.EVENTS_CLIENT_DATA);
const now = () => performance.timeOrigin + performance.now();
const MARK = Buffer.from('"mark":"');
const sockets = [];
let arrivals = new Map();
function open() {
  return new Promise((resolve, reject) => {
    const s = connect({ port, host: "127.0.0.1" }, () => {
      s.write("GET /v1/events HTTP/1.1\\r\\nHost: 127.0.0.1\\r\\nAuthorization: Bearer " + key +
        "\\r\\nAccept: text/event-stream\\r\\n\\r\\n");
    });
    let ready = false;
    s.on("data", (chunk) => {
      if (!ready && chunk.includes(": connected")) { ready = true; resolve(s); }
      const i = chunk.indexOf(MARK);
      if (i < 0) return;
      const at = now();
      const marker = chunk.toString("latin1", i + MARK.length, chunk.indexOf(34, i + MARK.length));
      const list = arrivals.get(marker) || [];
      list.push(at);
      arrivals.set(marker, list);
    });
    s.on("error", reject);
  });
}
parentPort.on("message", async (m) => {
  if (m.op === "open") {
    for (let i = 0; i < n; i += 250) {
      const batch = await Promise.all(Array.from({ length: Math.min(250, n - i) }, open));
      sockets.push(...batch);
    }
    parentPort.postMessage({ op: "opened" });
  } else if (m.op === "collect") {
    const list = arrivals.get(m.marker) || [];
    parentPort.postMessage({ op: "arrivals", list, count: list.length });
  } else if (m.op === "close") {
    for (const s of sockets) s.destroy();
    parentPort.postMessage({ op: "closed" });
    if (!wt.parentPort) setTimeout(() => process.exit(0), 50);
  }
});
`;
