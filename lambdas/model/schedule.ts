/**
 * When each notification of a programme is due. The schedule is derived from the programme alone,
 * so the stored schedule can always be checked against it: a run sends a pending notification only
 * if the programme, as it is now, still plans it for that very instant (no stale e-mail after dates
 * move). Reminders that are not urgent go out at the programme's sending hour (08:00 in
 * Stockholm by default) on a calendar day, so DST never shifts or doubles them; events (the
 * window opening, the decisions) go out when they happen, unless that is at night.
 */
import { stockholmClock, stockholmDate, stockholmDayAt, stockholmInstant } from '#core/time';

/**
 * What the schedule is planned from: a programme's dates and its reminder settings. Written out
 * here, not taken from model/programme.ts, which plans with this module (a programme is one).
 */
export interface ProgrammeDates {
  window: { opensAt: string; closesAt: string };
  decisionDeadline: string;
  decisionsPublishedAt?: string;
  /** the administration's contact: who gets the digest of undecided units */
  contactEmail?: string | undefined;
  period: { start: string; end: string };
  milestones: readonly { id: string; dueAt: string }[];
  notifications?: {
    closesSoonDays?: number[] | undefined;
    decisionDueDays?: number[] | undefined;
    milestoneDueDays?: number[] | undefined;
    milestoneOverdueDays?: number | undefined;
    sendAt?: string | undefined;
  } | undefined;
}

export const notificationKinds = ['windowOpens', 'closesSoon', 'decisionDue', 'undecidedDigest', 'decisionsPublished', 'milestoneDue', 'milestoneOverdue'] as const;

/**
 * What the schedule holds: the notifications; the one item that sends nothing: the erasure of
 * the programme's personal data once it is over (as the privacy notice, /personuppgifter.html,
 * tells); and the messages staff write to a programme's people (model/programmeMessage.ts), which
 * are due when they are written and are no part of the programme's plan.
 */
export type NotificationKind = (typeof notificationKinds)[number] | 'erasure' | 'message';

/** Applications, with everything that hangs on them, are erased this many days after the programme's last day. */
export const erasureDays = 30;

/**
 * At most this many items in a programme's schedule. They are written in the programme's own
 * transaction, which DynamoDB caps at 100 items, with the programme and its audit entry; the rest
 * leaves room for a change's seat checks. A change too large still is refused as a whole (the store).
 */
export const maxScheduleItems = 96;

export const defaultNotificationSettings = {
  /** days before the window closes: remind watchers who have not applied */
  closesSoonDays: [7, 1],
  /** days before the decision deadline: remind heads with undecided applications */
  decisionDueDays: [3, 1],
  /** days before a milestone's due date: remind participants who are not done */
  milestoneDueDays: [7],
  /** days after a milestone's due date: tell each head who in their units is not done */
  milestoneOverdueDays: 1,
  /** local time reminders go out, HH:MM in Stockholm */
  sendAt: '08:00',
};

export type NotificationSettings = typeof defaultNotificationSettings;

/** Night, in Stockholm: nothing is sent from 20:00 until the sending hour. */
const nightStartsHour = 20;

export interface PlannedNotification {
  /** `<kind>#<ref>`: one per kind and offset */
  key: string;
  kind: NotificationKind;
  /** the offset (`7d`), `at` for events, or the offset and the milestone (`7d.modul-1`) */
  ref: string;
  /** ISO instant, UTC */
  dueAt: string;
}

/** The programme's reminder settings, each the default where the programme sets none. */
export function notificationSettings(programme: Pick<ProgrammeDates, 'notifications'>): NotificationSettings {
  const given = programme.notifications ?? {};
  return {
    closesSoonDays: given.closesSoonDays ?? defaultNotificationSettings.closesSoonDays,
    decisionDueDays: given.decisionDueDays ?? defaultNotificationSettings.decisionDueDays,
    milestoneDueDays: given.milestoneDueDays ?? defaultNotificationSettings.milestoneDueDays,
    milestoneOverdueDays: given.milestoneOverdueDays ?? defaultNotificationSettings.milestoneOverdueDays,
    sendAt: given.sendAt ?? defaultNotificationSettings.sendAt,
  };
}

function sendingTime(settings: NotificationSettings): [number, number] {
  const [hour, minute] = settings.sendAt.split(':').map(Number) as [number, number];
  return [hour, minute];
}

/** `days` calendar days before `instant`'s Stockholm date, at the sending hour. */
function reminderBefore(instant: string, days: number, settings: NotificationSettings): Date {
  const { year, month, day } = stockholmClock(instant);
  return stockholmInstant(year, month, day - days, ...sendingTime(settings));
}

