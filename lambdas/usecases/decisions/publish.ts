/** An administrator publishes the decisions before the deadline, or releases a unit's unused seats to the programme-wide list. */
import { DomainError, concurrentChange, decisionPeriodNotOver, unitNotFound, windowStillOpen } from '#core/errors';
import { type Actor, requireAdmin } from '#model/access';
import { type Programme, type ProgrammeStore, decisionsPublished, phaseOf, seatLimits } from '#model/programme';
import { plannedNotifications, scheduleChanges } from '#model/schedule';
import { auditOf, withRetries } from '#model/transition';
import type { DecisionDeps } from '#usecases/decisions/decide';
import { promoteReserves } from '#usecases/decisions/promote';
import { programmeOf } from '#usecases/lookups';

/** Publishing the decisions and releasing a unit's seats change the programme itself. */
export interface ProgrammeChangeDeps extends DecisionDeps {
  programmes: ProgrammeStore;
}

/**
 * `POST /api/programmes/{programmeId}/publish-decisions`: an administrator publishes the decisions
 * before the deadline. The decision mails are rescheduled to now, in the same transaction.
 */
export async function publishDecisions(deps: ProgrammeChangeDeps, actor: Actor, programmeId: string, now: Date) {
  requireAdmin(actor);
  const current = await programmeOf(deps, programmeId);
  if (phaseOf(current, now) === 'applying') throw windowStillOpen();
  if (decisionsPublished(current, now)) {
    return { decisionsPublishedAt: current.decisionsPublishedAt ?? current.decisionDeadline, changed: false };
  }
  const next: Programme = { ...current, decisionsPublishedAt: now.toISOString(), updatedAt: now.toISOString(), version: current.version + 1 };
  await deps.programmes.replace(
    next,
    current.version,
    auditOf(programmeId, actor.email, 'decisions.published', now, {
      changes: [{ field: 'decisionsPublishedAt', from: null, to: next.decisionsPublishedAt }],
    }),
    { schedule: scheduleChanges(plannedNotifications(current), plannedNotifications(next)) },
  );
  return { decisionsPublishedAt: next.decisionsPublishedAt!, changed: true };
}

/**
 * `POST /api/programmes/{programmeId}/units/{unitId}/release-seats`: after the deadline, the seats
 * a unit left unused go to the programme-wide pool, and the first reserves of any unit get them.
 */
export async function releaseUnitSeats(deps: ProgrammeChangeDeps, actor: Actor, programmeId: string, unitId: string, now: Date) {
  requireAdmin(actor);
  const released = await withRetries(async () => {
    const programme = await programmeOf(deps, programmeId);
    if (!programme.units.some((unit) => unit.id === unitId)) throw unitNotFound();
    if (phaseOf(programme, now) !== 'decided') throw decisionPeriodNotOver();
    const used = (await deps.decisions.seatsUsed(programmeId)).units[unitId] ?? 0;
    const unused = seatLimits(programme).unit(unitId) - used;
    if (unused <= 0) return 0;
    const before = programme.releasedSeats?.[unitId] ?? 0;
    const next: Programme = {
      ...programme,
      releasedSeats: { ...programme.releasedSeats, [unitId]: before + unused },
      updatedAt: now.toISOString(),
      version: programme.version + 1,
    };
    const audit = auditOf(programmeId, actor.email, 'seats.released', now, {
      unitId,
      changes: [{ field: `releasedSeats.${unitId}`, from: before, to: before + unused }],
    });
    try {
      // The unit must not have appointed anyone since its seats were counted.
      await deps.programmes.replace(next, programme.version, audit, { ceilings: [{ scope: { unitId }, max: used }] });
    } catch (error) {
      if (error instanceof DomainError && (error.code === 'PROGRAMME_CHANGED' || error.code === 'SEATS_BELOW_APPOINTED')) {
        throw concurrentChange();
      }
      throw error;
    }
    return unused;
  });
  const promoted = released > 0 ? await promoteReserves(deps, programmeId, 'pool', now) : [];
  return { released, promoted };
}
