/**
 * CloudWatch metrics as Embedded Metric Format lines: one JSON line on standard output, which
 * CloudWatch Logs turns into metrics (no API call, no extra permission, no library: Powertools'
 * metrics would add about 15 KiB to every function). Written to stdout directly, not through
 * console, so that Lambda's JSON log format leaves the line as it is. Only in Lambda: locally,
 * `npm run notify` prints the run's figures instead (every 4xx would be a line in `npm start`).
 */
import type { RunResult } from '#model/notification';

export const metricsNamespace = 'Satsning';

export type MetricUnit = 'Count' | 'Seconds' | 'Milliseconds';

/** A metric's value: one number, or several (CloudWatch takes up to 100 values in one line). */
export type Metrics = Record<string, { value: number | number[]; unit: MetricUnit }>;

/** One EMF line: the metrics, under the given dimensions (each a name and its value). */
export function metricsLine(metrics: Metrics, dimensions: Record<string, string> = {}, now = Date.now()): string {
  const names = Object.keys(metrics);
  return JSON.stringify({
    _aws: {
      Timestamp: now,
      CloudWatchMetrics: [
        {
          Namespace: metricsNamespace,
          Dimensions: [Object.keys(dimensions)],
          Metrics: names.map((name) => ({ Name: name, Unit: metrics[name]!.unit })),
        },
      ],
    },
    ...dimensions,
    ...Object.fromEntries(names.map((name) => [name, metrics[name]!.value])),
  });
}

/** Write the metrics in Lambda, with the stage as their first dimension (`SATSNING_STAGE`). */
export function putMetrics(metrics: Metrics, dimensions: Record<string, string> = {}): void {
  if (!process.env.AWS_LAMBDA_FUNCTION_NAME || process.env.SATSNING_LOG_LEVEL === 'silent') return;
  process.stdout.write(`${metricsLine(metrics, { stage: process.env.SATSNING_STAGE ?? 'dev', ...dimensions })}\n`);
}

/** What a notification run did, as metrics: the dashboard's and the alarms' figures. */
export function notificationRunMetrics(result: RunResult): Metrics {
  return {
    MailsSent: { value: result.sent, unit: 'Count' },
    MailsFailed: { value: result.failed - result.suppressed, unit: 'Count' },
    MailsSuppressed: { value: result.suppressed, unit: 'Count' },
    MailsDeferred: { value: result.unfinished, unit: 'Count' },
    DueItems: { value: result.itemsRead, unit: 'Count' },
    ...(result.delaysSeconds.length > 0 ? { DelayFromDue: { value: result.delaysSeconds, unit: 'Seconds' } } : {}),
  };
}
