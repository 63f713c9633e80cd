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
  /**
   * the recipients of a notification whose delivery is done (sent or failed), read in batches:
   * a run that takes up a notification again claims only the others
   */
  done(notificationId: string, recipientHashes: string[]): Promise<Set<string>>;
  /** how a notification went: its deliveries sent, and failed for good */
  outcomes(notificationId: string): Promise<{ sent: number; failed: number }>;
  /**
   * give a claim back, for the next run to take at once: after a send that may succeed later
   * (`attempt`: it counts towards the attempts; a throttled send does not), or unsent when the
   * run's time is up; returns the attempts so far
   */
  release(notificationId: string, recipientHash: string, runId: string, reason: string, attempt: boolean): Promise<number>;
  /** one run at a time: take the run lease until `until` unless another run holds it */
  takeRunLease(runId: string, now: Date, until: Date): Promise<boolean>;
  endRunLease(runId: string): Promise<void>;
  isSuppressed(emailHash: string): Promise<boolean>;
}

export interface RunResult {
  at: string;
  /** due items read from the index: what the run's cost grows with */
  itemsRead: number;
  sent: number;
  /** failed for good, the suppressed among them */
  failed: number;
  /** not sent because the address is suppressed (counted in `failed` too) */
  suppressed: number;
  /** for each notification this run sent mail for: seconds from when it was due to when its mail went (at most 100) */
  delaysSeconds: number[];
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
  /** claims given back unsent because the run's time was up */
  released: number;
  /** deliveries another run held (its claim's lease not yet out): they wait for it */
  heldByAnotherRun: number;
  /** the run stopped taking work because its time was up: the next run goes on */
  outOfTime: boolean;
  /** another run held the lease: this one did nothing */
  anotherRunGoing: boolean;
}

/**
 * A run's time, on the wall clock (its `now` is the instant it was scheduled for): it takes no
 * new delivery after `stopAt`, and the function is cut off at `cutOffAt`.
 */
export interface RunTime {
  wallNow(): Date;
  stopAt: Date;
  cutOffAt: Date;
}

export function notificationId(item: DueNotification): string {
  return `${item.programmeId}#${item.key}#${item.dueAt}`;
}
