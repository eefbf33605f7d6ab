/** A structured logger: JSON lines in production, readable lines in `npm start`. */
export interface Logger {
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
}

/** A logger writing to stdout/stderr in the chosen format. */
export function createLogger(
  format: "pretty" | "json",
  base: Record<string, unknown> = {},
): Logger {
  const write = (level: string, msg: string, fields: Record<string, unknown> = {}) => {
    const all = { ...base, ...fields };
    const stream = level === "error" ? process.stderr : process.stdout;
    if (format === "json") {
      stream.write(`${JSON.stringify({ level, msg, time: new Date().toISOString(), ...all })}\n`);
      return;
    }
    const extra = Object.entries(all)
      .map(([k, v]) => `${k}=${typeof v === "string" ? v : JSON.stringify(v)}`)
      .join(" ");
    stream.write(`${level.padEnd(5)} ${msg}${extra ? `  ${extra}` : ""}\n`);
  };
  return {
    info: (m, f) => write("info", m, f),
    warn: (m, f) => write("warn", m, f),
    error: (m, f) => write("error", m, f),
  };
}
