/**
 * The next round of a programme ("Ny omgång"): its texts, course, units with their heads and
 * seats, milestones, reminders and contact, every date moved the same number of weeks. Whole weeks
 * in Stockholm's calendar keep each date's weekday and each time's hour, across DST. Nothing of
 * the people (applications, participants, groups, watchers) is copied: the round starts empty.
 */
import * as z from 'zod/mini';
import { wholeNumberQuery } from '#core/cursor';
import { addStockholmDays, stockholmDayAt, stockholmDate, toStockholmIso } from '#core/time';
import type { Programme, ProgrammeInput } from '#model/programme';

/** `GET /api/programmes/{programmeId}/next-round?weeks=52`: 1–260 weeks later, a year unless said. */
export const nextRoundQuery = /* @__PURE__ */ z.lazy(() => z.strictObject({ weeks: wholeNumberQuery(260, 52) }));

/** A round's id: its year moved by the whole years between the rounds, else `-ny` after it. */
function nextId(id: string, weeks: number): string {
  const years = Math.round(weeks / 52);
  const moved = years > 0 ? id.replace(/(^|-)(20\d\d)(?=-|$)/, (_, before: string, year: string) => `${before}${Number(year) + years}`) : id;
  return moved === id ? `${id}-ny`.slice(0, 64) : moved;
}

export function nextRound(programme: Programme, weeks: number): ProgrammeInput & { copiedFrom: string } {
  const days = weeks * 7;
  const instant = (value: string) => toStockholmIso(addStockholmDays(new Date(value), days));
  const date = (value: string) => stockholmDate(stockholmDayAt(value, days, 12, 0));
  return {
    id: nextId(programme.id, weeks),
    title: programme.title,
    description: programme.description,
    organiser: programme.organiser,
    course: programme.course,
    eligibility: programme.eligibility,
    ...(programme.contactEmail ? { contactEmail: programme.contactEmail } : {}),
    window: { opensAt: instant(programme.window.opensAt), closesAt: instant(programme.window.closesAt) },
    decisionDeadline: instant(programme.decisionDeadline),
    period: { start: date(programme.period.start), end: date(programme.period.end) },
    seats: programme.seats,
    units: programme.units,
    milestones: programme.milestones.map((milestone) => ({ ...milestone, dueAt: instant(milestone.dueAt) })),
    ...(programme.notifications ? { notifications: programme.notifications } : {}),
    copiedFrom: programme.id,
  };
}
