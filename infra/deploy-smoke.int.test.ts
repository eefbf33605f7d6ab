import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { Redis } from "ioredis";
import pg from "pg";
import { afterAll, beforeAll, expect, it } from "vitest";
import { migrateDatabase } from "../adapters/db/migrate";
import { openDatabase } from "../adapters/db/open";
import { shardOf } from "../adapters/queue/shard";
import { createOrganizationWithKey } from "../functions/api/keys/create-key";
import { aRecord, asEntry } from "../functions/ingest/testing";
import { redisKeys } from "../schema/redis-keys";
import { type FakeAwsCall, startFakeAws } from "../test-support/fake-aws";
import { startRedisServer } from "../test-support/redis-server";
import { scratchDatabase } from "../test-support/scratch-postgres";
import { describeWith, serviceUrl } from "../test-support/services";
import { startUpstashBridge } from "../test-support/upstash-bridge";
import { type Bundle, bundleUnit } from "./bundle";
import type { DeploySettings } from "./settings";
import { aDeployment } from "./testing";
import { aCronTick, aFunctionUrlRequest, anSqsBatch } from "./testing-events";
import { CONSENSUS_SHARDS, type LambdaUnit, lambdaUnits } from "./units";

// Loads the bundle as the Node 20 runtime does (an ES module, `handler` export), invokes it
// once per event in one process (a cold start, then warm ones), prints each result marked.
// A streaming unit gets the runtime's `awslambda` global (streamifyResponse and
// HttpResponseStream, which only the Lambda runtime provides): its result is the response
// metadata and the bytes written, read until the event's `until` text when it never ends.
const RUNNER = `
const streaming = process.argv[3] === "stream";
const { PassThrough } = await import("node:stream");
if (streaming) {
  globalThis.awslambda = {
    streamifyResponse: (fn) => fn,
    HttpResponseStream: { from: (stream, metadata) => Object.assign(stream, { metadata }) },
  };
}
const { handler } = await import(process.argv[1]);
const context = { awsRequestId: "smoke", functionName: "smoke", getRemainingTimeInMillis: () => 25000 };
async function streamed({ event, until }) {
  const out = new PassThrough();
  let body = "";
  const read = new Promise((resolve) => {
    out.on("data", (d) => {
      body += d;
      if (until && body.includes(until)) resolve();
    });
    out.on("end", resolve);
  });
  // an endless answer (SSE) is left running: the process exits after the last event
  handler(event, out, context).catch(() => {});
  await read;
  return { metadata: out.metadata ?? null, body };
}
for (const event of JSON.parse(process.argv[2])) {
  const result = streaming ? await streamed(event) : await handler(event, context);
  process.stdout.write("@@result " + JSON.stringify(result ?? null) + "\\n");
}
process.exit(0);`;

interface Invocation {
  code: number | null;
  results: unknown[];
  stdout: string;
  stderr: string;
}

/** Runs a bundle in a child process whose whole environment is `env`. */
function invoke(unit: LambdaUnit, bundle: Bundle, env: Record<string, string>, events: unknown[]) {
  return new Promise<Invocation>((resolve) => {
    const child = spawn(
      process.execPath,
      [
        "--enable-source-maps",
        "--input-type=module",
        "-e",
        RUNNER,
        bundle.file,
        JSON.stringify(events),
        unit.trigger.kind === "url" && unit.trigger.streaming ? "stream" : "buffered",
      ],
      { env, cwd: dirname(bundle.file), stdio: "pipe" },
    );
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => {
      stdout += d;
    });
    child.stderr.on("data", (d) => {
      stderr += d;
    });
    const timer = setTimeout(() => child.kill("SIGKILL"), 45_000);
    child.on("close", (code) => {
      clearTimeout(timer);
      const results = stdout
        .split("\n")
        .filter((l) => l.startsWith("@@result "))
        .map((l) => JSON.parse(l.slice("@@result ".length)) as unknown);
      resolve({ code, results, stdout, stderr });
    });
  });
}

