/**
 * What an operator watches: a dashboard of the functions' own metrics (the Embedded Metric Format
 * lines of lambdas/adapters/metrics.ts) beside Lambda's and the API's, and the two alarms that
 * catch mail silently stopping: the schedule no longer invoking the run, and mail due that does
 * not go out.
 */
import { Duration, aws_cloudwatch as cloudwatch, type aws_apigatewayv2 as apigw, type aws_lambda as lambda } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { metricsNamespace } from '../lambdas/adapters/metrics.ts';
import type { FunctionGroupName } from '../lambdas/routes.ts';

export interface ObservabilityProps {
  stage: string;
  functions: ReadonlyMap<FunctionGroupName, lambda.Function>;
  notifyFunction: lambda.Function;
  apiStage: apigw.HttpStage;
  alarmAction: cloudwatch.IAlarmAction;
}

export class Observability extends Construct {
  readonly dashboard: cloudwatch.Dashboard;

  constructor(scope: Construct, id: string, props: ObservabilityProps) {
    super(scope, id);
    const { stage } = props;
    const own = (metricName: string, statistic = 'Sum', period = Duration.minutes(5)) =>
      new cloudwatch.Metric({ namespace: metricsNamespace, metricName, dimensionsMap: { stage }, statistic, period });

    // The run is every minute: ten minutes without one means the schedule or the function is gone.
    new cloudwatch.Alarm(this, 'NotifyNotRunning', {
      alarmDescription: `satsning ${stage}: notiskörningen har inte startat på 10 minuter (schemat eller funktionen)`,
      metric: props.notifyFunction.metricInvocations({ period: Duration.minutes(10), statistic: 'Sum' }),
      threshold: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
      evaluationPeriods: 1,
      // No data is no run: that is what this alarm is for.
      treatMissingData: cloudwatch.TreatMissingData.BREACHING,
    }).addAlarmAction(props.alarmAction);

    // Mail waits (deferred) and none goes out, for fifteen minutes: SES refuses, or runs die.
    new cloudwatch.Alarm(this, 'MailsStuck', {
      alarmDescription: `satsning ${stage}: e-post väntar men ingen skickas (15 minuter)`,
      metric: new cloudwatch.MathExpression({
        expression: 'IF(deferred > 0 AND FILL(sent, 0) == 0, 1, 0)',
        usingMetrics: { deferred: own('MailsDeferred'), sent: own('MailsSent') },
        period: Duration.minutes(5),
        label: 'Väntande utan utskick',
      }),
      threshold: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: 3,
      datapointsToAlarm: 3,
      // Without runs there are no figures: NotifyNotRunning raises that.
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    }).addAlarmAction(props.alarmAction);

    const functions = [...props.functions.values()];
    this.dashboard = new cloudwatch.Dashboard(this, 'Dashboard', {
      dashboardName: `satsning-${stage}`,
      defaultInterval: Duration.days(1),
      widgets: [
        [
          new cloudwatch.GraphWidget({
            title: 'E-post per 5 minuter',
            left: [own('MailsSent'), own('MailsFailed'), own('MailsSuppressed'), own('MailsDeferred')],
            width: 12,
          }),
          new cloudwatch.GraphWidget({
            title: 'Från förfallen till skickad (sekunder)',
            left: [own('DelayFromDue', 'Maximum'), own('DelayFromDue', 'p90')],
            width: 12,
          }),
        ],
        [
          new cloudwatch.GraphWidget({
            title: 'Ansökningar och beslut per timme',
            left: [own('Applications', 'Sum', Duration.hours(1)), own('Decisions', 'Sum', Duration.hours(1))],
            width: 12,
          }),
          new cloudwatch.GraphWidget({
            title: '4xx per felkod',
            left: [
              new cloudwatch.MathExpression({
                expression: `SEARCH('{${metricsNamespace},code,stage} MetricName="ClientErrors" stage="${stage}"', 'Sum', 300)`,
                label: '',
                period: Duration.minutes(5),
              }),
            ],
            width: 12,
          }),
        ],
        [
          new cloudwatch.GraphWidget({
            title: 'API: 4xx och 5xx',
            left: [props.apiStage.metricClientError({ period: Duration.minutes(5) }), props.apiStage.metricServerError({ period: Duration.minutes(5) })],
            width: 8,
          }),
          new cloudwatch.GraphWidget({
            title: 'Funktionernas fel',
            left: functions.map((fn) => fn.metricErrors({ period: Duration.minutes(5) })),
            width: 8,
          }),
          new cloudwatch.GraphWidget({
            title: 'Notiskörningar och deras tid',
            left: [props.notifyFunction.metricInvocations({ period: Duration.minutes(5) })],
            right: [props.notifyFunction.metricDuration({ period: Duration.minutes(5), statistic: 'Maximum' })],
            width: 8,
          }),
        ],
      ],
    });
  }
}
