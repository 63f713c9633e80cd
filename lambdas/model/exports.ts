/**
 * CSV exports for Excel in Swedish locale: UTF-8 with a byte-order mark, `;` between cells, CRLF,
 * instants as `YYYY-MM-DD HH:mm` Stockholm time. Administrators export every unit, heads the units
 * they head. An export is read page by page from the indexes and answered in parts of at most
 * `limit` rows (10,000 by default), each a whole CSV file with its header; the `cursor` of the
 * next part comes in the `Link` header. The pages join the parts into one file.
 */
import * as z from 'zod/mini';
import { pagingFields, readCursor } from '#core/cursor';
import { forbidden, unitNotFound, validationFailed } from '#core/errors';
import { formatSpreadsheetDateTime } from '#core/time';
import { type Actor, isHeadOf, unitsHeadedBy } from '#model/access';
import type { Application } from '#model/application';
import type { Participant } from '#model/participant';
import type { Programme } from '#model/programme';
import type { MilestoneProgress } from '#model/progress';
import { exportCursorInvalid } from '#text/sv';

export const exportKinds = ['applications', 'participants', 'progress'] as const;

export type ExportKind = (typeof exportKinds)[number];

export const maxExportRows = 10_000;

/** `?unitId=…&limit=1..10000&cursor=…` */
export const exportQuery = /* @__PURE__ */ z.lazy(() =>
  z.strictObject({
    unitId: z.optional(z.string().check(z.minLength(1), z.maxLength(64))),
    ...pagingFields(maxExportRows, maxExportRows),
  }),
);

export interface Page<T> {
  items: T[];
  /** where the next page starts; undefined after the last */
  cursor: string | undefined;
}

/** The scope of a read: one unit (gsi1) or the whole programme (gsi2). */
export interface Scope {
  programmeId: string;
  unitId?: string;
}

export interface ExportStore {
  applicationsPage(scope: Scope, limit: number, cursor: string | undefined): Promise<Page<Application>>;
  participantsPage(scope: Scope, limit: number, cursor: string | undefined): Promise<Page<Participant>>;
  /** progress of the participants from `first` to `last` (a page, in index order): one range Query */
  progressBetween(scope: Scope, first: Participant, last: Participant): Promise<MilestoneProgress[]>;
}

export interface CsvPart {
  filename: string;
  text: string;
  rows: number;
  cursor: string | undefined;
}

/** The position of an export over several units: which unit, and where in it. */
interface Position {
  unit: number;
  cursor: string | undefined;
}

export function decodePosition(cursor: string | undefined): Position {
  if (!cursor) return { unit: 0, cursor: undefined };
  const position = readCursor(cursor) as Partial<Position> | undefined;
  if (position && Number.isInteger(position.unit) && position.unit! >= 0 && (position.cursor === undefined || typeof position.cursor === 'string')) {
    return position as Position;
  }
  throw validationFailed({ cursor: exportCursorInvalid });
}

/** The scopes an actor may export, in order: every unit at once for an administrator, else their units. */
export function scopesFor(actor: Actor, programme: Programme, unitId: string | undefined): Scope[] {
  if (unitId !== undefined) {
    const unit = programme.units.find((candidate) => candidate.id === unitId);
    if (!actor.isAdmin && !isHeadOf(actor, programme, unitId)) throw forbidden();
    if (!unit) throw unitNotFound();
    return [{ programmeId: programme.id, unitId }];
  }
  if (actor.isAdmin) return [{ programmeId: programme.id }];
  const headed = unitsHeadedBy(actor, programme);
  if (headed.length === 0) throw forbidden();
  return headed.map((unit) => ({ programmeId: programme.id, unitId: unit.id }));
}

export const filenames: Record<ExportKind, string> = { applications: 'ansokningar', participants: 'deltagare', progress: 'framsteg' };

export const when = (instant: string | undefined | null) => (instant ? formatSpreadsheetDateTime(instant) : '');