/** What every Lambda process is given by the runtime, whatever the function. */
function lambdaRuntimeEnv(unit: LambdaUnit, taskRoot: string): Record<string, string> {
  return {
    AWS_REGION: "eu-central-1",
    AWS_DEFAULT_REGION: "eu-central-1",
    AWS_ACCESS_KEY_ID: "ASIAFAKE",
    AWS_SECRET_ACCESS_KEY: "fake",
    AWS_SESSION_TOKEN: "fake",
    AWS_LAMBDA_FUNCTION_NAME: `domainpilot-smoke-${unit.name}`,
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(unit.memoryMb),
    AWS_EXECUTION_ENV: "AWS_Lambda_nodejs20.x",
    LAMBDA_TASK_ROOT: taskRoot,
    TZ: ":UTC",
  };
}

interface SmokeContext {
  settings: DeploySettings<string>;
  key: string;
  orgId: string;
  domainId?: string;
  redis: Redis;
  aws: FakeAwsCall[];
  /** checkedAt of the record Ingest read. */
  ingested?: string;
  /** Domains added beside the API's so that every consensus shard owns one (control DB only). */
  copies: string[];
}

/** One query's rows, on a connection of its own. */
async function rowsIn<T>(url: string, text: string, values: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(text, values)).rows as T[];
  } finally {
    await client.end();
  }
}

/** Every consensus shard's queue URL, in shard order. */
const consensusQueues = (ctx: SmokeContext) => ctx.settings.consensusQueueUrl.split(",");

/** The first of a run of synthetic domain ids that consensus shard `k` owns. */
function anIdOfShard(k: number): string {
  for (let i = 0; ; i++) {
    const id = `00000000-0000-4000-8000-${i.toString(16).padStart(12, "0")}`;
    if (shardOf(id, CONSENSUS_SHARDS) === k) return id;
  }
}

/** A failure of a domain seen from ams, as a probe sends it. */
const aFailure = (domainId: string) => ({
  domainId,
  region: "ams",
  t: Date.now(),
  ok: false,
  error: "TIMEOUT",
  latencyMs: 10_000,
  configVersion: 1,
});

/**
 * Consensus shard k's case: a batch on its queue holding a failure of a domain it owns (the
 * API's if it hashes here, else a copy of it added to the control DB, which consensus reads
 * when Redis lacks the config), one of a domain the next shard owns, and a malformed message.
 */
function consensusCase(k: number): SmokeCase {
  const own = (ctx: SmokeContext) =>
    shardOf(ctx.domainId!, CONSENSUS_SHARDS) === k ? ctx.domainId! : anIdOfShard(k);
  const next = (k + 1) % CONSENSUS_SHARDS;
  const foreign = (ctx: SmokeContext) =>
    shardOf(ctx.domainId!, CONSENSUS_SHARDS) === next ? ctx.domainId! : anIdOfShard(next);
  return {
    async before(ctx) {
      if (own(ctx) === ctx.domainId) return;
      await rowsIn(
        ctx.settings.databaseUrl,
        `INSERT INTO domains (id, org_id, url, name, regions)
         SELECT $1::uuid, org_id, url, $1::text, regions FROM domains WHERE id = $2`,
        [own(ctx), ctx.domainId],
      );
      ctx.copies.push(own(ctx));
    },
    events: (ctx) => [
      anSqsBatch(`arn:aws:sqs:eu-central-1:123456789012:consensus${k === 0 ? "" : k}`, [
        aFailure(own(ctx)),
        ...(CONSENSUS_SHARDS > 1 ? [aFailure(foreign(ctx))] : []),
        "not json",
      ]),
    ],
    async check(results, ctx) {
      // the malformed message is dropped, not retried; the valid one is committed
      expect(results).toEqual([{ batchItemFailures: [] }]);
      expect(await ctx.redis.get(redisKeys.domainStatus(own(ctx)))).not.toBeNull();
      if (CONSENSUS_SHARDS > 1) {
        // the other shard's domain is not applied here but forwarded to its owner's queue
        const forwarded = ctx.aws.filter(
          (c) =>
            c.action === "SendMessageBatch" &&
            c.body.QueueUrl === consensusQueues(ctx)[next] &&
            JSON.stringify(c.body.Entries).includes(foreign(ctx)),
        );
        expect(forwarded).toHaveLength(1);
        expect(JSON.stringify(forwarded[0]!.body.Entries)).not.toContain(own(ctx));
      }
      // its next look at the domain is a one-off schedule, in the group, as the role, to digest
      const created = ctx.aws.filter((c) => c.action === "CreateSchedule");
      expect(created.length).toBeGreaterThan(0);
      expect(created.at(-1)!.body).toMatchObject({
        GroupName: ctx.settings.wakeScheduleGroup,
        Target: { Arn: ctx.settings.wakeTargetArn, RoleArn: ctx.settings.wakeRoleArn },
      });
    },
  };
}

