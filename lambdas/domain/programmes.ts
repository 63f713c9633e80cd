/** Use cases of the administration: publish and change programmes, import units from CSV. */
import * as z from 'zod/mini';
import { programmeChanged, programmeNotFound, unitHasApplications, validationFailed } from '#domain/errors';
import { parseCsv } from '#domain/csv';
import { csvColumnMissing, csvEmpty, csvNoRows, csvUnitRepeated, unitWithApplications } from '#text/sv';
import type { ApplicationReader, ProgrammeListing, ProgrammeReader, ProgrammeStore, SeatCeiling } from '#domain/application';
import { diff, type AuditAction } from '#domain/audit';
import { promoteReserves, type PromotionDeps } from '#domain/decisions';
import { plannedNotifications, scheduleChanges } from '#domain/schedule';
import { listingView, publicView, seatLimits, unitSchema, type Programme, type ProgrammeInput, type ProgrammeUpdate, type Unit } from '#domain/programme';
import { stockholmDayAt } from '#domain/time';

/** Publishing and changing programmes; seats that rise go to reserves (a transition and a mail). */
export interface ProgrammeDeps extends PromotionDeps {
  programmes: ProgrammeStore;
  applications: Pick<ApplicationReader, 'unitHasApplications'>;
}

/** `by`: who does it, for the audit trail (the signed-in administrator's e-mail). */
export async function createProgramme(deps: ProgrammeDeps, input: ProgrammeInput, by: string, now: Date): Promise<Programme> {
  const at = now.toISOString();
  const programme: Programme = { ...input, createdAt: at, updatedAt: at, version: 1 };
  await deps.programmes.create(
    programme,
    { programmeId: programme.id, at, by, action: 'programme.created', changes: [{ field: 'programme', to: programme.title }] },
    scheduleChanges([], plannedNotifications(programme)),
  );
  return programme;
}

/**
 * Store a changed programme with its audit entry. Seats may not drop below those already taken
 * (a condition on the counters); seats that rise go to the reserves waiting for them.
 */
async function replaceProgramme(deps: ProgrammeDeps, current: Programme, next: Programme, by: string, action: AuditAction, now: Date) {
  const [before, after] = [seatLimits(current), seatLimits(next)];
  const ceilings: SeatCeiling[] = next.units
    .filter((unit) => after.unit(unit.id) < before.unit(unit.id))
    .map((unit) => ({ scope: { unitId: unit.id }, max: after.unit(unit.id) }));
  if (after.programme < before.programme) ceilings.push({ scope: 'programme', max: after.programme });
  await deps.programmes.replace(
    next,
    current.version,
    { programmeId: next.id, at: now.toISOString(), by, action, changes: diff(current, next) },
    { ceilings, schedule: scheduleChanges(plannedNotifications(current), plannedNotifications(next)) },
  );
  const raised = next.units.filter(
    (unit) => after.unit(unit.id) > before.unit(unit.id) || (after.programme > before.programme && current.units.some((old) => old.id === unit.id)),
  );
  for (const unit of raised) await promoteReserves(deps, next.id, { unitId: unit.id }, now);
}

export async function getProgramme(deps: { programmes: ProgrammeReader }, programmeId: string): Promise<Programme> {
  const programme = await deps.programmes.get(programmeId);
  if (!programme) throw programmeNotFound();
  return programme;
}

export async function updateProgramme(
  deps: ProgrammeDeps,
  programmeId: string,
  input: ProgrammeUpdate,
  by: string,
  now: Date,
): Promise<Programme> {
  const { version: readVersion, ...fields } = input;
  const current = await getProgramme(deps, programmeId);
  if (readVersion !== undefined && readVersion !== current.version) throw programmeChanged();
  await requireRemovedUnitsUnused(deps, current, fields.units);
  const next: Programme = { ...current, ...fields, id: programmeId, updatedAt: now.toISOString(), version: current.version + 1 };
  await replaceProgramme(deps, current, next, by, 'programme.changed', now);
  return next;
}

async function requireRemovedUnitsUnused(deps: ProgrammeDeps, current: Programme, nextUnits: readonly Unit[]) {
  const kept = new Set(nextUnits.map((unit) => unit.id));
  for (const unit of current.units.filter((candidate) => !kept.has(candidate.id))) {
    if (await deps.applications.unitHasApplications(current.id, unit.id)) {
      const index = current.units.indexOf(unit);
      throw unitHasApplications({ [`units.${index}`]: unitWithApplications(unit.name) });
    }
  }
}

/** No programme runs this long after its window closed: the listing reads no further back. */
const longestRun = 4 * 366 * 24 * 3_600_000;

/**
 * `GET /api/programmes`: what can be applied for now or soon, and what is under way (so that a
 * participant finds its page, to ask for a lost link); not what is over.
 */
export async function listProgrammes(deps: { programmes: ProgrammeListing }, now: Date) {
  const programmes = await deps.programmes.listClosingAfter(new Date(now.getTime() - longestRun));
  return programmes
    .filter((programme) => now < stockholmDayAt(programme.period.end, 1))
    .sort((a, b) => a.window.opensAt.localeCompare(b.window.opensAt))
    .map((programme) => listingView(programme, now));
}

