/** Use cases of the administration: publish and change programmes, import units from CSV. */
import { programmeChanged, programmeNotFound, unitHasApplications, validationFailed } from '#core/errors';
import { stockholmDayAt } from '#core/time';
import type { ApplicationReader } from '#model/application';
import { type AuditAction, diff } from '#model/audit';
import { type Programme, type ProgrammeInput, type ProgrammeListing, type ProgrammeReader, type ProgrammeStore, type ProgrammeUpdate, type SeatCeiling, type Unit, listingView, publicView, seatLimits } from '#model/programme';
import { plannedNotifications, scheduleChanges } from '#model/schedule';
import { longestRun, readUnitCsv } from '#model/unitImport';
import { csvNoRows, unitWithApplications } from '#text/sv';
import { type PromotionDeps, promoteReserves } from '#usecases/decisions/promote';

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
    {
      programmeId: programme.id,
      at,
      by,
      action: 'programme.created',
      changes: [{ field: 'programme', to: programme.title }, ...(input.copiedFrom ? [{ field: 'copiedFrom', to: input.copiedFrom }] : [])],
    },
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
