import { describe, expect, it } from "vitest";
import { loadAlertsConfig } from "../functions/alerts/config";
import { loadApiConfig } from "../functions/api/config";
import { loadConsensusConfig } from "../functions/consensus/config";
import { loadDigestConfig } from "../functions/digest/config";
import { loadIngestConfig } from "../functions/ingest/config";
import { loadMaintenanceConfig } from "../functions/maintenance/config";
import { loadTimeseriesMaintenanceConfig } from "../functions/maintenance/timeseries-config";
import { aConsensusQueueUrl, aDeployment } from "./testing";
import { CONSENSUS_SHARDS, consensusUnits, lambdaUnits, queueSettings } from "./units";

/** Each deployed unit's own config loader: what its cold start runs first. */
const loaders: Record<string, (env: NodeJS.ProcessEnv) => unknown> = {
  Api: loadApiConfig,
  ApiStream: loadApiConfig,
  Consensus: loadConsensusConfig,
  Consensus1: loadConsensusConfig,
  Consensus2: loadConsensusConfig,
  Consensus3: loadConsensusConfig,
  Digest: loadDigestConfig,
  Maintenance: loadMaintenanceConfig,
  Alerts: loadAlertsConfig,
  AlertsSweep: loadAlertsConfig,
  Ingest: loadIngestConfig,
  TimeseriesMaintenance: loadTimeseriesMaintenanceConfig,
};

const envOf = (name: string) => lambdaUnits.find((u) => u.name === name)!.env(aDeployment);

/** Every consensus shard's queue URL, in shard order. */
const consensusQueues = Array.from({ length: CONSENSUS_SHARDS }, (_, k) => aConsensusQueueUrl(k));