const utcDay = (ms: number) => new Date(ms).toISOString().slice(0, 10).replaceAll("-", "");

/** One unit's events and what must hold after them. */
interface SmokeCase {
  /** Set-up the trigger's source needs first (a stream entry to read). */
  before?(ctx: SmokeContext): Promise<void>;
  events(ctx: SmokeContext): unknown[];
  check(results: unknown[], ctx: SmokeContext): Promise<void>;
}

/** Per unit: the events its trigger sends, and what must hold after them. */
const cases: Record<string, SmokeCase> = {
  Api: {
    events: (ctx) => [
      aFunctionUrlRequest({ method: "GET", path: "/v1/domains", key: ctx.key }),
      aFunctionUrlRequest({
        method: "POST",
        path: "/v1/domains",
        key: ctx.key,
        body: { url: "https://smoke.example.com/", regions: ["ams", "iad", "sin"] },
      }),
      aFunctionUrlRequest({ method: "GET", path: "/v1/domains" }),
    ],
    async check(results, ctx) {
      const [list, created, anonymous] = results as { statusCode: number; body: string }[];
      expect(list!.statusCode).toBe(200);
      expect(created!.statusCode).toBe(201);
      expect(anonymous!.statusCode).toBe(401);
      ctx.domainId = (JSON.parse(created!.body) as { id: string }).id;
      // pushed to Redis over Upstash REST, as the probes will read it
      expect(await ctx.redis.hget(redisKeys.configHash, ctx.domainId)).toContain(
        "smoke.example.com",
      );
    },
  },
  ApiStream: {
    events: (ctx) => [
      { event: aFunctionUrlRequest({ method: "GET", path: "/v1/domains", key: ctx.key }) },
      {
        event: aFunctionUrlRequest({ method: "GET", path: "/v1/events", key: ctx.key }),
        until: ": connected",
      },
    ],
    async check(results, ctx) {
      type Streamed = {
        metadata: { statusCode: number; headers: Record<string, string> };
        body: string;
      };
      const [list, events] = results as Streamed[];
      expect(list!.metadata.statusCode).toBe(200);
      // the domain the Api case created: the same app, read through the stream
      expect(list!.body).toContain(ctx.domainId!);
      // the stream's head and first frames arrive while the handler is still running
      expect(events!.metadata.statusCode).toBe(200);
      expect(events!.metadata.headers["content-type"]).toMatch(/^text\/event-stream/);
      expect(events!.body).toContain(": connected");
    },
  },
  ...Object.fromEntries(
    Array.from({ length: CONSENSUS_SHARDS }, (_, k) => [
      k === 0 ? "Consensus" : `Consensus${k}`,
      consensusCase(k),
    ]),
  ),
  Digest: {
    events: (ctx) => [{ kind: "wake", domainId: ctx.domainId, at: Date.now() }],
    async check(results, ctx) {
      expect(results).toEqual([{ forwarded: true }]);
      // to the queue of the shard that owns the domain
      const sent = ctx.aws.filter((c) => c.action === "SendMessageBatch");
      expect(sent.at(-1)?.body.QueueUrl).toBe(
        consensusQueues(ctx)[shardOf(ctx.domainId!, CONSENSUS_SHARDS)],
      );
      expect(JSON.stringify(sent.at(-1)?.body.Entries)).toContain(ctx.domainId!);
    },
  },
  Maintenance: {
    events: () => [aCronTick("arn:aws:events:eu-central-1:123456789012:rule/maintenance")],
    async check(results, ctx) {
      // the API's write was already there; the entry deleted below is rebuilt, and so are the
      // domains the consensus cases added to the control DB only
      const [tick] = results as { ok: boolean; tasks: { task: string; result: unknown }[] }[];
      expect(tick?.ok).toBe(true);
      expect(tick?.tasks.find((t) => t.task === "reconcile-config")?.result).toMatchObject({
        put: 1 + ctx.copies.length,
        deleted: 0,
        unchanged: 0,
        complete: true,
      });
    },
  },
  Alerts: {
    events: (ctx) => [
      anSqsBatch("arn:aws:sqs:eu-central-1:123456789012:alerts", [
        {
          id: `smoke-${ctx.domainId}`,
          type: "incident.opened",
          orgId: ctx.orgId,
          domainId: ctx.domainId,
          incidentId: null,
          t: Date.now(),
          data: {},
        },
        "not json",
      ]),
    ],
    async check(results, ctx) {
      // the organization has no channel: accepted with nothing to send; the bad one dropped
      expect(results).toEqual([{ batchItemFailures: [] }]);
      expect(
        await rowsIn(ctx.settings.databaseUrl, "SELECT id FROM deliveries WHERE org_id = $1", [
          ctx.orgId,
        ]),
      ).toEqual([]);
    },
  },
  AlertsSweep: {
    events: () => [aCronTick("arn:aws:events:eu-central-1:123456789012:rule/alerts-sweep")],
    async check(results) {
      expect(results).toEqual([{ attempted: 0 }]);
    },
  },
  Ingest: {
    async before(ctx) {
      const record = aRecord({
        domainId: ctx.domainId!,
        region: "iad",
        checkedAt: new Date().toISOString(),
      });
      ctx.ingested = record.checkedAt;
      await ctx.redis.xadd(
        redisKeys.resultsStream("iad"),
        "*",
        ...Object.entries(asEntry(record)).flat(),
      );
    },
    events: () => [aCronTick("arn:aws:events:eu-central-1:123456789012:rule/ingest")],
    async check(results, ctx) {
      expect(results).toHaveLength(1);
      const rows = await rowsIn<{ region: string; ok: boolean }>(
        ctx.settings.timeseriesDatabaseUrl,
        "SELECT region, ok FROM probe_results WHERE domain_id = $1 AND ts = $2",
        [ctx.domainId, ctx.ingested],
      );
      expect(rows).toEqual([{ region: "iad", ok: true }]);
    },
  },
  TimeseriesMaintenance: {
    async before(ctx) {
      // whatever the migration made ahead, the week-ahead partition must be the tick's work
      const ahead = `probe_results_${utcDay(Date.now() + 7 * 86_400_000)}`;
      await rowsIn(ctx.settings.timeseriesDatabaseUrl, `DROP TABLE IF EXISTS ${ahead}`);
    },
    events: () => [aCronTick("arn:aws:events:eu-central-1:123456789012:rule/ts-maintenance")],
    async check(results, ctx) {
      const [tick] = results as { created: number; repairedDays: string[] }[];
      expect(tick).toMatchObject({ created: expect.any(Number), repairedDays: expect.any(Array) });
      const names = (
        await rowsIn<{ name: string }>(
          ctx.settings.timeseriesDatabaseUrl,
          `SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
           WHERE i.inhparent = 'probe_results'::regclass`,
        )
      ).map((r) => r.name);
      // today's day and a week ahead; the ingested row sits in its day, not the default
      const day = 86_400_000;
      expect(names).toContain(`probe_results_${utcDay(Date.now())}`);
      expect(names).toContain(`probe_results_${utcDay(Date.now() + 7 * day)}`);
      const [row] = await rowsIn<{ part: string }>(
        ctx.settings.timeseriesDatabaseUrl,
        "SELECT tableoid::regclass::text AS part FROM probe_results WHERE domain_id = $1",
        [ctx.domainId],
      );
      expect(row?.part).toBe(`probe_results_${utcDay(Date.parse(ctx.ingested!))}`);
    },
  },
};

