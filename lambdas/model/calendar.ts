/** The programme's dates as an iCalendar feed (RFC 5545), for those who rather have them in their calendar. */
import type { Programme } from '#model/programme';
import { calendarSummaries } from '#text/sv';

interface CalendarEvent {
  uid: string;
  summary: string;
  /** an instant, or an all-day `YYYY-MM-DD` */
  start: string;
  description?: string;
}

function escapeText(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/;/g, '\\;').replace(/,/g, '\\,').replace(/\r?\n/g, '\\n');
}

/** Lines longer than 75 octets are folded: CRLF and a space, never inside a character. */
function fold(line: string): string {
  const parts: string[] = [];
  let current = '';
  for (const character of line) {
    if (Buffer.byteLength(current + character, 'utf8') > (parts.length === 0 ? 75 : 74)) {
      parts.push(current);
      current = '';
    }
    current += character;
  }
  parts.push(current);
  return parts.join('\r\n ');
}

function utc(instant: string): string {
  return new Date(instant).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
}

export function programmeCalendar(programme: Programme, programmeLink: string): string {
  const events: CalendarEvent[] = [
    { uid: 'window-opens', summary: calendarSummaries.windowOpens(programme.title), start: programme.window.opensAt, description: programmeLink },
    { uid: 'window-closes', summary: calendarSummaries.windowCloses(programme.title), start: programme.window.closesAt, description: programmeLink },
    { uid: 'decision-deadline', summary: calendarSummaries.decisionDeadline(programme.title), start: programme.decisionDeadline },
    { uid: 'period-start', summary: calendarSummaries.periodStarts(programme.title), start: programme.period.start },
    ...programme.milestones.map((milestone) => ({ uid: `milestone-${milestone.id}`, summary: `${milestone.title} (${programme.title})`, start: milestone.dueAt })),
  ];
  const stamp = utc(programme.updatedAt);
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Utbildningsförvaltningen//satsning//SV',
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    `X-WR-CALNAME:${escapeText(programme.title)}`,
    ...events.flatMap((event) => {
      const allDay = /^\d{4}-\d\d-\d\d$/.test(event.start);
      return [
        'BEGIN:VEVENT',
        `UID:${programme.id}-${event.uid}@satsning`,
        `DTSTAMP:${stamp}`,
        allDay ? `DTSTART;VALUE=DATE:${event.start.replace(/-/g, '')}` : `DTSTART:${utc(event.start)}`,
        ...(allDay ? [] : [`DTEND:${utc(event.start)}`]),
        `SUMMARY:${escapeText(event.summary)}`,
        ...(event.description ? [`DESCRIPTION:${escapeText(event.description)}`] : []),
        'END:VEVENT',
      ];
    }),
    'END:VCALENDAR',
  ];
  return `${lines.map(fold).join('\r\n')}\r\n`;
}
