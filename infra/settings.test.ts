import { describe, expect, it } from "vitest";
import { loadAlertsConfig } from "../functions/alerts/config";
import { loadApiConfig } from "../functions/api/config";
import { loadConsensusConfig } from "../functions/consensus/config";
import { loadDigestConfig } from "../functions/digest/config";
import { loadIngestConfig } from "../functions/ingest/config";
import { loadMaintenanceConfig } from "../functions/maintenance/config";
import { loadTimeseriesMaintenanceConfig } from "../functions/maintenance/timeseries-config";
import { aDeployment } from "./testing";
import { lambdaUnits, queueSettings } from "./units";

/** Each deployed unit's own config loader: what its cold start runs first. */
const loaders: Record<string, (env: NodeJS.ProcessEnv) => unknown> = {
  Api: loadApiConfig,
  ApiStream: loadApiConfig,
  Consensus: loadConsensusConfig,
  Digest: loadDigestConfig,
  Maintenance: loadMaintenanceConfig,
  Alerts: loadAlertsConfig,
  AlertsSweep: loadAlertsConfig,
  Ingest: loadIngestConfig,
  TimeseriesMaintenance: loadTimeseriesMaintenanceConfig,
};

const envOf = (name: string) => lambdaUnits.find((u) => u.name === name)!.env(aDeployment);

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
      consensusQueueUrl: aDeployment.consensusQueueUrl,
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
