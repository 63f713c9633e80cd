/**
 * CloudWatch metrics as Embedded Metric Format lines: one JSON line on standard output, which
 * CloudWatch Logs turns into metrics (no API call, no extra permission, no library: Powertools'
 * metrics would add about 15 KiB to every function). Written to stdout directly, not through
 * console, so that Lambda's JSON log format leaves the line as it is. Locally the same line
 * is written, unless logs are silenced.
 */
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

/** Write the metrics, with the stage as their dimension (`SATSNING_STAGE`, `local` locally). */
export function putMetrics(metrics: Metrics, dimensions: Record<string, string> = {}): void {
  if (process.env.SATSNING_LOG_LEVEL === 'silent') return;
  process.stdout.write(`${metricsLine(metrics, { stage: process.env.SATSNING_STAGE ?? 'local', ...dimensions })}\n`);
}
