/** A notification due to be sent, the ledger that makes each delivery exactly once, and what a run reports. */
import type { NotificationKind } from '#model/schedule';

export interface DueNotification {
  programmeId: string;
  key: string;
  kind: NotificationKind;
  ref: string;
  dueAt: string;
}

export type ClaimResult = 'claimed' | 'done' | 'busy';

export interface NotificationStore {
  /** every pending notification due at or before `now` (Query per shard of the due index) */
  due(now: Date): Promise<{ items: DueNotification[]; itemsRead: number }>;
  /** out of the due index, if it is still the same instance (dates may have moved it meanwhile) */
  markDone(item: DueNotification): Promise<void>;
  /** the ledger: take the delivery to one recipient, unless it is done or another run holds it */
  claim(notificationId: string, recipientHash: string, runId: string, now: Date, leaseSeconds: number): Promise<ClaimResult>;
  confirm(notificationId: string, recipientHash: string, runId: string, result: { messageId: string } | { failed: string }): Promise<void>;
  /** give a claim back after a send that may succeed later (throttled); returns the attempts so far */
  release(notificationId: string, recipientHash: string, runId: string, reason: string): Promise<number>;
  isSuppressed(emailHash: string): Promise<boolean>;
}

export interface RunResult {
  at: string;
  /** due items read from the index: what the run's cost grows with */
  itemsRead: number;
  sent: number;
  failed: number;
  /** deliveries done or held by another run */
  skipped: number;
  /** deliveries left for a later run (throttled, or held by a run that may have died) */
  unfinished: number;
  /** stale schedule items dropped because the programme's dates moved */
  stale: number;
  /** items dropped because their moment had passed (a reminder's day, an opening after the close) */
  missed: number;
  /** applications and watchers erased because their programme is over */
  erased: number;
}

export function notificationId(item: DueNotification): string {
  return `${item.programmeId}#${item.key}#${item.dueAt}`;
}
