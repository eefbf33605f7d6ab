import type { DeploySettings } from "./settings";
import {
  handlerOf,
  type LambdaUnit,
  lambdaUnits,
  type QueueName,
  queueSettings,
  queueShards,
  REGIONS,
} from "./units";

/** How SST bundles each entry; infra/bundle.ts builds the same for the deploy smoke test. */
const nodejs = {
  format: "esm" as const,
  minify: false,
  sourcemap: true,
  esbuild: { target: "node20" },
};

function secrets() {
  return {
    databaseUrl: new sst.Secret("DatabaseUrl"),
    timeseriesDatabaseUrl: new sst.Secret("TimeseriesDatabaseUrl"),
    upstashRedisRestUrl: new sst.Secret("UpstashRedisRestUrl"),
    upstashRedisRestToken: new sst.Secret("UpstashRedisRestToken"),
    resendApiKey: new sst.Secret("ResendApiKey"),
    vapidPublicKey: new sst.Secret("VapidPublicKey"),
    vapidPrivateKey: new sst.Secret("VapidPrivateKey"),
    vapidSubject: new sst.Secret("VapidSubject"),
    // placeholders are production's; another stage sets its own (sst secret set)
    dashboardUrl: new sst.Secret("DashboardUrl", "https://app.domainpilot.dev"),
    mailFrom: new sst.Secret("MailFrom", "DomainPilot <alerts@domainpilot.dev>"),
  };
}

/** One queue and its dead-letter queue. */
export interface QueuePair {
  main: sst.aws.Queue;
  dlq: sst.aws.Queue;
}

/**
 * A queue name's queues, one per shard (queueShards), each with its DLQ. Shard 0 keeps the
 * unsuffixed names ("ConsensusQueue", "ConsensusDlq"); shard k is "ConsensusQueue<k>", ….
 */
function shardedQueues(name: QueueName): QueuePair[] {
  const s = queueSettings[name];
  const pascal = name === "consensus" ? "Consensus" : "Alerts";
  return Array.from({ length: queueShards[name] }, (_, k) => {
    const suffix = k === 0 ? "" : String(k);
    // 14 days (SQS's longest) to read a dead letter and redrive it; the default is 4
    const dlq = new sst.aws.Queue(`${pascal}Dlq${suffix}`, {
      transform: { queue: { messageRetentionSeconds: 14 * 24 * 3600 } },
    });
    const main = new sst.aws.Queue(`${pascal}Queue${suffix}`, {
      visibilityTimeout: `${s.visibilitySeconds} seconds`,
      dlq: { queue: dlq.arn, retry: s.maxReceiveCount },
    });
    return { main, dlq };
  });
}

/** The AWS side: queues with DLQs, the wake-up schedule group and role, and every function. */
export function deployAws() {
  const secret = secrets();
  const queues: Record<QueueName, QueuePair[]> = {
    consensus: shardedQueues("consensus"),
    alerts: shardedQueues("alerts"),
  };
  const group = new aws.scheduler.ScheduleGroup("WakeUps", {
    name: `${$app.name}-${$app.stage}-wake-ups`,
  });
  const schedulerRole = new aws.iam.Role("WakeUpRole", {
    assumeRolePolicy: aws.iam.getPolicyDocumentOutput({
      statements: [
        {
          actions: ["sts:AssumeRole"],
          principals: [{ type: "Service", identifiers: ["scheduler.amazonaws.com"] }],
        },
      ],
    }).json,
  });

  const base: Omit<DeploySettings<$util.Input<string>>, "wakeTargetArn"> = {
    databaseUrl: secret.databaseUrl.value,
    timeseriesDatabaseUrl: secret.timeseriesDatabaseUrl.value,
    upstashRedisRestUrl: secret.upstashRedisRestUrl.value,
    upstashRedisRestToken: secret.upstashRedisRestToken.value,
    resendApiKey: secret.resendApiKey.value,
    vapidPublicKey: secret.vapidPublicKey.value,
    vapidPrivateKey: secret.vapidPrivateKey.value,
    vapidSubject: secret.vapidSubject.value,
    dashboardUrl: secret.dashboardUrl.value,
    mailFrom: secret.mailFrom.value,
    regions: REGIONS.join(","),
    // every shard's queue, in shard order: producers route each domain to its shard's
    consensusQueueUrl: $util.all(queues.consensus.map((q) => q.main.url)).apply((u) => u.join(",")),
    alertsQueueUrl: queues.alerts[0]!.main.url,
    wakeRoleArn: schedulerRole.arn,
    wakeScheduleGroup: group.name,
  };

  const args = (unit: LambdaUnit, settings: DeploySettings<$util.Input<string>>) => ({
    handler: handlerOf(unit),
    runtime: "nodejs20.x" as const,
    timeout: `${unit.timeoutSeconds} seconds` as const,
    memory: `${unit.memoryMb} MB` as const,
    nodejs,
    // each setting under the exact name its config.ts reads (never Resource.X at runtime)
    environment: unit.env(settings),
    // a partitioned queue: every shard's (a producer routes by domain, a consumer forwards)
    link: unit.sendsTo.flatMap((q) => queues[q].map((p) => p.main)),
    permissions: unit.schedulesWakeUps
      ? [
          {
            actions: ["scheduler:CreateSchedule", "scheduler:DeleteSchedule"],
            resources: [$interpolate`arn:aws:scheduler:*:*:schedule/${group.name}/*`],
          },
          { actions: ["iam:PassRole"], resources: [schedulerRole.arn] },
        ]
      : [],
    ...(unit.trigger.kind === "queue" && unit.trigger.reserved
      ? { concurrency: { reserved: unit.trigger.reserved } }
      : {}),
  });

  // the wake-up target first: consensus needs its ARN
  const digestUnit = lambdaUnits.find((u) => u.trigger.kind === "schedule")!;
  const digest = new sst.aws.Function(
    digestUnit.name,
    args(digestUnit, { ...base, wakeTargetArn: "" }),
  );
  new aws.iam.RolePolicy("WakeUpRoleInvoke", {
    role: schedulerRole.id,
    policy: aws.iam.getPolicyDocumentOutput({
      statements: [{ actions: ["lambda:InvokeFunction"], resources: [digest.arn] }],
    }).json,
  });
  const settings: DeploySettings<$util.Input<string>> = { ...base, wakeTargetArn: digest.arn };

  const outputs: Record<string, $util.Output<string>> = {};
  const functionNames: Record<string, $util.Input<string>> = { [digestUnit.name]: digest.name };
  for (const unit of lambdaUnits) {
    const t = unit.trigger;
    if (t.kind === "schedule") continue;
    if (t.kind === "url") {
      const fn = new sst.aws.Function(unit.name, {
        ...args(unit, settings),
        url: true,
        streaming: t.streaming,
      });
      outputs[unit.name] = fn.url;
      functionNames[unit.name] = fn.name;
    } else if (t.kind === "queue") {
      const s = queueSettings[t.queue];
      const subscriber = queues[t.queue][t.shard ?? 0]!.main.subscribe(args(unit, settings), {
        batch: { size: s.batchSize, window: `${s.windowSeconds} seconds`, partialResponses: true },
      });
      functionNames[unit.name] = subscriber.nodes.function.name;
    } else {
      const cron = new sst.aws.Cron(unit.name, {
        schedule: t.schedule,
        function: args(unit, settings),
      });
      functionNames[unit.name] = cron.nodes.function.name;
    }
  }
  return { outputs, queues, digest, settings, functionNames };
}
