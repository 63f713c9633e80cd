/**
 * A programme (satsning): what the administration publishes. The zod schema is the one source of
 * validation, types and documentation (z.toJSONSchema). Dates are Europe/Stockholm wall-clock
 * times, accepted as ISO instants with an offset and stored with the Stockholm offset.
 */
import * as z from 'zod/mini';
import { isoDate, isoDateTime, reused } from '#core/formats';
import { stockholmDayAt, toStockholmIso } from '#core/time';
import type { AuditEntry } from '#model/audit';
import { type ScheduleChanges, erasureTime, maxScheduleItems, notificationSettings, plannedNotifications } from '#model/schedule';
import { deadlineAfterWindow, fieldMessages, milestoneListedTwice, periodEndsAfterStart, reminderDayRepeated, sendingHour, tooManyScheduled, unitListedTwice, windowClosesAfterOpening } from '#text/sv';

// Schemas are built on first use, and parts are functions, so that a function bundles and builds
// only the schemas of its own routes (`/* @__PURE__ */ z.lazy`: see docs/performance.md).
// A field the forms repeat is built once (`reused`).
const text = /* @__PURE__ */ reused((max: number) => z.string().check(z.trim(), z.minLength(1), z.maxLength(max)));

const instant = /* @__PURE__ */ reused(() => z.pipe(isoDateTime(), z.transform((value: string) => toStockholmIso(value))));

const slug = /* @__PURE__ */ reused(() =>
  z.string().check(z.minLength(2), z.maxLength(64), z.regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, fieldMessages.slug)),
);

const dayCount = /* @__PURE__ */ reused((max: number) => z.int().check(z.gte(1), z.lte(max)));

const reminderDays = /* @__PURE__ */ reused((count: number) => z.optional(z.array(dayCount(60)).check(z.maxLength(count))));

export const emailAddress = /* @__PURE__ */ reused(() =>
  z.pipe(z.string().check(z.trim(), z.toLowerCase(), z.maxLength(254)), z.email({ error: (issue) => (issue.input === '' ? fieldMessages.emailMissing : fieldMessages.email) })),
);

export const unitKinds = ['skola', 'förskola'] as const;

export const milestoneKinds = ['module', 'seminar', 'learning_cycle'] as const;

export const unitSchema = /* @__PURE__ */ z.lazy(() =>
  z.strictObject({
    id: slug(),
    name: text(120),
    kind: z.enum(unitKinds),
    seats: z.int().check(z.gte(1), z.lte(1000)),
    head: z.strictObject({ name: text(120), email: emailAddress() }),
  }),
);

export const milestoneSchema = /* @__PURE__ */ z.lazy(() =>
  z.strictObject({
    id: slug(),
    title: text(200),
    kind: z.enum(milestoneKinds),
    dueAt: instant(),
  }),
);

const programmeFields = () => ({
  title: text(200),
  description: text(5000),
  organiser: text(200),
  course: z.strictObject({ name: text(200), provider: text(200) }),
  eligibility: text(1000),
  /** the programme's contact at the administration: the day before the deadline, told which heads have not decided */
  contactEmail: z.optional(emailAddress()),
  window: z.strictObject({ opensAt: instant(), closesAt: instant() }),
  decisionDeadline: instant(),
  period: z.strictObject({ start: isoDate(), end: isoDate() }),
  seats: z.int().check(z.gte(1), z.lte(100_000)),
  units: z.array(unitSchema).check(z.minLength(1), z.maxLength(500)),
  // Each milestone has its reminders, written in the programme's own transaction: see the rule below.
  milestones: z._default(z.array(milestoneSchema).check(z.maxLength(30)), []),
  /**
   * when reminders go out; defaults: 7 and 1 days before closing, 3 and 1 before the deadline,
   * 7 days before a milestone is due and 1 day after, at 08:00
   */
  notifications: z.optional(
    z.strictObject({
      closesSoonDays: reminderDays(5),
      decisionDueDays: reminderDays(5),
      milestoneDueDays: reminderDays(2),
      milestoneOverdueDays: z.optional(dayCount(30)),
      sendAt: z.optional(z.string().check(z.regex(/^(0[6-9]|1[0-9]):[0-5]\d$/, sendingHour))),
    }),
  ),
});

