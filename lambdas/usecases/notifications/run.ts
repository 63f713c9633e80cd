/**
 * The notification run, every minute: read what is due (and only that), decide who gets each
 * notification *now* (a watcher who applied meanwhile, a head who has decided, gets nothing), and
 * deliver each e-mail exactly once through the ledger: claim (a conditional write per
 * notification and recipient), send, confirm. A claim whose run died is taken over after its
 * lease. The one window that can repeat a mail: SES accepted it and the run died before the
 * confirm; after the lease, another run sends it again. Everything else is exactly once.
 *
 * A run knows its limits. One runs at a time (a lease in the table), so that runs share the
 * account's sending rate instead of each taking all of it. It takes no new delivery once its time
 * is up, gives back what it claimed and did not send (the next run takes it at once), and ends as
 * a success: the next run, a minute later, goes on. A throttled send is tried again by a later
 * run and never counts as a failed attempt.
 */
import type { IdSource } from '#core/ids';
import { inParallel } from '#core/parallel';
import type { Messages, SendOutcome } from '#model/messages';
import { type Application, type AppliedCheck, emailHash } from '#model/application';
import { type DueNotification, type NotificationStore, type RunResult, type RunTime, notificationId } from '#model/notification';
import type { Programme } from '#model/programme';
import type { ProgrammeMessage, ProgrammeMessageStore } from '#model/programmeMessage';
import { ruleActor } from '#model/audit';
import { milestoneOfRef, missedItsMoment, plannedNotifications } from '#model/schedule';
import type { WatcherStore } from '#model/watcher';
import type { DecisionDeps } from '#usecases/decisions/decide';
import type { GroupDeps } from '#usecases/groups/groups';
import { audienceOf } from '#usecases/messages/messages';
import { erasePersonalData } from '#usecases/participants/erase';
import type { ProgressDeps } from '#usecases/progress/progress';
import { unsubscribeToken } from '#usecases/watchers/watch';

/** Sending, with its own rate, retries and the line between a retryable and a final failure. */

export interface NotifyDeps
  extends Pick<DecisionDeps, 'programmes' | 'applications' | 'decisions'>,
    Pick<ProgressDeps, 'progress'>,
    Pick<GroupDeps, 'groups'> {
  applied: AppliedCheck;
  watchers: WatcherStore;
  notifications: NotificationStore;
  /** the messages staff queued, and what became of them */
  programmeMessages: Pick<ProgrammeMessageStore, 'get' | 'markSent'>;
  ids: IdSource;
  /** what the schedule tells (the decision, when an erasure promotes nobody, is the published one) */
  messages: Pick<Messages, 'windowOpens' | 'closesSoon' | 'decisionDue' | 'undecidedDigest' | 'decision' | 'milestoneDue' | 'milestoneOverdue' | 'promoted' | 'programmeMessage'>;
  /** how many e-mails are in flight at once */
  concurrency: number;
}

interface Delivery {
  email: string;
  /** sent only once the delivery is claimed (a watcher's mail creates an unsubscribe token first) */
  send: () => Promise<SendOutcome>;
}

const leaseSeconds = 10 * 60;

/** runs that may try one delivery before it is marked failed */
const maxAttempts = 5;

export async function runNotifications(deps: NotifyDeps, now: Date, runId: string, time: RunTime): Promise<RunResult> {
  const result: RunResult = {
    at: now.toISOString(),
    itemsRead: 0,
    sent: 0,
    failed: 0,
    suppressed: 0,
    delaysSeconds: [],
    skipped: 0,
    unfinished: 0,
    stale: 0,
    missed: 0,
    erased: 0,
    released: 0,
    heldByAnotherRun: 0,
    outOfTime: false,
    anotherRunGoing: false,
  };
  if (!(await deps.notifications.takeRunLease(runId, time.wallNow(), time.cutOffAt))) {
    result.anotherRunGoing = true;
    return result;
  }
  try {
    await runDue(deps, now, runId, time, result);
  } finally {
    await deps.notifications.endRunLease(runId);
  }
  return result;
}