describeWith(["DATABASE_URL", "TIMESERIES_DATABASE_URL", "REDIS_URL"], "deployed bundles", () => {
  const outDir = mkdtempSync(join(tmpdir(), "dp-bundles-"));
  const bundles = new Map<string, Bundle>();
  let cleanup: (() => Promise<void>)[] = [];
  let ctx: SmokeContext;
  let fakeAwsUrl: string;

  beforeAll(async () => {
    const control = await scratchDatabase(serviceUrl("DATABASE_URL")!, "smoke");
    const ts = await scratchDatabase(serviceUrl("TIMESERIES_DATABASE_URL")!, "smoke_ts");
    // deployed functions use the production key names: a Redis of their own
    const redis = await startRedisServer();
    const bridge = await startUpstashBridge(redis.url);
    const aws = await startFakeAws();
    const client = new Redis(redis.url);
    cleanup = [
      () => aws.close(),
      () => bridge.close(),
      async () => client.disconnect(),
      () => redis.stop(),
      () => ts.drop(),
      () => control.drop(),
    ];
    const db = await openDatabase(control.url);
    await migrateDatabase(db, "control");
    const { key, orgId } = await createOrganizationWithKey(db.db, {
      name: "smoke",
      plan: "business",
    });
    await db.close();
    const tsDb = await openDatabase(ts.url);
    await migrateDatabase(tsDb, "timeseries");
    await tsDb.close();
    fakeAwsUrl = aws.url;
    ctx = {
      settings: {
        ...aDeployment,
        databaseUrl: control.url,
        timeseriesDatabaseUrl: ts.url,
        upstashRedisRestUrl: bridge.url,
        upstashRedisRestToken: bridge.token,
        // the SQS client sends to the queue URL's host: the queues live on the fake
        consensusQueueUrl: Array.from(
          { length: CONSENSUS_SHARDS },
          (_, k) => `${aws.url}/123456789012/consensus${k === 0 ? "" : k}`,
        ).join(","),
        alertsQueueUrl: `${aws.url}/123456789012/alerts`,
      },
      key,
      orgId,
      redis: client,
      aws: aws.calls,
      copies: [],
    };
    // units that share an entry (the consensus shards, Alerts and AlertsSweep) share its bundle
    const byEntry = new Map<string, Bundle>();
    for (const unit of lambdaUnits) {
      if (!byEntry.has(unit.entry)) byEntry.set(unit.entry, await bundleUnit(unit, outDir));
      bundles.set(unit.name, byEntry.get(unit.entry)!);
    }
  }, 120_000);

  afterAll(async () => {
    for (const c of cleanup) await c();
    rmSync(outDir, { recursive: true, force: true });
  });

  it("has a smoke case for every deployed unit", () => {
    expect(lambdaUnits.map((u) => u.name).filter((n) => !cases[n])).toEqual([]);
  });

  for (const unit of lambdaUnits) {
    it(`${unit.name}: the bundle answers its ${unit.trigger.kind} event with only its deployed env`, async () => {
      const c = cases[unit.name]!;
      if (unit.name === "Maintenance" && ctx.domainId) {
        await ctx.redis.hdel(redisKeys.configHash, ctx.domainId);
      }
      const bundle = bundles.get(unit.name)!;
      const env = {
        ...lambdaRuntimeEnv(unit, outDir),
        ...unit.env(ctx.settings),
        // the SDK's edge: Scheduler calls go to the loopback fake (SQS follows the queue URLs)
        AWS_ENDPOINT_URL_SCHEDULER: fakeAwsUrl,
      };
      await c.before?.(ctx);
      const run = await invoke(unit, bundle, env, c.events(ctx));
      expect(run.stderr, run.stdout).not.toMatch(/Error|at /);
      expect(run.code, run.stderr).toBe(0);
      await c.check(run.results, ctx);
    }, 60_000);
  }
});