type ProgrammeFieldsOutput = z.output<z.ZodMiniObject<ReturnType<typeof programmeFields>>>;

/** The rules between fields, each reported on the field a person would correct. */
function checkProgrammeRules(programme: ProgrammeFieldsOutput, issues: z.core.$ZodRawIssue[]): void {
  // Only between valid fields: a rule read from an invalid date says nothing (and plans nothing).
  if (issues.length > 0) return;
  const at = (path: PropertyKey[], message: string) => issues.push({ code: 'custom', message, path, input: programme });
  if (Date.parse(programme.window.closesAt) <= Date.parse(programme.window.opensAt)) {
    at(['window', 'closesAt'], windowClosesAfterOpening);
  }
  if (Date.parse(programme.decisionDeadline) < Date.parse(programme.window.closesAt)) {
    at(['decisionDeadline'], deadlineAfterWindow);
  }
  if (programme.period.end <= programme.period.start) at(['period', 'end'], periodEndsAfterStart);
  const seen = new Set<string>();
  programme.units.forEach((unit, index) => {
    if (seen.has(unit.id)) at(['units', index, 'id'], unitListedTwice);
    seen.add(unit.id);
  });
  const seenMilestones = new Set<string>();
  programme.milestones.forEach((milestone, index) => {
    if (seenMilestones.has(milestone.id)) at(['milestones', index, 'id'], milestoneListedTwice);
    seenMilestones.add(milestone.id);
  });
  // One reminder a day and kind: a day given twice would be one reminder planned twice.
  for (const kind of ['closesSoonDays', 'decisionDueDays', 'milestoneDueDays'] as const) {
    const days = programme.notifications?.[kind] ?? [];
    if (new Set(days).size < days.length) at(['notifications', kind], reminderDayRepeated);
  }
  const scheduled = plannedNotifications(programme).length;
  if (scheduled > maxScheduleItems) at(['milestones'], tooManyScheduled(scheduled, maxScheduleItems));
}

/**
 * `PUT /api/programmes/{programmeId}`: everything but the id, which the path gives, and the version
 * the change was made on, if the caller read one: a page's edit must not undo another's meanwhile.
 */
export const programmeUpdateSchema = /* @__PURE__ */ z.lazy(() =>
  z
    .strictObject({ ...programmeFields(), version: z.optional(z.int().check(z.gte(1))) })
    .check(z.superRefine((programme, context) => checkProgrammeRules(programme, context.issues))),
);

/** `POST /api/programmes` */
export const programmeSchema = /* @__PURE__ */ z.lazy(() =>
  z
    .strictObject({
      id: slug(),
      ...programmeFields(),
      /** the programme this one is the next round of ("Ny omgång"): for the audit trail and the overview */
      copiedFrom: z.optional(slug()),
    })
    .check(z.superRefine((programme, context) => checkProgrammeRules(programme, context.issues))),
);

export type Unit = z.output<typeof unitSchema>;

export type Milestone = z.output<typeof milestoneSchema>;

export type ProgrammeInput = z.output<typeof programmeSchema>;

export type ProgrammeUpdate = z.output<typeof programmeUpdateSchema>;

export interface Programme extends ProgrammeInput {
  createdAt: string;
  updatedAt: string;
  /** bumped on every change: updates are conditional on it (no lost update) */
  version: number;
  /** seats an administrator released from a unit to the programme-wide reserve list, by unit */
  releasedSeats?: Record<string, number>;
  /** when an administrator published the decisions before the deadline */
  decisionsPublishedAt?: string;
}

export type ProgrammeStatus = 'upcoming' | 'open' | 'closed';

/** Open from `opensAt` (inclusive) until `closesAt` (exclusive), to the millisecond. */
export function windowStatus(programme: Pick<Programme, 'window'>, now: Date): ProgrammeStatus {
  if (now.getTime() < Date.parse(programme.window.opensAt)) return 'upcoming';
  if (now.getTime() < Date.parse(programme.window.closesAt)) return 'open';
  return 'closed';
}

/** The first day of the programme, 00:00 in Stockholm. */
export function programmeStart(programme: Pick<Programme, 'period'>): Date {
  return stockholmDayAt(programme.period.start);
}

/**
 * Where the programme is in its calendar: `applying` until the window closes, `deciding` until
 * the heads' decision deadline (exclusive), then `decided`.
 */
