/**
 * The notification run: invoked every minute by EventBridge Scheduler with
 * `{ "at": "<aws.scheduler.scheduled-time>" }` (locally by the timer and `POST /_local/notify`).
 */
import * as z from 'zod/mini';
import { log } from '#adapters/log';

const notifyEvent = z.object({ at: z.iso.datetime({ offset: true }) });

export interface NotifyResult {
  at: string;
  sent: number;
}

export async function handler(event: unknown): Promise<NotifyResult> {
  const { at } = notifyEvent.parse(event);
  const now = new Date(at);
  log.info('notification run', { at: now.toISOString() });
  return { at: now.toISOString(), sent: 0 };
}
