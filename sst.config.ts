/// <reference path="./.sst/platform/config.d.ts" />

/**
 * The AWS and Cloudflare resources (infra/): the Lambda units of infra/units.ts with their
 * queues, crons and wake-up schedules, and the edge Worker. Fly regions deploy from
 * probe-fly/fly.toml. Type-checked offline by `npm run typecheck:infra`.
 */
export default $config({
  app(input) {
    return {
      name: "domainpilot",
      removal: input?.stage === "production" ? "retain" : "remove",
      protect: input?.stage === "production",
      home: "aws",
      providers: { aws: true, cloudflare: true },
    };
  },
  async run() {
    const { deployAws } = await import("./infra/deploy-aws");
    const { deployEdge } = await import("./infra/deploy-edge");
    const { deployAlarms } = await import("./infra/deploy-alarms");
    const cloud = deployAws();
    const alarms = deployAlarms(cloud);
    const edge = deployEdge(cloud.settings);
    return {
      api: cloud.outputs.Api,
      // GET /v1/events, streamed (the dashboard opens its EventSource here)
      apiStream: cloud.outputs.ApiStream,
      edge,
      // shard 0's; every shard's queue (and DLQ), in shard order, in the lists below
      consensusQueue: cloud.queues.consensus[0]!.main.url,
      consensusDlq: cloud.queues.consensus[0]!.dlq.url,
      // CONSENSUS_QUEUE_URL of the probes (docs/operations.md)
      consensusQueues: cloud.settings.consensusQueueUrl,
      consensusDlqs: cloud.queues.consensus.map((q) => q.dlq.url),
      alertsQueue: cloud.queues.alerts[0]!.main.url,
      alertsDlq: cloud.queues.alerts[0]!.dlq.url,
      alarmsTopic: alarms.arn,
    };
  },
});