async function runDue(deps: NotifyDeps, now: Date, runId: string, time: RunTime, result: RunResult) {
  const timeIsUp = () => time.wallNow() >= time.stopAt;
  const startedAt = time.wallNow().getTime();
  /** now, on the run's clock (it was scheduled for `now`), in milliseconds */
  const runClock = () => now.getTime() + (time.wallNow().getTime() - startedAt);
  /** What is left when the time is up: for the next run. */
  const leaveForNextRun = () => {
    result.outOfTime = true;
    result.unfinished++;
  };
  const { items, itemsRead } = await deps.notifications.due(now);
  result.itemsRead = itemsRead;
  for (const item of items) {
    if (timeIsUp()) {
      leaveForNextRun();
      continue;
    }
    const programme = await deps.programmes.get(item.programmeId);
    // A message is due while it is queued; every other item while the programme still plans it then.
    const message = programme && item.kind === 'message' ? await deps.programmeMessages.get(programme.id, item.ref) : undefined;
    const stillDue =
      item.kind === 'message'
        ? message?.status === 'queued'
        : programme !== undefined && plannedNotifications(programme).find((candidate) => candidate.key === item.key)?.dueAt === item.dueAt;
    if (!programme || !stillDue) {
      result.stale++;
      await deps.notifications.markDone(item);
      continue;
    }
    if (missedItsMoment(item, programme, now)) {
      result.missed++;
      await deps.notifications.markDone(item);
      continue;
    }
    if (item.kind === 'erasure') {
      const erased = await erasePersonalData(deps, programme.id, now);
      result.erased += erased.applications + erased.watchers;
      await deps.notifications.markDone(item);
      continue;
    }
    const id = notificationId(item);
    const everyone = (await recipients(deps, programme, item, now, message)).map((delivery) => ({ ...delivery, hash: emailHash(delivery.email) }));
    // Taken up again (the last run's time was up, or a send is to be retried): only who is left.
    const done = await deps.notifications.done(id, everyone.map((delivery) => delivery.hash));
    result.skipped += done.size;
    const left = everyone.filter((delivery) => !done.has(delivery.hash));
    const before = result.unfinished;
    const sentBefore = result.sent;
    await inParallel(left, deps.concurrency, async (delivery) => {
      if (timeIsUp()) return leaveForNextRun();
      await deliver(deps, id, delivery, runId, now, result, timeIsUp);
    });
    // How late mail goes out: the alarms and the dashboard watch it.
    if (result.sent > sentBefore && result.delaysSeconds.length < 100) {
      result.delaysSeconds.push(Math.max(0, Math.round((runClock() - Date.parse(item.dueAt)) / 1000)));
    }
    if (result.unfinished !== before) continue;
    if (message) await messageSent(deps, message, id, now);
    await deps.notifications.markDone(item);
  }
}

/** Everyone has had the message (or failed for good): what became of it, on it and in the audit trail. */
async function messageSent(deps: NotifyDeps, message: ProgrammeMessage, id: string, now: Date) {
  const outcome = await deps.notifications.outcomes(id);
  const audit = {
    programmeId: message.programmeId,
    at: now.toISOString(),
    by: ruleActor,
    action: 'message.sent' as const,
    changes: [
      { field: `messages.${message.id}.delivered`, to: outcome.sent },
      { field: `messages.${message.id}.notDelivered`, to: outcome.failed },
    ],
  };
  await deps.programmeMessages.markSent(message, { delivered: outcome.sent, notDelivered: outcome.failed }, now, audit);
}

async function deliver(deps: NotifyDeps, id: string, delivery: Delivery & { hash: string }, runId: string, now: Date, result: RunResult, timeIsUp: () => boolean) {
  const hash = delivery.hash;
  const claim = await deps.notifications.claim(id, hash, runId, now, leaseSeconds);
  if (claim === 'done') {
    result.skipped++;
    return;
  }
  if (claim === 'busy') {
    result.heldByAnotherRun++;
    result.unfinished++;
    return;
  }
  if (await deps.notifications.isSuppressed(hash)) {
    await deps.notifications.confirm(id, hash, runId, { failed: 'suppressed' });
    result.failed++;
    result.suppressed++;
    return;
  }
  if (timeIsUp()) {
    // Claimed while there was time; none is left to send it: the next run takes it at once.
    await deps.notifications.release(id, hash, runId, 'out of time', false);
    result.released++;
    result.unfinished++;
    return;
  }
  const outcome = await delivery.send();
  if ('retryLater' in outcome) {
    const attempts = await deps.notifications.release(id, hash, runId, outcome.retryLater, !outcome.throttled);
    if (outcome.throttled || attempts < maxAttempts) {
      result.unfinished++;
      return;
    }
    // An address that keeps failing is marked failed, with the reason, for the administrators.
    await deps.notifications.confirm(id, hash, runId, { failed: `${outcome.retryLater} (${attempts} försök)` });
    result.failed++;
    return;
  }
  await deps.notifications.confirm(id, hash, runId, outcome);
  if ('failed' in outcome) result.failed++;
  else result.sent++;
}

