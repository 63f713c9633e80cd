/**
 * Dates in Europe/Stockholm, daylight saving included. The domain is given instants (`now`) by its
 * callers; these helpers only convert and format.
 */
import { TZDate } from '@date-fns/tz';
import { format } from 'date-fns';

export const timeZone = 'Europe/Stockholm';

/** An instant as an ISO string with the Stockholm offset of that instant: 2027-01-21T00:00:00+01:00. */
export function toStockholmIso(instant: Date | string): string {
  return format(new TZDate(new Date(instant).getTime(), timeZone), "yyyy-MM-dd'T'HH:mm:ssXXX");
}

/** The instant of a local wall-clock time in Stockholm. */
export function stockholmInstant(year: number, month: number, day: number, hour = 0, minute = 0): Date {
  return new Date(new TZDate(year, month - 1, day, hour, minute, 0, timeZone).getTime());
}

/** The Stockholm calendar date of an instant, `YYYY-MM-DD`. */
export function stockholmDate(instant: Date | string): string {
  return format(new TZDate(new Date(instant).getTime(), timeZone), 'yyyy-MM-dd');
}

/** "21 januari 2027 kl. 08.00", for pages and e-mails. */
export function formatSwedishDateTime(instant: Date | string): string {
  const date = new TZDate(new Date(instant).getTime(), timeZone);
  return `${date.getDate()} ${swedishMonths[date.getMonth()]} ${date.getFullYear()} kl. ${format(date, 'HH.mm')}`;
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
  return format(new TZDate(new Date(instant).getTime(), timeZone), 'yyyy-MM-dd HH:mm');
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
