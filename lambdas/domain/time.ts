/**
 * Dates in Europe/Stockholm, daylight saving included. The domain is given instants (`now`) by its
 * callers; these helpers only convert and format.
 */
import { TZDate } from '@date-fns/tz';

export const timeZone = 'Europe/Stockholm';

const two = (value: number) => String(value).padStart(2, '0');

/** An instant's wall clock in Stockholm. (No date-fns `format`: it would add 20 KB to every bundle.) */
function local(instant: Date | string) {
  const date = new TZDate(new Date(instant).getTime(), timeZone);
  const offset = -date.getTimezoneOffset();
  return {
    date,
    ymd: `${date.getFullYear()}-${two(date.getMonth() + 1)}-${two(date.getDate())}`,
    hours: two(date.getHours()),
    minutes: two(date.getMinutes()),
    seconds: two(date.getSeconds()),
    offset: `${offset < 0 ? '-' : '+'}${two(Math.floor(Math.abs(offset) / 60))}:${two(Math.abs(offset) % 60)}`,
  };
}

/** An instant as an ISO string with the Stockholm offset of that instant: 2027-01-21T00:00:00+01:00. */
export function toStockholmIso(instant: Date | string): string {
  const time = local(instant);
  return `${time.ymd}T${time.hours}:${time.minutes}:${time.seconds}${time.offset}`;
}

/** The instant of a local wall-clock time in Stockholm. */
export function stockholmInstant(year: number, month: number, day: number, hour = 0, minute = 0): Date {
  return new Date(new TZDate(year, month - 1, day, hour, minute, 0, timeZone).getTime());
}

/** The Stockholm calendar date of an instant, `YYYY-MM-DD`. */
export function stockholmDate(instant: Date | string): string {
  return local(instant).ymd;
}

/** "21 januari 2027 kl. 08.00", for pages and e-mails. */
export function formatSwedishDateTime(instant: Date | string): string {
  const { date, hours, minutes } = local(instant);
  return `${date.getDate()} ${swedishMonths[date.getMonth()]} ${date.getFullYear()} kl. ${hours}.${minutes}`;
}

/** "21 januari 2027", from an instant or a `YYYY-MM-DD` date. */
export function formatSwedishDate(value: Date | string): string {
  if (typeof value === 'string' && /^\d{4}-\d\d-\d\d$/.test(value)) {
    const [year, month, day] = value.split('-').map(Number) as [number, number, number];
    return `${day} ${swedishMonths[month - 1]} ${year}`;
  }
  const date = new TZDate(new Date(value).getTime(), timeZone);
  return `${date.getDate()} ${swedishMonths[date.getMonth()]} ${date.getFullYear()}`;
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
  const local = new TZDate(instant.getTime(), timeZone);
  return stockholmInstant(local.getFullYear(), local.getMonth() + 1, local.getDate() + days, local.getHours(), local.getMinutes());
}
