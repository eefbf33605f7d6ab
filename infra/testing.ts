import type { DeploySettings } from "./settings";
import { CONSENSUS_SHARDS } from "./units";

/** Shard k's consensus queue in aDeployment. */
export const aConsensusQueueUrl = (k: number) =>
  `https://sqs.eu-central-1.amazonaws.com/123456789012/consensus${k === 0 ? "" : k}`;

/** Values shaped like what the secrets and resources resolve to in a stage. */
export const aDeployment: DeploySettings<string> = {
  databaseUrl: "postgres://app:pw@ep-control.eu-central-1.aws.neon.tech/control?sslmode=require",
  timeseriesDatabaseUrl: "postgres://app:pw@ep-ts.eu-central-1.aws.neon.tech/ts?sslmode=require",
  upstashRedisRestUrl: "https://eu1-fine-cat-12345.upstash.io",
  upstashRedisRestToken: "AX-token",
  resendApiKey: "re_123",
  // the lengths of real keys (web-push generate-vapid-keys), which config.ts checks
  vapidPublicKey: `B${"p".repeat(86)}`,
  vapidPrivateKey: "k".repeat(43),
  vapidSubject: "mailto:ops@example.com",
  dashboardUrl: "https://app.domainpilot.dev",
  mailFrom: "DomainPilot <alerts@domainpilot.dev>",
  regions: "ams,iad,sin",
  // every shard's, in shard order, as deploy-aws.ts joins them
  consensusQueueUrl: Array.from({ length: CONSENSUS_SHARDS }, (_, k) => aConsensusQueueUrl(k)).join(
    ",",
  ),
  alertsQueueUrl: "https://sqs.eu-central-1.amazonaws.com/123456789012/alerts",
  wakeTargetArn: "arn:aws:lambda:eu-central-1:123456789012:function:digest",
  wakeRoleArn: "arn:aws:iam::123456789012:role/wake-ups",
  wakeScheduleGroup: "domainpilot-production-wake-ups",
};
