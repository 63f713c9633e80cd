/**
 * CSV exports for Excel in Swedish locale: UTF-8 with a byte-order mark, `;` between cells, CRLF,
 * instants as `YYYY-MM-DD HH:mm` Stockholm time. Administrators export every unit, heads the units
 * they head. An export is read page by page from the indexes and answered in parts of at most
 * `limit` rows (10,000 by default), each a whole CSV file with its header; the `cursor` of the
 * next part comes in the `Link` header. The pages join the parts into one file.
 */
import * as z from 'zod/mini';
import { byteOrderMark, csvLine } from '#core/csv';
import { encodeCursor } from '#core/cursor';
import type { Actor } from '#model/access';
import { type CsvPart, type ExportKind, type ExportStore, type Page, type Scope, decodePosition, exportQuery, filenames, scopesFor, when } from '#model/exports';
import type { GroupStore, LearningGroup } from '#model/group';
import type { Participant } from '#model/participant';
import type { Programme, ProgrammeReader } from '#model/programme';
import { type ProgressStatus, isOverdue } from '#model/progress';
import { exportHeadings, labels } from '#text/sv';
import { programmeOf } from '#usecases/lookups';

/** What an export reads: the programme, and its participants' progress and groups. */
export interface ExportDeps {
  programmes: ProgrammeReader;
  exports: ExportStore;
  groups: Pick<GroupStore, 'groups'>;
}

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
        labels.role[application.role],
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
          labels.role[participant.role],
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