export async function getPublicProgramme(deps: { programmes: ProgrammeReader }, programmeId: string, now: Date) {
  return publicView(await getProgramme(deps, programmeId), now);
}

/** The columns a municipality's unit list has, by any of the names it may give them. */
const columns = {
  id: ['id', 'enhets-id', 'enhetsid'],
  name: ['enhet', 'enhetens namn', 'namn på enhet', 'unit', 'name', 'skola', 'förskola'],
  kind: ['typ', 'skolform', 'kind'],
  headName: ['rektor', 'förskolechef', 'chef', 'rektor/förskolechef', 'head', 'head name'],
  headEmail: ['e-post', 'epost', 'e-postadress', 'email', 'head email', 'rektors e-post'],
  seats: ['platser', 'antal platser', 'seats'],
} as const;

export interface ImportRow {
  line: number;
  unit?: Unit;
  errors: Record<string, string>;
}

export interface UnitImport {
  rows: ImportRow[];
  valid: boolean;
}

/** Read a unit list; every row's errors are reported, nothing is written here. */
export function readUnitCsv(text: string): UnitImport {
  const [header, ...body] = parseCsv(text);
  if (!header) return { rows: [{ line: 1, errors: { csv: csvEmpty } }], valid: false };
  const position = Object.fromEntries(
    Object.entries(columns).map(([field, names]) => [
      field,
      header.findIndex((cell) => (names as readonly string[]).includes(cell.trim().toLowerCase())),
    ]),
  ) as Record<keyof typeof columns, number>;
  const missing = (['name', 'kind', 'headName', 'headEmail', 'seats'] as const).filter((field) => position[field] < 0);
  if (missing.length > 0) {
    return {
      rows: [
        {
          line: 1,
          errors: Object.fromEntries(
            missing.map((field) => [field, csvColumnMissing(columns[field])]),
          ),
        },
      ],
      valid: false,
    };
  }
  const cell = (cells: string[], field: keyof typeof columns) => (position[field] >= 0 ? (cells[position[field]] ?? '').trim() : '');
  const seen = new Set<string>();
  const rows = body.map((cells, index): ImportRow => {
    const name = cell(cells, 'name');
    const kindText = cell(cells, 'kind').toLowerCase();
    const candidate = {
      id: cell(cells, 'id') || slugify(name),
      name,
      kind: kindText === 'skola' || kindText === 'grundskola' ? 'skola' : kindText === 'förskola' ? 'förskola' : kindText,
      seats: /^\d+$/.test(cell(cells, 'seats')) ? Number(cell(cells, 'seats')) : cell(cells, 'seats'),
      head: { name: cell(cells, 'headName'), email: cell(cells, 'headEmail') },
    };
    const parsed = unitSchema.safeParse(candidate);
    const errors: Record<string, string> = {};
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const field = issue.path.join('.').replace(/^head\.name$/, 'headName').replace(/^head\.email$/, 'headEmail');
        errors[field] ??= issue.message;
      }
    } else if (seen.has(parsed.data.id)) {
      errors.name = csvUnitRepeated;
    }
    if (parsed.success) seen.add(parsed.data.id);
    return { line: index + 2, ...(parsed.success ? { unit: parsed.data } : {}), errors };
  });
  return { rows, valid: rows.length > 0 && rows.every((row) => Object.keys(row.errors).length === 0) };
}

export const unitImportSchema = /* @__PURE__ */ z.lazy(() =>
  z.strictObject({
    csv: z.string().check(z.minLength(1), z.maxLength(60_000)),
    dryRun: z._default(z.boolean(), false),
  }),
);

/**
 * Units from the CSV are added, or replace the unit with the same id; others stay. A dry run only
 * reads the list, so the programme need not exist yet: the programme form reads a list into its
 * units before the programme is published.
 */
export async function importUnits(deps: ProgrammeDeps, programmeId: string, csv: string, dryRun: boolean, by: string, now: Date) {
  const result = readUnitCsv(csv);
  if (dryRun) return { dryRun, ...result, programme: undefined };
  const current = await getProgramme(deps, programmeId);
  if (!result.valid) {
    const fields: Record<string, string> = {};
    for (const row of result.rows) {
      for (const [field, message] of Object.entries(row.errors)) fields[`rows.${row.line}.${field}`] = message;
    }
    throw validationFailed(Object.keys(fields).length > 0 ? fields : { csv: csvNoRows });
  }
  const imported = new Map(result.rows.map((row) => [row.unit!.id, row.unit!]));
  const units = [
    ...current.units.map((unit) => imported.get(unit.id) ?? unit),
    ...[...imported.values()].filter((unit) => !current.units.some((existing) => existing.id === unit.id)),
  ];
  const next: Programme = { ...current, units, updatedAt: now.toISOString(), version: current.version + 1 };
  await replaceProgramme(deps, current, next, by, 'units.imported', now);
  return { dryRun, ...result, programme: next };
}

export function slugify(name: string): string {
  return name
    .toLowerCase()
    .replace(/[åä]/g, 'a')
    .replace(/ö/g, 'o')
    .replace(/é/g, 'e')
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 64);
}
