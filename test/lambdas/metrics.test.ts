/**
 * The functions' metrics are CloudWatch Embedded Metric Format lines on standard output, and their
 * logs JSON lines at the level the stack sets: what CloudWatch reads, checked as it reads them.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { metricsLine, notificationRunMetrics, putMetrics } from '#adapters/metrics';
import { log } from '#adapters/log';

const environment = { ...process.env };
afterEach(() => {
  process.env = { ...environment };
  vi.restoreAllMocks();
});

function captured(stream: NodeJS.WriteStream) {
  const lines: string[] = [];
  vi.spyOn(stream, 'write').mockImplementation((chunk: string | Uint8Array) => {
    lines.push(String(chunk));
    return true;
  });
  return lines;
}

describe('metrics', () => {
  it('are one EMF line: each metric declared with its unit, under the dimensions, with its values', () => {
    // Act
    const line = JSON.parse(metricsLine({ MailsSent: { value: 3, unit: 'Count' }, DelayFromDue: { value: [12, 70], unit: 'Seconds' } }, { stage: 'prod' }, 1_800_000_000_000));

    // Assess
    expect(line).toEqual({
      _aws: {
        Timestamp: 1_800_000_000_000,
        CloudWatchMetrics: [{ Namespace: 'Satsning', Dimensions: [['stage']], Metrics: [{ Name: 'MailsSent', Unit: 'Count' }, { Name: 'DelayFromDue', Unit: 'Seconds' }] }],
      },
      stage: 'prod',
      MailsSent: 3,
      DelayFromDue: [12, 70],
    });
  });

  it('tell a notification run’s mails apart: sent, failed, suppressed, deferred, and how late', () => {
    // Prepare
    const result = { at: '', itemsRead: 4, sent: 10, failed: 3, suppressed: 2, delaysSeconds: [5, 61], skipped: 0, unfinished: 7, stale: 0, missed: 0, erased: 0, released: 0, heldByAnotherRun: 0, outOfTime: true, anotherRunGoing: false };

    // Act
    const metrics = notificationRunMetrics(result);

    // Assess
    expect(Object.fromEntries(Object.entries(metrics).map(([name, { value }]) => [name, value]))).toEqual({
      MailsSent: 10,
      MailsFailed: 1,
      MailsSuppressed: 2,
      MailsDeferred: 7,
      DueItems: 4,
      DelayFromDue: [5, 61],
    });
    expect(notificationRunMetrics({ ...result, delaysSeconds: [] }).DelayFromDue).toBeUndefined();
  });

  it('are written in Lambda only, with the stage, straight to standard output', () => {
    // Prepare
    const lines = captured(process.stdout);
    delete process.env.SATSNING_LOG_LEVEL;
    delete process.env.AWS_LAMBDA_FUNCTION_NAME;

    // Act
    putMetrics({ Applications: { value: 1, unit: 'Count' } });
    process.env.AWS_LAMBDA_FUNCTION_NAME = 'satsning-applications';
    process.env.SATSNING_STAGE = 'prod';
    putMetrics({ ClientErrors: { value: 1, unit: 'Count' } }, { code: 'TOO_MANY_REQUESTS' });

    // Assess
    expect(lines).toHaveLength(1);
    const line = JSON.parse(lines[0]!);
    expect(line._aws.CloudWatchMetrics[0].Dimensions).toEqual([['stage', 'code']]);
    expect(line).toMatchObject({ stage: 'prod', code: 'TOO_MANY_REQUESTS', ClientErrors: 1 });
  });
});

describe('logs', () => {
  it('are JSON lines at or above the level Lambda is given', () => {
    // Prepare
    const out = captured(process.stdout);
    const errors = captured(process.stderr);
    delete process.env.SATSNING_LOG_LEVEL;
    process.env.AWS_LAMBDA_LOG_LEVEL = 'WARN';

    // Act
    log.info('notification run', { sent: 3 });
    log.warn('throttled', { attempts: 2 });
    log.error('unhandled error', { errorName: 'Error' });

    // Assess
    expect(out).toEqual([]);
    expect(errors.map((line) => JSON.parse(line))).toMatchObject([
      { level: 'WARN', message: 'throttled', attempts: 2 },
      { level: 'ERROR', message: 'unhandled error', errorName: 'Error' },
    ]);
    expect(errors.every((line) => line.endsWith('}\n'))).toBe(true);
  });

  it('say nothing when silenced', () => {
    const out = captured(process.stdout);
    process.env.SATSNING_LOG_LEVEL = 'silent';
    log.error('unhandled error');
    expect(out).toEqual([]);
  });
});