/** The units with applicants no head has decided on yet, and how many each. */
async function undecidedUnits(deps: NotifyDeps, programme: Programme) {
  const applications = await deps.decisions.programmeApplications(programme.id);
  const undecided = applications.filter((application) => application.status === 'submitted' && !application.decision);
  return programme.units
    .map((unit) => ({ unit, undecided: undecided.filter((application) => application.unitId === unit.id).length }))
    .filter(({ undecided: count }) => count > 0);
}

/** Who gets the notification, decided now. */
async function recipients(deps: NotifyDeps, programme: Programme, item: DueNotification, now: Date, message?: ProgrammeMessage): Promise<Delivery[]> {
  switch (item.kind) {
    case 'erasure': // the run erases instead: nobody is mailed
      return [];
    case 'message': {
      if (!message) return [];
      return (await audienceOf(deps, programme, message)).map(({ email, watcher }) => ({
        email,
        send: async () =>
          deps.messages.programmeMessage(programme, message, watcher ? { email, unsubscribeToken: await unsubscribeToken(deps, watcher, now) } : { email }),
      }));
    }
    case 'windowOpens':
    case 'closesSoon': {
      const watchers = await deps.watchers.confirmed(programme.id);
      const days = Number.parseInt(item.ref, 10);
      const applied =
        item.kind === 'windowOpens' ? new Set<string>() : await deps.applied.appliedAmong(programme.id, watchers.map((watcher) => watcher.emailHash));
      const stillToApply = watchers.filter((watcher) => !applied.has(watcher.emailHash));
      return stillToApply.map((watcher) => ({
        email: watcher.email,
        send: async () => {
          const token = await unsubscribeToken(deps, watcher, now);
          return item.kind === 'windowOpens'
            ? deps.messages.windowOpens(programme, watcher.email, token)
            : deps.messages.closesSoon(programme, watcher.email, days, token);
        },
      }));
    }
    case 'decisionDue': {
      const byHead = new Map<string, { name: string; units: { name: string; undecided: number }[] }>();
      for (const { unit, undecided } of await undecidedUnits(deps, programme)) {
        const head = byHead.get(unit.head.email) ?? { name: unit.head.name, units: [] };
        head.units.push({ name: unit.name, undecided });
        byHead.set(unit.head.email, head);
      }
      return [...byHead].map(([email, head]) => ({
        email,
        send: () => deps.messages.decisionDue(programme, { email, name: head.name }, head.units),
      }));
    }
    case 'undecidedDigest': {
      if (!programme.contactEmail) return [];
      const units = (await undecidedUnits(deps, programme)).map(({ unit, undecided }) => ({ name: unit.name, head: unit.head.name, undecided }));
      if (units.length === 0) return [];
      const contactEmail = programme.contactEmail;
      return [{ email: contactEmail, send: () => deps.messages.undecidedDigest(programme, contactEmail, units) }];
    }
    case 'decisionsPublished': {
      const applications = await deps.decisions.programmeApplications(programme.id);
      return applications
        .filter((application: Application) => application.status === 'submitted')
        .map((application) => ({ email: application.email, send: () => deps.messages.decision(programme, application) }));
    }
    case 'milestoneDue':
    case 'milestoneOverdue': {
      const milestone = programme.milestones.find((candidate) => candidate.id === milestoneOfRef(item.ref));
      if (!milestone) return [];
      const [participants, records] = await Promise.all([
        deps.decisions.participants(programme.id),
        deps.progress.programmeProgress(programme.id),
      ]);
      const finished = new Set(
        records
          .filter((entry) => entry.milestoneId === milestone.id && (entry.status === 'done' || entry.status === 'excused'))
          .map((entry) => entry.participantId),
      );
      const notDone = participants.filter((participant) => participant.status === 'active' && !finished.has(participant.id));
      if (item.kind === 'milestoneDue') {
        const days = Number.parseInt(item.ref, 10);
        return notDone.map((participant) => ({
          email: participant.email,
          send: () => deps.messages.milestoneDue(programme, milestone, days, participant),
        }));
      }
      // One digest per head, over all the units they head.
      const byHead = new Map<string, { name: string; units: { name: string; participants: string[] }[] }>();
      for (const unit of programme.units) {
        const late = notDone.filter((participant) => participant.unitId === unit.id).map((participant) => participant.name);
        if (late.length === 0) continue;
        const head = byHead.get(unit.head.email) ?? { name: unit.head.name, units: [] };
        head.units.push({ name: unit.name, participants: late });
        byHead.set(unit.head.email, head);
      }
      return [...byHead].map(([email, head]) => ({
        email,
        send: () => deps.messages.milestoneOverdue(programme, milestone, { email, name: head.name }, head.units),
      }));
    }
  }
}