describe("the environment sst.config.ts gives each function", () => {
  it.each(lambdaUnits.map((u) => [u.name, u] as const))(
    "%s's config.ts loads from it, nothing else set",
    (name, unit) => {
      const load = loaders[name];
      expect(load, `add ${name}'s config loader to this test`).toBeDefined();
      expect(() => load!(unit.env(aDeployment))).not.toThrow();
    },
  );

  it("reaches the API as its Neon URLs and Upstash, so buildApiDeps has what it checks", () => {
    const c = loadApiConfig(lambdaUnits.find((u) => u.name === "Api")!.env(aDeployment));
    expect(c).toMatchObject({
      databaseUrl: aDeployment.databaseUrl,
      timeseriesDatabaseUrl: aDeployment.timeseriesDatabaseUrl,
      redis: { kind: "upstash", url: aDeployment.upstashRedisRestUrl, token: "AX-token" },
      regions: ["ams", "iad", "sin"],
      // acknowledgements go to the shard that owns the domain
      consensusQueueUrls: consensusQueues,
    });
    expect(envOf("ApiStream")).toEqual(envOf("Api"));
  });

  it("grants both API functions the send their acknowledgements make", () => {
    for (const name of ["Api", "ApiStream"]) {
      expect(lambdaUnits.find((u) => u.name === name)!.sendsTo).toEqual(["consensus"]);
    }
  });

  it("gives consensus the alerts queue and the wake-up target, role and group", () => {
    const c = loadConsensusConfig(
      lambdaUnits.find((u) => u.name === "Consensus")!.env(aDeployment),
    );
    expect(c).toMatchObject({
      alertsQueueUrl: aDeployment.alertsQueueUrl,
      wake: {
        targetArn: aDeployment.wakeTargetArn,
        roleArn: aDeployment.wakeRoleArn,
        groupName: aDeployment.wakeScheduleGroup,
      },
    });
  });

  it("runs one consensus consumer per shard, each on its own queue, knowing its shard and every queue", () => {
    const shards = lambdaUnits.filter((u) => u.entry === "functions/consensus/lambda.ts");
    expect(shards.map((u) => u.name)).toEqual([
      "Consensus",
      "Consensus1",
      "Consensus2",
      "Consensus3",
    ]);
    for (const [k, unit] of shards.entries()) {
      expect(unit.trigger).toEqual({ kind: "queue", queue: "consensus", shard: k, reserved: 1 });
      // forwarding what another shard owns is a send to the consensus queues
      expect(unit.sendsTo).toEqual(["alerts", "consensus"]);
      expect(loadConsensusConfig(unit.env(aDeployment))).toMatchObject({
        shard: { index: k, count: CONSENSUS_SHARDS },
        consensusQueueUrls: consensusQueues,
      });
    }
  });

  it("keeps one shard a single consumer named Consensus", () => {
    const [one, ...rest] = consensusUnits(1);
    expect(rest).toEqual([]);
    expect(one!.name).toBe("Consensus");
    const single = { ...aDeployment, consensusQueueUrl: aConsensusQueueUrl(0) };
    expect(loadConsensusConfig(one!.env(single))).toMatchObject({
      shard: { index: 0, count: 1 },
      consensusQueueUrls: [aConsensusQueueUrl(0)],
    });
  });

  it("has digest forward wake-ups to the shard of their domain", () => {
    expect(loadDigestConfig(envOf("Digest"))).toEqual({ consensusQueueUrls: consensusQueues });
  });

  it("gives alerts Resend, Web Push and the stage's dashboard and sender, and no wake-ups", () => {
    const c = loadAlertsConfig(envOf("Alerts"));
    expect(c).toMatchObject({
      databaseUrl: aDeployment.databaseUrl,
      resend: { apiKey: aDeployment.resendApiKey },
      vapid: {
        subject: aDeployment.vapidSubject,
        publicKey: aDeployment.vapidPublicKey,
        privateKey: aDeployment.vapidPrivateKey,
      },
      settings: { dashboardUrl: aDeployment.dashboardUrl, mailFrom: aDeployment.mailFrom },
    });
    expect(c.wake).toBeUndefined();
    expect(envOf("AlertsSweep")).toEqual(envOf("Alerts"));
  });

  it("has ingest read every region's stream over Upstash REST into the time-series DB", () => {
    expect(loadIngestConfig(envOf("Ingest"))).toMatchObject({
      timeseriesDatabaseUrl: aDeployment.timeseriesDatabaseUrl,
      redis: { kind: "upstash", url: aDeployment.upstashRedisRestUrl, token: "AX-token" },
      regions: ["ams", "iad", "sin"],
    });
    // the V8 options bench:ingest measures with (it refuses to run without them)
    expect(envOf("Ingest").NODE_OPTIONS).toBe("--max-semi-space-size=64");
  });

  it("points the time-series upkeep at the time-series DB, and the reconcile at the control DB", () => {
    expect(loadTimeseriesMaintenanceConfig(envOf("TimeseriesMaintenance"))).toMatchObject({
      timeseriesDatabaseUrl: aDeployment.timeseriesDatabaseUrl,
      // read only for which domains are on which plan (retention per plan)
      databaseUrl: aDeployment.databaseUrl,
    });
    expect(envOf("Maintenance")).not.toHaveProperty("TIMESERIES_DATABASE_URL");
  });

  it("keeps every queue subscriber's timeout under its queue's visibility timeout", () => {
    for (const u of lambdaUnits) {
      if (u.trigger.kind !== "queue") continue;
      expect(u.timeoutSeconds, u.name).toBeLessThan(
        queueSettings[u.trigger.queue].visibilitySeconds,
      );
    }
  });

  it("fails a cold start that misses a setting, naming it (what the old config did)", () => {
    const env = lambdaUnits.find((u) => u.name === "Consensus")!.env(aDeployment);
    const { WAKE_ROLE_ARN: _, ...missing } = env;
    expect(() => loadConsensusConfig(missing)).toThrow(/WAKE_ROLE_ARN/);
  });
});
