/**
 * The notification run: invoked every minute by EventBridge Scheduler with
 * `{ "at": "<aws.scheduler.scheduled-time>" }` (locally by the timer, `POST /_local/notify` and
 * `npm run notify`). A failure throws: the invocation is retried, then lands in the dead-letter
 * queue and raises the alarm; the ledger keeps the retries from sending anything twice.
 */
import type { Context } from 'aws-lambda';
import * as z from 'zod/mini';
import { notifyDependencies } from '#wiring/mailing';
import { log } from '#adapters/log';
import { type RunResult } from '#model/notification';
import { runNotifications } from '#usecases/notifications/run';
import { isoDateTime } from '#core/formats';

const notifyEvent = /* @__PURE__ */ z.lazy(() => z.object({ at: isoDateTime() }));
const deps = notifyDependencies();

export async function handler(event: unknown, context?: Pick<Context, 'awsRequestId'>): Promise<RunResult> {
  const { at } = notifyEvent.parse(event);
  const runId = context?.awsRequestId ?? crypto.randomUUID();
  const result = await runNotifications(deps, new Date(at), runId);
  log.info('notification run', { ...result });
  return result;
}