/** An event's mail goes out when it happens, or at the next sending hour if that is at night. */
function eventTime(instant: string, settings: NotificationSettings): Date {
  const at = new Date(instant);
  const local = stockholmClock(at);
  const [hour, minute] = sendingTime(settings);
  const minutes = local.hour * 60 + local.minute;
  if (minutes >= hour * 60 + minute && local.hour < nightStartsHour) return at;
  return stockholmInstant(local.year, local.month, local.day + (local.hour >= nightStartsHour ? 1 : 0), hour, minute);
}

/** When the programme's personal data is erased: 03:00 in Stockholm, `erasureDays` days after its last day. */
export function erasureTime(programme: Pick<ProgrammeDates, 'period'>): Date {
  return stockholmDayAt(programme.period.end, erasureDays, 3);
}

export function plannedNotifications(
  programme: Pick<ProgrammeDates, 'window' | 'decisionDeadline' | 'decisionsPublishedAt' | 'contactEmail' | 'notifications' | 'milestones' | 'period'>,
): PlannedNotification[] {
  const settings = notificationSettings(programme);
  const plan = (kind: NotificationKind, ref: string, at: Date): PlannedNotification => ({
    key: `${kind}#${ref}`,
    kind,
    ref,
    dueAt: at.toISOString(),
  });
  const closes = Date.parse(programme.window.closesAt);
  const opens = Date.parse(programme.window.opensAt);
  const deadline = Date.parse(programme.decisionDeadline);
  const published = programme.decisionsPublishedAt ?? programme.decisionDeadline;
  return [
    plan('windowOpens', 'at', eventTime(programme.window.opensAt, settings)),
    // A reminder only makes sense while the window is open.
    ...settings.closesSoonDays
      .map((days) => plan('closesSoon', `${days}d`, reminderBefore(programme.window.closesAt, days, settings)))
      .filter((planned) => Date.parse(planned.dueAt) >= opens && Date.parse(planned.dueAt) < closes),
    ...settings.decisionDueDays
      .map((days) => plan('decisionDue', `${days}d`, reminderBefore(programme.decisionDeadline, days, settings)))
      .filter((planned) => Date.parse(planned.dueAt) >= closes && Date.parse(planned.dueAt) < deadline),
    // The day before the deadline, the administration's contact learns which units have not decided.
    ...(programme.contactEmail ? [plan('undecidedDigest', '1d', reminderBefore(programme.decisionDeadline, 1, settings))] : [])
      .filter((planned) => Date.parse(planned.dueAt) >= closes && Date.parse(planned.dueAt) < deadline),
    plan('decisionsPublished', 'at', eventTime(published, settings)),
    ...programme.milestones.flatMap((milestone) => [
      ...settings.milestoneDueDays.map((days) => plan('milestoneDue', `${days}d.${milestone.id}`, reminderBefore(milestone.dueAt, days, settings))),
      plan('milestoneOverdue', `${settings.milestoneOverdueDays}d.${milestone.id}`, reminderBefore(milestone.dueAt, -settings.milestoneOverdueDays, settings)),
    ]),
    plan('erasure', 'at', erasureTime(programme)),
  ];
}

/**
 * Whether a due notification has missed its moment, so that sending it now would say something
 * untrue. A reminder belongs to its day: it counts the days from it ("stänger om 7 dagar"), so a
 * run late on that day still sends it, but one planned for a day already over (the dates moved
 * nearer, or no run came all day) does not go out. The window's opening means nothing once the
 * window has closed. Published decisions are news whenever they are told, a message as long as it
 * is queued, and an erasure is due however late it runs.
 */
export function missedItsMoment(item: Pick<PlannedNotification, 'kind' | 'dueAt'>, programme: Pick<ProgrammeDates, 'window'>, now: Date): boolean {
  if (item.kind === 'windowOpens') return now >= new Date(programme.window.closesAt);
  if (item.kind === 'decisionsPublished' || item.kind === 'erasure' || item.kind === 'message') return false;
  return stockholmDate(now) !== stockholmDate(item.dueAt);
}

/** The milestone a milestone notification's ref names (`7d.modul-1` → `modul-1`). */
export function milestoneOfRef(ref: string): string {
  return ref.slice(ref.indexOf('.') + 1);
}

export interface ScheduleChanges {
  arm: PlannedNotification[];
  remove: PlannedNotification[];
}

/** What a programme change does to the stored schedule: items to (re)arm and items to remove. */
export function scheduleChanges(before: PlannedNotification[], after: PlannedNotification[]): ScheduleChanges {
  const old = new Map(before.map((planned) => [planned.key, planned]));
  const next = new Set(after.map((planned) => planned.key));
  return {
    arm: after.filter((planned) => old.get(planned.key)?.dueAt !== planned.dueAt),
    remove: before.filter((planned) => !next.has(planned.key)),
  };
}
