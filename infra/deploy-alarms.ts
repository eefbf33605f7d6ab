import { alarmSpecs } from "./alarms";
import type { QueuePair } from "./deploy-aws";
import { lambdaUnits, type QueueName } from "./units";

/** CloudWatch alarms of infra/alarms.ts, all notifying one SNS topic (subscribe ops to it). */
export function deployAlarms(o: {
  queues: Record<QueueName, QueuePair[]>;
  functionNames: Record<string, $util.Input<string>>;
}) {
  const topic = new sst.aws.SnsTopic("Alarms");
  for (const spec of alarmSpecs(lambdaUnits)) {
    const dimensions: Record<string, $util.Input<string>> = "queue" in spec.on
      ? {
          QueueName:
            o.queues[spec.on.queue][spec.on.shard]![spec.on.dlq ? "dlq" : "main"].nodes.queue.name,
        }
      : { FunctionName: o.functionNames[spec.on.unit]! };
    new aws.cloudwatch.MetricAlarm(`Alarm-${spec.name}`, {
      name: `${$app.name}-${$app.stage}-${spec.name}`,
      alarmDescription: spec.description,
      namespace: spec.namespace,
      metricName: spec.metric,
      dimensions,
      statistic: spec.statistic,
      period: spec.periodSeconds,
      evaluationPeriods: spec.evaluationPeriods,
      threshold: spec.threshold,
      comparisonOperator: spec.comparison,
      treatMissingData: spec.treatMissingData,
      alarmActions: [topic.arn],
      okActions: [topic.arn],
    });
  }
  return topic;
}