export function phaseOf(programme: Pick<Programme, 'window' | 'decisionDeadline'>, now: Date): 'applying' | 'deciding' | 'decided' {
  if (now.getTime() < Date.parse(programme.window.closesAt)) return 'applying';
  if (now.getTime() < Date.parse(programme.decisionDeadline)) return 'deciding';
  return 'decided';
}

/** Applicants learn the decisions at the deadline, or earlier if an administrator publishes them. */
export function decisionsPublished(programme: Pick<Programme, 'decisionDeadline' | 'decisionsPublishedAt'>, now: Date): boolean {
  const at = programme.decisionsPublishedAt ?? programme.decisionDeadline;
  return now.getTime() >= Math.min(Date.parse(at), Date.parse(programme.decisionDeadline));
}

/** How many may be appointed: per unit (less what it released), in the programme, and from the pool. */
export function seatLimits(programme: Pick<Programme, 'seats' | 'units' | 'releasedSeats'>) {
  const released = programme.releasedSeats ?? {};
  return {
    programme: programme.seats,
    pool: Object.values(released).reduce((sum, count) => sum + count, 0),
    unit: (unitId: string) => {
      const unit = programme.units.find((candidate) => candidate.id === unitId);
      return unit ? unit.seats - (released[unitId] ?? 0) : 0;
    },
  };
}

/** What anyone may see: no heads' e-mail addresses. */
export function publicView(programme: Programme, now: Date) {
  return {
    id: programme.id,
    title: programme.title,
    description: programme.description,
    organiser: programme.organiser,
    course: programme.course,
    eligibility: programme.eligibility,
    window: programme.window,
    decisionDeadline: programme.decisionDeadline,
    period: programme.period,
    seats: programme.seats,
    units: programme.units.map((unit) => ({
      id: unit.id,
      name: unit.name,
      kind: unit.kind,
      seats: unit.seats,
      head: { name: unit.head.name },
    })),
    milestones: programme.milestones,
    status: windowStatus(programme, now),
  };
}

/** A programme's dates as the applicant's and the heads' pages show them, with when its personal data is erased. */
export function programmeDates(programme: Programme) {
  return {
    id: programme.id,
    title: programme.title,
    window: programme.window,
    decisionDeadline: programme.decisionDeadline,
    period: programme.period,
    /** when the applications, and all that hangs on them, are erased */
    erasureAt: toStockholmIso(erasureTime(programme)),
  };
}

/** What an administrator sees: everything, with the derived fields. */
/** The whole programme, with the reminders as they go out (the defaults where none are set). */
export function adminView(programme: Programme, now: Date) {
  return { ...programme, notifications: notificationSettings(programme), status: windowStatus(programme, now) };
}

export function listingView(programme: Programme, now: Date) {
  const { units, milestones, ...rest } = publicView(programme, now);
  return { ...rest, unitCount: units.length };
}

/** A bound on a seat counter that a programme change must not go below (SEATS_BELOW_APPOINTED). */
export interface SeatCeiling {
  /** a unit's id, or the whole programme */
  scope: { unitId: string } | 'programme';
  max: number;
}

/** One programme by its id: all that most functions read of programmes. */
export interface ProgrammeReader {
  get(programmeId: string): Promise<Programme | undefined>;
}

/** The lists of programmes: the public one, and every programme for the units a head leads. */
export interface ProgrammeListing extends ProgrammeReader {
  /** the programmes whose window closes after `instant` */
  listClosingAfter(instant: Date): Promise<Programme[]>;
  /** every programme, for finding the units a head leads */
  listAll(): Promise<Programme[]>;
}

export interface ProgrammeStore extends ProgrammeReader {
  /** with its audit entry and its notification schedule, in one transaction */
  create(programme: Programme, audit: AuditEntry, schedule: ScheduleChanges): Promise<void>;
  /**
   * Replace with its audit entry and the changes to its schedule, in one transaction, on condition
   * that the stored version is `expectedVersion` and that no seat counter in `ceilings` is above
   * its bound.
   */
  replace(
    programme: Programme,
    expectedVersion: number,
    audit: AuditEntry,
    extras?: { ceilings?: SeatCeiling[]; schedule?: ScheduleChanges },
  ): Promise<void>;
}
