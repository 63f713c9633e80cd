/**
 * The notification run: invoked every minute by EventBridge Scheduler with
 * `{ "at": "<aws.scheduler.scheduled-time>" }` (locally by the timer, `POST /_local/notify` and
 * `npm run notify`). A failure throws: the invocation is retried, then lands in the dead-letter
 * queue and raises the alarm; the ledger keeps the retries from sending anything twice. A run
 * whose time is up returns as a success: the next one goes on.
 */
import type { Context } from 'aws-lambda';
import * as z from 'zod/mini';
import { notifyDependencies } from '#wiring/mailing';
import { log } from '#adapters/log';
import { notificationRunMetrics, putMetrics } from '#adapters/metrics';
import { type RunResult, type RunTime } from '#model/notification';
import { runNotifications } from '#usecases/notifications/run';
import { isoDateTime } from '#core/formats';

const notifyEvent = /* @__PURE__ */ z.lazy(() => z.object({ at: isoDateTime() }));

/** Without Lambda's context (a script): as long as the function's timeout. */
const timeWithoutContextMs = 900_000;

/**
 * The run's time from what Lambda says is left: it stops taking new work a tenth of that (at most
 * 30 s) before the cut-off, time enough for the sends in flight and for giving back the rest.
 */
export function runTime(leftMs: number, nowMs = Date.now()): RunTime {
  return {
    wallNow: () => new Date(),
    stopAt: new Date(nowMs + leftMs - Math.min(30_000, leftMs / 10)),
    cutOffAt: new Date(nowMs + leftMs),
  };
}

export async function handler(event: unknown, context?: Pick<Context, 'awsRequestId' | 'getRemainingTimeInMillis'>): Promise<RunResult> {
  const { at } = notifyEvent.parse(event);
  const runId = context?.awsRequestId ?? crypto.randomUUID();
  const time = runTime(context?.getRemainingTimeInMillis() ?? timeWithoutContextMs);
  const result = await runNotifications(notifyDependencies(), new Date(at), runId, time);
  const { delaysSeconds, ...counts } = result;
  log.info('notification run', { ...counts, longestDelaySeconds: Math.max(0, ...delaysSeconds) });
  putMetrics(notificationRunMetrics(result));
  return result;
}
