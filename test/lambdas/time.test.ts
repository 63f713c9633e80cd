/**
 * Stockholm time: our conversion between instants and wall clocks, checked against the runtime's
 * own time-zone formatting (Intl) over two years, and at the daylight-saving changes by hand.
 */
import { describe, expect, it } from 'vitest';
import {
  addStockholmDays,
  formatSpreadsheetDateTime,
  formatSwedishDate,
  formatSwedishDateTime,
  stockholmClock,
  stockholmInstant,
  toStockholmIso,
} from '#core/time';

/** The wall clock Intl gives for an instant, in the fields stockholmClock returns. */
const intlWallClock = (() => {
  const format = new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Europe/Stockholm',
    hourCycle: 'h23',
    year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric',
    timeZoneName: 'longOffset',
  });
  return (instant: Date) => {
    const parts = Object.fromEntries(format.formatToParts(instant).map((part) => [part.type, part.value]));
    const [hours, minutes] = (parts.timeZoneName!.replace('GMT', '') || '+00:00').split(':').map(Number) as [number, number];
    return {
      year: Number(parts.year), month: Number(parts.month), day: Number(parts.day),
      hour: Number(parts.hour), minute: Number(parts.minute), second: Number(parts.second),
      offset: hours * 60 + Math.sign(hours) * minutes,
    };
  };
})();

describe('Stockholm time', () => {
  it('reads every quarter hour of 2026 and 2027 as the runtime does, and finds each instant again from its wall clock', () => {
    // Prepare
    const quarter = 15 * 60_000;
    const mismatches: string[] = [];
    const secondOccurrences: string[] = [];

    // Act
    for (let time = Date.UTC(2026, 0, 1); time < Date.UTC(2028, 0, 1); time += quarter) {
      const instant = new Date(time);
      const clock = stockholmClock(instant);
      if (JSON.stringify(clock) !== JSON.stringify(intlWallClock(instant))) mismatches.push(instant.toISOString());
      const again = stockholmInstant(clock.year, clock.month, clock.day, clock.hour, clock.minute);
      if (again.getTime() !== time) secondOccurrences.push(`${instant.toISOString()} → ${again.toISOString()}`);
    }

    // Assess: only the autumn hour that occurs twice reads back as its first occurrence.
    expect(mismatches).toEqual([]);
    expect(secondOccurrences).toEqual([
      '2026-10-25T01:00:00.000Z → 2026-10-25T00:00:00.000Z',
      '2026-10-25T01:15:00.000Z → 2026-10-25T00:15:00.000Z',
      '2026-10-25T01:30:00.000Z → 2026-10-25T00:30:00.000Z',
      '2026-10-25T01:45:00.000Z → 2026-10-25T00:45:00.000Z',
      '2027-10-31T01:00:00.000Z → 2027-10-31T00:00:00.000Z',
      '2027-10-31T01:15:00.000Z → 2027-10-31T00:15:00.000Z',
      '2027-10-31T01:30:00.000Z → 2027-10-31T00:30:00.000Z',
      '2027-10-31T01:45:00.000Z → 2027-10-31T00:45:00.000Z',
    ]);
  });

  it('reads a wall-clock time that does not exist with the offset before the change, and one that occurs twice as the first', () => {
    // Act
    const inTheSpringGap = stockholmInstant(2027, 3, 28, 2, 30);
    const beforeTheGap = stockholmInstant(2027, 3, 28, 1, 59);
    const twiceInAutumn = stockholmInstant(2027, 10, 31, 2, 30);
    const afterTheRepeat = stockholmInstant(2027, 10, 31, 3, 0);

    // Assess
    expect(toStockholmIso(inTheSpringGap)).toBe('2027-03-28T03:30:00+02:00');
    expect(toStockholmIso(beforeTheGap)).toBe('2027-03-28T01:59:00+01:00');
    expect(toStockholmIso(twiceInAutumn)).toBe('2027-10-31T02:30:00+02:00');
    expect(toStockholmIso(afterTheRepeat)).toBe('2027-10-31T03:00:00+01:00');
  });

  it('rolls days past a month over and keeps the wall-clock time when adding days across a change', () => {
    // Act
    const thirtySecondOfJanuary = stockholmInstant(2027, 1, 32, 8, 0);
    const dayBeforeMarch = stockholmInstant(2027, 3, 0, 8, 0);
    const weekAcrossSpring = addStockholmDays(stockholmInstant(2027, 3, 25, 8, 0), 7);
    const weekBackAcrossAutumn = addStockholmDays(stockholmInstant(2027, 11, 3, 8, 0), -7);

    // Assess
    expect(toStockholmIso(thirtySecondOfJanuary)).toBe('2027-02-01T08:00:00+01:00');
    expect(toStockholmIso(dayBeforeMarch)).toBe('2027-02-28T08:00:00+01:00');
    expect(toStockholmIso(weekAcrossSpring)).toBe('2027-04-01T08:00:00+02:00');
    expect(weekAcrossSpring.getTime() - stockholmInstant(2027, 3, 25, 8, 0).getTime()).toBe((7 * 24 - 1) * 3_600_000);
    expect(toStockholmIso(weekBackAcrossAutumn)).toBe('2027-10-27T08:00:00+02:00');
  });

  it('writes dates for people and for spreadsheets in Stockholm time', () => {
    // Prepare: 23:30 UTC on the last day of the year is already the new year in Stockholm.
    const newYear = '2027-12-31T23:30:00Z';

    // Act, Assess
    expect(formatSwedishDateTime(newYear)).toBe('1 januari 2028 kl. 00.30');
    expect(formatSwedishDate(newYear)).toBe('1 januari 2028');
    expect(formatSwedishDate('2027-08-16')).toBe('16 augusti 2027');
    expect(formatSpreadsheetDateTime('2027-06-30T14:05:00Z')).toBe('2027-06-30 16:05');
  });
});
