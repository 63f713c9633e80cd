/**
 * The notification run, every minute: read what is due (and only that), decide who gets each
 * notification *now* (a watcher who applied meanwhile, a head who has decided, gets nothing), and
 * deliver each e-mail exactly once through the ledger: claim (a conditional write per
 * notification and recipient), send, confirm. A claim whose run died is taken over after its
 * lease. The one window that can repeat a mail: SES accepted it and the run died before the
 * confirm; after the lease, another run sends it again. Everything else is exactly once.
 */
import { emailHash, lostLinkUrl, type Application, type AppliedCheck } from '#domain/application';
import { erasePersonalData, type DecisionDeps } from '#domain/decisions';
import type { GroupDeps } from '#domain/groups';
import type { MailContent } from '#mail/layout';
import { closesSoonMail, decisionDueMail, decisionMail, milestoneDueMail, milestoneOverdueMail, windowOpensMail } from '#mail/notifications';
import { type Programme } from '#domain/programme';
import type { ProgressDeps } from '#domain/progress';
import { milestoneOfRef, missedItsMoment, plannedNotifications, type NotificationKind } from '#domain/schedule';
import { unsubscribeToken, type WatcherStore } from '#domain/watchers';
import { sitePaths } from '#site';

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

/** Sending, with its own rate, retries and the line between a retryable and a final failure. */
export interface Sender {
  send(mail: { to: string } & MailContent & { headers?: Record<string, string> }): Promise<{ messageId: string } | { failed: string } | { retryLater: string }>;
}

export interface NotifyDeps
  extends Pick<DecisionDeps, 'programmes' | 'applications' | 'decisions' | 'siteUrl'>,
    Pick<ProgressDeps, 'progress'>,
    Pick<GroupDeps, 'groups'> {
  applied: AppliedCheck;
  watchers: WatcherStore;
  notifications: NotificationStore;
  sender: Sender;
  /** how many e-mails are in flight at once */
  concurrency: number;
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

interface Delivery {
  email: string;
  /** built only once the delivery is claimed (a watcher's mail creates an unsubscribe token) */
  mail: () => Promise<MailContent & { headers?: Record<string, string> }>;
}

const leaseSeconds = 10 * 60;
/** runs that may try one delivery before it is marked failed */
const maxAttempts = 5;

export function notificationId(item: DueNotification): string {
  return `${item.programmeId}#${item.key}#${item.dueAt}`;
}

export async function runNotifications(deps: NotifyDeps, now: Date, runId: string): Promise<RunResult> {
  const result: RunResult = { at: now.toISOString(), itemsRead: 0, sent: 0, failed: 0, skipped: 0, unfinished: 0, stale: 0, missed: 0, erased: 0 };
  const { items, itemsRead } = await deps.notifications.due(now);
  result.itemsRead = itemsRead;
  for (const item of items) {
    const programme = await deps.programmes.get(item.programmeId);
    const planned = programme && plannedNotifications(programme).find((candidate) => candidate.key === item.key);
    if (!programme || planned?.dueAt !== item.dueAt) {
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
    const deliveries = await recipients(deps, programme, item, now);
    const before = result.unfinished;
    await inParallel(deliveries, deps.concurrency, (delivery) => deliver(deps, notificationId(item), delivery, runId, now, result));
    if (result.unfinished === before) await deps.notifications.markDone(item);
  }
  return result;
}

async function deliver(deps: NotifyDeps, id: string, delivery: Delivery, runId: string, now: Date, result: RunResult) {
  const hash = emailHash(delivery.email);
  const claim = await deps.notifications.claim(id, hash, runId, now, leaseSeconds);
  if (claim === 'done') {
    result.skipped++;
    return;
  }
  if (claim === 'busy') {
    result.unfinished++;
    return;
  }
  if (await deps.notifications.isSuppressed(hash)) {
    await deps.notifications.confirm(id, hash, runId, { failed: 'suppressed' });
    result.failed++;
    return;
  }
  const outcome = await deps.sender.send({ to: delivery.email, ...(await delivery.mail()) });
  if ('retryLater' in outcome) {
    const attempts = await deps.notifications.release(id, hash, runId, outcome.retryLater);
    if (attempts < maxAttempts) {
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

async function inParallel<T>(items: T[], limit: number, run: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) await run(items[next++]!);
  });
  await Promise.all(workers);
}

/** Who gets the notification, decided now. */
async function recipients(deps: NotifyDeps, programme: Programme, item: DueNotification, now: Date): Promise<Delivery[]> {
  const programmeLink = `${deps.siteUrl}${sitePaths.programme(programme.id)}`;
  const lostLink = lostLinkUrl(deps, programme.id);
  switch (item.kind) {
    case 'erasure': // the run erases instead: nobody is mailed
      return [];
    case 'windowOpens':
    case 'closesSoon': {
      const watchers = await deps.watchers.confirmed(programme.id);
      const days = Number.parseInt(item.ref, 10);
      const applied =
        item.kind === 'windowOpens' ? new Set<string>() : await deps.applied.appliedAmong(programme.id, watchers.map((watcher) => watcher.emailHash));
      const stillToApply = watchers.filter((watcher) => !applied.has(watcher.emailHash));
      return stillToApply.map((watcher) => ({
        email: watcher.email,
        mail: async () => {
          const token = await unsubscribeToken(deps, watcher, now);
          const page = `${deps.siteUrl}${sitePaths.unsubscribe(token)}`;
          const content =
            item.kind === 'windowOpens' ? windowOpensMail(programme, programmeLink, page) : closesSoonMail(programme, days, programmeLink, page);
          return {
            ...content,
            headers: {
              'List-Unsubscribe': `<${deps.siteUrl}${sitePaths.oneClickUnsubscribe(token)}>`,
              'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
            },
          };
        },
      }));
    }
    case 'decisionDue': {
      const applications = await deps.decisions.programmeApplications(programme.id);
      const undecided = applications.filter((application) => application.status === 'submitted' && !application.decision);
      const byHead = new Map<string, { name: string; units: { name: string; undecided: number }[] }>();
      for (const unit of programme.units) {
        const count = undecided.filter((application) => application.unitId === unit.id).length;
        if (count === 0) continue;
        const head = byHead.get(unit.head.email) ?? { name: unit.head.name, units: [] };
        head.units.push({ name: unit.name, undecided: count });
        byHead.set(unit.head.email, head);
      }
      const decisionsLink = `${deps.siteUrl}/beslut.html`;
      return [...byHead].map(([email, head]) => ({
        email,
        mail: async () => decisionDueMail(programme, head.name, head.units, decisionsLink),
      }));
    }
    case 'decisionsPublished': {
      const applications = await deps.decisions.programmeApplications(programme.id);
      return applications
        .filter((application: Application) => application.status === 'submitted')
        .map((application) => ({ email: application.email, mail: async () => decisionMail(programme, application, lostLink) }));
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
          mail: async () => milestoneDueMail(programme, milestone, days, participant.name, lostLink),
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
      const progressLink = `${deps.siteUrl}/framsteg.html?programme=${encodeURIComponent(programme.id)}`;
      return [...byHead].map(([email, head]) => ({
        email,
        mail: async () => milestoneOverdueMail(programme, milestone, head.name, head.units, progressLink),
      }));
    }
  }
}
