/// <reference path="./.sst/platform/config.d.ts" />

/**
 * The AWS and Cloudflare resources. Minimal for now: the API on Lambda behind a function URL,
 * linked to its secrets. Queues, schedules, the edge worker and the remaining functions are
 * added by the units that need them; Fly regions deploy from probe-fly/fly.toml.
 */
export default $config({
  app(input) {
    return {
      name: "domainpilot",
      removal: input?.stage === "production" ? "retain" : "remove",
      home: "aws",
    };
  },
  async run() {
    const databaseUrl = new sst.Secret("DatabaseUrl");
    const timeseriesDatabaseUrl = new sst.Secret("TimeseriesDatabaseUrl");
    const redisUrl = new sst.Secret("UpstashRedisUrl");
    const api = new sst.aws.Function("Api", {
      handler: "functions/api/lambda.handler",
      runtime: "nodejs20.x",
      url: true,
      link: [databaseUrl, timeseriesDatabaseUrl, redisUrl],
      copyFiles: [{ from: "schema/migrations", to: "schema/migrations" }],
    });
    // results streams → time-series DB each minute; time-series upkeep each hour
    new sst.aws.Cron("Ingest", {
      schedule: "rate(1 minute)",
      function: {
        handler: "functions/ingest/lambda.handler",
        runtime: "nodejs20.x",
        timeout: "60 seconds",
        link: [timeseriesDatabaseUrl, redisUrl],
        environment: {
          TIMESERIES_DATABASE_URL: timeseriesDatabaseUrl.value,
          REDIS_URL: redisUrl.value,
          INGEST_REGIONS: "ams,iad,sin",
        },
      },
    });
    new sst.aws.Cron("TimeseriesMaintenance", {
      schedule: "rate(1 hour)",
      function: {
        handler: "functions/maintenance/timeseries-lambda.handler",
        runtime: "nodejs20.x",
        timeout: "5 minutes",
        link: [timeseriesDatabaseUrl],
        environment: { TIMESERIES_DATABASE_URL: timeseriesDatabaseUrl.value },
      },
    });
    return { api: api.url };
  },
});
