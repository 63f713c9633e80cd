/** What heads and administrators read of the decisions: a unit's list, their own programmes, the overview, the trail. */
import { type Actor, requireUnitAccess, unitsHeadedBy } from '#model/access';
import type { Decision } from '#model/decision';
import { type ProgrammeListing, phaseOf, windowStatus } from '#model/programme';
import { headView, programmeSummary, reservePositions, unitSeats } from '#model/transition';
import type { DecisionDeps } from '#usecases/decisions/decide';
import { programmeOf } from '#usecases/lookups';

/** `GET /api/programmes/{programmeId}/units/{unitId}/applications`: the head's working list. */
export async function unitApplications(deps: DecisionDeps, actor: Actor, programmeId: string, unitId: string, now: Date) {
  const programme = await programmeOf(deps, programmeId);
  requireUnitAccess(actor, programme, unitId);
  const [applications, used, participants] = await Promise.all([
    deps.decisions.unitApplications(programmeId, unitId),
    deps.decisions.seatsUsed(programmeId),
    deps.decisions.participants(programmeId),
  ]);
  const participantsById = new Map(participants.map((participant) => [participant.id, participant]));
  const unit = programme.units.find((candidate) => candidate.id === unitId)!;
  const positions = reservePositions(applications);
  const phase = phaseOf(programme, now);
  return {
    programme: programmeSummary(programme, used, now),
    unit: { id: unit.id, name: unit.name, kind: unit.kind, head: unit.head, ...unitSeats(programme, unitId, used) },
    canDecide: phase === 'deciding' || (phase === 'decided' && actor.isAdmin),
    items: applications.map((application) => headView(application, positions, participantsById.get(application.id))),
  };
}

const phaseOrder = { deciding: 0, applying: 1, decided: 2 } as const;

/** `GET /api/me`: who is signed in, and the units they head in each programme. */
export async function me(deps: { programmes: ProgrammeListing }, actor: Actor, now: Date) {
  const programmes = await deps.programmes.listAll();
  return {
    email: actor.email,
    isAdmin: actor.isAdmin,
    programmes: programmes
      .map((programme) => ({ programme, units: unitsHeadedBy(actor, programme) }))
      .filter(({ units }) => actor.isAdmin || units.length > 0)
      // What needs deciding now first, then what is open, then the rest; newest first within each.
      .sort(
        (a, b) =>
          phaseOrder[phaseOf(a.programme, now)] - phaseOrder[phaseOf(b.programme, now)] ||
          b.programme.window.closesAt.localeCompare(a.programme.window.closesAt),
      )
      .map(({ programme, units }) => ({
        id: programme.id,
        title: programme.title,
        window: programme.window,
        decisionDeadline: programme.decisionDeadline,
        status: windowStatus(programme, now),
        phase: phaseOf(programme, now),
        units: units.map((unit) => ({ id: unit.id, name: unit.name, kind: unit.kind })),
      })),
  };
}

/** `GET /api/programmes/{programmeId}/overview`: per unit, where the decisions stand. */
export async function overview(deps: DecisionDeps, programmeId: string, now: Date) {
  const programme = await programmeOf(deps, programmeId);
  const [applications, used] = await Promise.all([
    deps.decisions.programmeApplications(programmeId),
    deps.decisions.seatsUsed(programmeId),
  ]);
  const units = programme.units.map((unit) => {
    const own = applications.filter((application) => application.unitId === unit.id);
    const active = own.filter((application) => application.status === 'submitted');
    const count = (value: Decision['value'] | undefined) =>
      active.filter((application) => application.decision?.value === value).length;
    return {
      id: unit.id,
      name: unit.name,
      kind: unit.kind,
      head: unit.head,
      applications: active.length,
      withdrawn: own.length - active.length,
      appointed: count('appoint'),
      reserve: count('reserve'),
      declined: count('decline'),
      undecided: count(undefined),
      released: programme.releasedSeats?.[unit.id] ?? 0,
      ...unitSeats(programme, unit.id, used),
    };
  });
  return {
    programme: programmeSummary(programme, used, now),
    units,
    totals: {
      applications: sum(units, 'applications'),
      appointed: sum(units, 'appointed'),
      reserve: sum(units, 'reserve'),
      declined: sum(units, 'declined'),
      undecided: sum(units, 'undecided'),
    },
    headsNotDecided: units
      .filter((unit) => unit.undecided > 0)
      .map((unit) => ({ unitId: unit.id, unitName: unit.name, head: unit.head, undecided: unit.undecided })),
  };
}

function sum<T>(rows: T[], field: { [K in keyof T]: T[K] extends number ? K : never }[keyof T]): number {
  return rows.reduce((total, row) => total + (row[field] as number), 0);
}

export async function listParticipants(deps: DecisionDeps, programmeId: string) {
  await programmeOf(deps, programmeId);
  return deps.decisions.participants(programmeId);
}

/** `GET /api/programmes/{programmeId}/applications`: every application, a page at a time. */
export async function listApplications(deps: DecisionDeps, programmeId: string, limit: number, cursor: string | undefined) {
  await programmeOf(deps, programmeId);
  return deps.applications.listByProgramme(programmeId, limit, cursor);
}

export async function auditLog(deps: DecisionDeps, programmeId: string, limit: number, cursor: string | undefined) {
  await programmeOf(deps, programmeId);
  return deps.decisions.auditLog(programmeId, limit, cursor);
}
