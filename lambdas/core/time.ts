/**
 * Dates in Europe/Stockholm, daylight saving included. The domain is given instants (`now`) by its
 * callers; these helpers only convert and format.
 */
// The subpath: the package's index also loads TZDate, whose prototype set-up esbuild cannot drop.
import { tzOffset } from '@date-fns/tz/tzOffset';

export const timeZone = 'Europe/Stockholm';

const two = (value: number) => String(value).padStart(2, '0');
const minute = 60_000;

/**
 * An instant's wall clock in Stockholm, as the UTC fields of an instant shifted by that instant's
 * offset. (The time-zone rules come from `tzOffset` alone: `TZDate` added 4 KB to every bundle,
 * and date-fns `format` 20 KB.)
 */
export function stockholmClock(instant: Date | string) {
  const at = new Date(instant);
  const offset = tzOffset(timeZone, at);
  const wall = new Date(at.getTime() + offset * minute);
  return {
    year: wall.getUTCFullYear(),
    /** 1–12 */
    month: wall.getUTCMonth() + 1,
    day: wall.getUTCDate(),
    hour: wall.getUTCHours(),
    minute: wall.getUTCMinutes(),
    second: wall.getUTCSeconds(),
    /** minutes east of UTC: 60 in winter, 120 in summer */
    offset,
  };
}

function local(instant: Date | string) {
  const clock = stockholmClock(instant);
  const { offset } = clock;
  return {
    ...clock,
    ymd: `${clock.year}-${two(clock.month)}-${two(clock.day)}`,
    hours: two(clock.hour),
    minutes: two(clock.minute),
    seconds: two(clock.second),
    utcOffset: `${offset < 0 ? '-' : '+'}${two(Math.floor(Math.abs(offset) / 60))}:${two(Math.abs(offset) % 60)}`,
  };
}

/** An instant as an ISO string with the Stockholm offset of that instant: 2027-01-21T00:00:00+01:00. */
export function toStockholmIso(instant: Date | string): string {
  const time = local(instant);
  return `${time.ymd}T${time.hours}:${time.minutes}:${time.seconds}${time.utcOffset}`;
}

/**
 * The instant of a local wall-clock time in Stockholm (month 1–12; a day past the month's end
 * rolls over, as in `Date.UTC`). Read as RFC 5545 reads local times, so the calendar feed and the
 * e-mails agree: a time that occurs twice (02:30 on the last Sunday in October) is the first, and
 * a time that does not occur (02:30 on the last Sunday in March) is read with the offset before
 * the change (03:30 summer time).
 */
export function stockholmInstant(year: number, month: number, day: number, hour = 0, minutes = 0): Date {
  const wall = Date.UTC(year, month - 1, day, hour, minutes);
  const before = tzOffset(timeZone, new Date(wall - 24 * 60 * minute));
  const after = tzOffset(timeZone, new Date(wall + 24 * 60 * minute));
  // The larger offset gives the earlier instant; an offset fits if the zone has it at that instant.
  for (const offset of before >= after ? [before, after] : [after, before]) {
    const instant = wall - offset * minute;
    if (tzOffset(timeZone, new Date(instant)) === offset) return new Date(instant);
  }
  return new Date(wall - before * minute);
}

/** `hour:minutes` in Stockholm, `days` calendar days after a `YYYY-MM-DD` date. */
export function stockholmDayAt(date: string, days = 0, hour = 0, minutes = 0): Date {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  return stockholmInstant(year, month, day + days, hour, minutes);
}

/** The Stockholm calendar date of an instant, `YYYY-MM-DD`. */
export function stockholmDate(instant: Date | string): string {
  return local(instant).ymd;
}

/** "21 januari 2027 kl. 08.00", for pages and e-mails. */
export function formatSwedishDateTime(instant: Date | string): string {
  const { year, month, day, hours, minutes } = local(instant);
  return `${day} ${swedishMonths[month - 1]} ${year} kl. ${hours}.${minutes}`;
}

/** "21 januari 2027", from an instant or a `YYYY-MM-DD` date. */
export function formatSwedishDate(value: Date | string): string {
  if (typeof value === 'string' && /^\d{4}-\d\d-\d\d$/.test(value)) {
    const [year, month, day] = value.split('-').map(Number) as [number, number, number];
    return `${day} ${swedishMonths[month - 1]} ${year}`;
  }
  const { year, month, day } = stockholmClock(value);
  return `${day} ${swedishMonths[month - 1]} ${year}`;
}

/** "2027-01-21 08:00", Stockholm time: how the exports write an instant, for Excel. */
export function formatSpreadsheetDateTime(instant: Date | string): string {
  const time = local(instant);
  return `${time.ymd} ${time.hours}:${time.minutes}`;
}

const swedishMonths = [
  'januari', 'februari', 'mars', 'april', 'maj', 'juni',
  'juli', 'augusti', 'september', 'oktober', 'november', 'december',
];

/** The same local date `days` later (DST-safe: calendar days, not 24-hour steps). */
export function addStockholmDays(instant: Date, days: number): Date {
  const clock = stockholmClock(instant);
  return stockholmInstant(clock.year, clock.month, clock.day + days, clock.hour, clock.minute);
}
