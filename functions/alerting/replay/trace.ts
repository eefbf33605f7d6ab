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

const Window = { t: Ms, until: Ms };
const FaultLine = z.discriminatedUnion("kind", [
  z.object({
    type: z.literal("fault"),
    kind: z.literal("drop"),
    region: z.string().min(1),
    ...Window,
  }),
  z.object({ type: z.literal("fault"), kind: z.literal("duplicate"), ...Window }),
  z.object({ type: z.literal("fault"), kind: z.literal("crash"), ...Window }),
  z.object({
    type: z.literal("fault"),
    kind: z.literal("skew"),
    region: z.string().min(1),
    offsetMs: z.number().int(),
    ...Window,
  }),
  z.object({ type: z.literal("fault"), kind: z.literal("wipe-redis"), t: Ms }),
]);
/** A production fault, for the pipeline replay only (CONTRACTS §2). */
export type FaultLine = z.infer<typeof FaultLine>;
const DeleteLine = z.object({ type: z.literal("delete"), t: Ms, domain: z.string().min(1) });
const AckLine = z.object({ type: z.literal("ack"), t: Ms, domain: z.string().min(1) });

/** One line of a replay trace (CONTRACTS §2, plus an optional "ack" line). */
export const TraceLine = z.discriminatedUnion("type", [DomainLine, ResultLine, EndLine, AckLine]);
export type TraceLine = z.infer<typeof TraceLine>;

/** A line of a pipeline replay trace: the engine's lines plus faults and deletions. */
export const PipelineLine = z.union([TraceLine, FaultLine, DeleteLine]);
export type PipelineLine = z.infer<typeof PipelineLine>;

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
  return parseLines(text, false) as TraceLine[];
}

/** Parses a pipeline trace: fault and delete lines are allowed too. */
export function parsePipelineTrace(text: string): PipelineLine[] {
  return parseLines(text, true);
}

function parseLines(text: string, pipeline: boolean): PipelineLine[] {
  const out: PipelineLine[] = [];
  const known = new Set<string>();
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i]!.trim();
    if (raw === "") continue;
    const line = parseLine(raw, i + 1, pipeline);
    if (line.type === "domain") known.add(line.id);
    else if (line.type !== "end" && line.type !== "fault" && !known.has(line.domain)) {
      throw new TraceError(
        i + 1,
        `domain "${line.domain}" is not declared by an earlier domain line`,
      );
    }
    out.push(line);
  }
  return out;
}

function parseLine(raw: string, n: number, pipeline: boolean): PipelineLine {
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch (err) {
    throw new TraceError(n, `not valid JSON (${(err as Error).message})`);
  }
  const type = (json as { type?: unknown } | null)?.type;
  if (!pipeline && (type === "fault" || type === "delete")) {
    throw new TraceError(n, `"type": ${type} lines need --pipeline`);
  }
  if (pipeline && type === "fault") {
    const fault = FaultLine.safeParse(json);
    if (fault.success) return fault.data;
    return failWith(n, fault.error.issues[0]!);
  }
  const parsed = (pipeline ? PipelineLine : TraceLine).safeParse(json);
  if (parsed.success) return parsed.data;
  if (pipeline && type === "delete") {
    const del = DeleteLine.safeParse(json);
    if (!del.success) return failWith(n, del.error.issues[0]!);
  }
  if (pipeline) {
    const engine = TraceLine.safeParse(json);
    if (!engine.success) return failWith(n, engine.error.issues[0]!);
  }
  return failWith(n, parsed.error.issues[0]!);
}

function failWith(n: number, issue: z.core.$ZodIssue): never {
  const where = issue.path.length > 0 ? `"${issue.path.join(".")}": ` : "";
  return fail(n, `${where}${issue.message}`);
}

function fail(n: number, message: string): never {
  throw new TraceError(n, message);
}
