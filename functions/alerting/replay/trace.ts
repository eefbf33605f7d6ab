import { z } from "zod";

const Ms = z.number().int().nonnegative();

const Tls = z.object({
  daysToExpiry: z.number(),
  fingerprint256: z.string().min(1),
  /** Absent means a client accepted it (a valid certificate is the common case). */
  authorized: z.boolean().default(true),
  error: z.string().nullable().default(null),
});

const DomainLine = z
  .object({
    type: z.literal("domain"),
    id: z.string().min(1),
    regions: z.array(z.string().min(1)).min(1),
    intervalSeconds: z.number().positive(),
    quorum: z.number().int().positive().optional(),
    timeoutMs: z.number().int().nonnegative().default(10_000),
    sslWarnDays: z.array(z.number().positive()).min(1).default([30, 14, 7, 3, 1]),
    maintenance: z
      .array(
        z
          .object({ from: Ms, to: Ms })
          .refine((w) => w.to > w.from, "a window must end after it starts"),
      )
      .default([]),
  })
  .refine((d) => new Set(d.regions).size === d.regions.length, {
    message: "regions must not repeat",
    path: ["regions"],
  })
  .refine((d) => d.quorum === undefined || d.quorum <= d.regions.length, {
    message: "quorum cannot exceed the number of regions",
    path: ["quorum"],
  });

const ResultLine = z.object({
  type: z.literal("result"),
  t: Ms,
  domain: z.string().min(1),
  region: z.string().min(1),
  ok: z.boolean(),
  error: z.string().nullable().default(null),
  latencyMs: z.number().nonnegative().default(0),
  tls: Tls.nullable().default(null),
  confirm: z.boolean().default(false),
});

const EndLine = z.object({ type: z.literal("end"), t: Ms });
const AckLine = z.object({ type: z.literal("ack"), t: Ms, domain: z.string().min(1) });

/** One line of a replay trace (CONTRACTS §2, plus an optional "ack" line). */
export const TraceLine = z.discriminatedUnion("type", [DomainLine, ResultLine, EndLine, AckLine]);
export type TraceLine = z.infer<typeof TraceLine>;

/** A trace line that cannot be used; `line` is 1-based. */
export class TraceError extends Error {
  readonly code = "TRACE_MALFORMED";
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(`line ${line}: ${message}`);
  }
}

/** Parses a whole trace, checking that results name domains declared above them. */
export function parseTrace(text: string): TraceLine[] {
  const out: TraceLine[] = [];
  const known = new Set<string>();
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i]!.trim();
    if (raw === "") continue;
    const line = parseLine(raw, i + 1);
    if (line.type === "domain") known.add(line.id);
    else if (line.type !== "end" && !known.has(line.domain)) {
      throw new TraceError(
        i + 1,
        `domain "${line.domain}" is not declared by an earlier domain line`,
      );
    }
    out.push(line);
  }
  return out;
}

function parseLine(raw: string, n: number): TraceLine {
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch (err) {
    throw new TraceError(n, `not valid JSON (${(err as Error).message})`);
  }
  const parsed = TraceLine.safeParse(json);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const where = issue.path.length > 0 ? `"${issue.path.join(".")}": ` : "";
  return fail(n, `${where}${issue.message}`);
}

function fail(n: number, message: string): never {
  throw new TraceError(n, message);
}
