/**
 * CSV exports for Excel in Swedish locale: UTF-8 with a byte-order mark, `;` between cells, CRLF,
 * instants as `YYYY-MM-DD HH:mm` Stockholm time. Administrators export every unit, heads the units
 * they head. An export is read page by page from the indexes and answered in parts of at most
 * `limit` rows (10,000 by default), each a whole CSV file with its header; the `cursor` of the
 * next part comes in the `Link` header. The pages join the parts into one file.
 */
import * as z from 'zod/mini';
import { isHeadOf, unitsHeadedBy, type Actor } from '#domain/access';
import { programmeOf, type Application, type ProgrammeReader } from '#domain/application';
import { byteOrderMark, csvLine } from '#domain/csv';
import { encodeCursor, pagingFields, readCursor } from '#domain/cursor';
import type { Participant } from '#domain/decisions';
import { forbidden, unitNotFound, validationFailed } from '#domain/errors';
import type { GroupStore, LearningGroup } from '#domain/groups';
import { isOverdue, type MilestoneProgress, type ProgressStatus } from '#domain/progress';
import type { Programme } from '#domain/programme';
import { formatSpreadsheetDateTime } from '#domain/time';
import { exportCursorInvalid, exportHeadings, labels } from '#text/sv';

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

function decodePosition(cursor: string | undefined): Position {
  if (!cursor) return { unit: 0, cursor: undefined };
  const position = readCursor(cursor) as Partial<Position> | undefined;
  if (position && Number.isInteger(position.unit) && position.unit! >= 0 && (position.cursor === undefined || typeof position.cursor === 'string')) {
    return position as Position;
  }
  throw validationFailed({ cursor: exportCursorInvalid });
}

/** The scopes an actor may export, in order: every unit at once for an administrator, else their units. */
function scopesFor(actor: Actor, programme: Programme, unitId: string | undefined): Scope[] {
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

const filenames: Record<ExportKind, string> = { applications: 'ansokningar', participants: 'deltagare', progress: 'framsteg' };

/** What an export reads: the programme, and its participants' progress and groups. */
export interface ExportDeps {
  programmes: ProgrammeReader;
  exports: ExportStore;
  groups: Pick<GroupStore, 'groups'>;
}

const when = (instant: string | undefined | null) => (instant ? formatSpreadsheetDateTime(instant) : '');

/** Rows for up to `limit` applications or participants; participants' progress is read for the same page. */
async function rowsOf(
  deps: ExportDeps,
  kind: ExportKind,
  programme: Programme,
  scope: Scope,
  limit: number,
  cursor: string | undefined,
  context: { groups: LearningGroup[]; now: Date },
): Promise<Page<unknown[]>> {
  const unitName = new Map(programme.units.map((unit) => [unit.id, unit.name]));
  if (kind === 'applications') {
    const page = await deps.exports.applicationsPage(scope, limit, cursor);
    return {
      cursor: page.cursor,
      items: page.items.map((application) => [
        application.id,
        when(application.createdAt),
        application.name,
        application.email,
        unitName.get(application.unitId) ?? application.unitId,
        application.role,
        application.certified ? labels.yes : labels.no,
        application.subjects,
        application.motivation,
        labels.applicationStatus[application.status],
        application.decision ? labels.decision[application.decision.value] : '',
        when(application.decision?.at),
        application.decision?.by ?? '',
        application.decision?.note ?? '',
      ]),
    };
  }
  const milestones = programme.milestones;
  const page = await deps.exports.participantsPage(scope, limit, cursor);
  const records = page.items.length > 0 ? await deps.exports.progressBetween(scope, page.items[0]!, page.items.at(-1)!) : [];
  const statusOf = new Map(records.map((entry) => [`${entry.participantId}#${entry.milestoneId}`, entry]));
  const overdue = (participant: Participant, milestone: Programme['milestones'][number], status: ProgressStatus) =>
    participant.status === 'active' && isOverdue(milestone, status, context.now);
  if (kind === 'participants') {
    const groupOf = new Map(context.groups.flatMap((group) => group.memberIds.map((id) => [id, group.name] as const)));
    return {
      cursor: page.cursor,
      items: page.items.map((participant) => {
        const statuses = milestones.map((milestone) => ({ milestone, status: statusOf.get(`${participant.id}#${milestone.id}`)?.status ?? 'not_started' }));
        return [
          participant.id,
          participant.name,
          participant.email,
          unitName.get(participant.unitId) ?? participant.unitId,
          participant.role,
          labels.participantStatus[participant.status],
          when(participant.since),
          when(participant.leftAt),
          labels.seat[participant.seat],
          groupOf.get(participant.id) ?? '',
          statuses.filter((entry) => entry.status === 'done').length,
          statuses.filter((entry) => overdue(participant, entry.milestone, entry.status)).length,
        ];
      }),
    };
  }
  return {
    cursor: page.cursor,
    items: page.items.flatMap((participant) =>
      milestones.map((milestone) => {
        const entry = statusOf.get(`${participant.id}#${milestone.id}`);
        const status = entry?.status ?? 'not_started';
        return [
          participant.id,
          participant.name,
          unitName.get(participant.unitId) ?? participant.unitId,
          milestone.title,
          when(milestone.dueAt),
          labels.progress[status],
          when(entry?.at),
          entry?.by ?? '',
          overdue(participant, milestone, status) ? labels.yes : labels.no,
        ];
      }),
    ),
  };
}

/** One part of an export: up to `limit` rows from where `cursor` says, across the actor's units. */
export async function exportCsv(
  deps: ExportDeps,
  actor: Actor,
  kind: ExportKind,
  programmeId: string,
  query: z.output<typeof exportQuery>,
  now: Date,
): Promise<CsvPart> {
  const programme = await programmeOf(deps, programmeId);
  const scopes = scopesFor(actor, programme, query.unitId);
  const groups = kind === 'participants' ? await deps.groups.groups(programmeId) : [];
  let position = decodePosition(query.cursor);
  let text = byteOrderMark + csvLine(exportHeadings[kind]);
  let rows = 0;
  // A participant makes one row per milestone in the progress export: whole participants per part.
  const rowsPerItem = kind === 'progress' ? Math.max(1, programme.milestones.length) : 1;
  const itemsLeft = () => Math.floor((query.limit - rows) / rowsPerItem) || (rows === 0 ? 1 : 0);
  while (position.unit < scopes.length && itemsLeft() > 0) {
    const page = await rowsOf(deps, kind, programme, scopes[position.unit]!, itemsLeft(), position.cursor, { groups, now });
    for (const row of page.items) text += csvLine(row as string[]);
    rows += page.items.length;
    position = page.cursor ? { unit: position.unit, cursor: page.cursor } : { unit: position.unit + 1, cursor: undefined };
  }
  const suffix = query.unitId ? `-${query.unitId}` : '';
  return {
    filename: `${programme.id}${suffix}-${filenames[kind]}.csv`,
    text,
    rows,
    cursor: position.unit < scopes.length ? encodeCursor(position) : undefined,
  };
}
