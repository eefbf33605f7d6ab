import { describe, expect, it } from "vitest";
import { loadApiConfig } from "../functions/api/config";
import { loadConsensusConfig } from "../functions/consensus/config";
import { loadDigestConfig } from "../functions/digest/config";
import { loadMaintenanceConfig } from "../functions/maintenance/config";
import { aDeployment } from "./testing";
import { lambdaUnits } from "./units";

/** Each deployed unit's own config loader: what its cold start runs first. */
const loaders: Record<string, (env: NodeJS.ProcessEnv) => unknown> = {
  Api: loadApiConfig,
  Consensus: loadConsensusConfig,
  Digest: loadDigestConfig,
  Maintenance: loadMaintenanceConfig,
};

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
    });
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

  it("fails a cold start that misses a setting, naming it (what the old config did)", () => {
    const env = lambdaUnits.find((u) => u.name === "Consensus")!.env(aDeployment);
    const { WAKE_ROLE_ARN: _, ...missing } = env;
    expect(() => loadConsensusConfig(missing)).toThrow(/WAKE_ROLE_ARN/);
  });
});
