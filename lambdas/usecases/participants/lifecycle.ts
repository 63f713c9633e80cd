/** A participant leaves, or takes part again: recorded by an administrator. */
import { participantNotFound, seatGivenBack } from '#core/errors';
import { type Actor, requireAdmin } from '#model/access';
import type { Application } from '#model/application';
import type { Participant } from '#model/participant';
import { programmeStart } from '#model/programme';
import { auditOf, withRetries } from '#model/transition';
import { participantLeftNote } from '#text/sv';
import type { DecidingDeps, DecisionDeps } from '#usecases/decisions/decide';
import { refill } from '#usecases/decisions/promote';
import { removeFromGroup } from '#usecases/groups/groups';
import { programmeOf } from '#usecases/lookups';

/**
 * `POST /api/participants/{participantId}/leave`: an administrator records that a participant left.
 * Before the programme starts, the seat goes back and the first reserve gets it; after, the seat
 * stays taken (the place in the course is used).
 */
export async function leaveProgramme(deps: DecidingDeps, actor: Actor, participantId: string, now: Date) {
  requireAdmin(actor);
  const outcome = await withRetries(async () => {
    const participant = await deps.decisions.getParticipant(participantId);
    if (!participant) throw participantNotFound();
    const programme = await programmeOf(deps, participant.programmeId);
    if (participant.status === 'left') return { participant, programme, freed: undefined };
    const application = await deps.applications.get(participant.applicationId);
    const { rejoinedAt: _rejoinedAt, ...earlier } = participant;
    const left: Participant = { ...earlier, status: 'left', leftAt: now.toISOString() };
    const returnsSeat = now < programmeStart(programme) && application?.decision?.value === 'appoint';
    const audit = auditOf(programme.id, actor.email, 'participant.left', now, {
      applicationId: participant.applicationId,
      unitId: participant.unitId,
      changes: [
        { field: 'participant.status', from: 'active', to: 'left' },
        ...(returnsSeat ? [{ field: 'decision', from: 'appoint', to: 'decline' }] : []),
      ],
    });
    if (returnsSeat && application) {
      const next: Application = {
        ...application,
        decision: { value: 'decline', note: participantLeftNote, at: now.toISOString(), by: actor.email },
        revision: (application.revision ?? 0) + 1,
      };
      await deps.decisions.transition({
        programme,
        application: { next, previousRevision: application.revision ?? 0 },
        seat: { source: participant.seat, unitId: participant.unitId, delta: -1 },
        participant: { put: left, whileStatus: 'active' },
        audit,
      });
    } else {
      await deps.decisions.transition({ programme, participant: { put: left, whileStatus: 'active' }, audit });
    }
    return { participant: left, programme, freed: returnsSeat ? participant.seat : undefined };
  });
  // Leaving before the start declines: as when an appointment is undone, the group lets them go.
  if (now < programmeStart(outcome.programme)) await removeFromGroup(deps, participantId, now);
  if (outcome.freed) await refill(deps, outcome.programme.id, outcome.freed, outcome.participant.unitId, now);
  return outcome.participant;
}

/**
 * `POST /api/participants/{participantId}/rejoin`: an administrator records that a participant
 * who left takes part again (back from leave, or a leave recorded by mistake), on the seat the
 * person kept. One who left before the start gave the seat back: they are appointed again instead.
 */
export async function rejoinProgramme(deps: DecisionDeps, actor: Actor, participantId: string, now: Date) {
  requireAdmin(actor);
  return withRetries(async () => {
    const participant = await deps.decisions.getParticipant(participantId);
    if (!participant) throw participantNotFound();
    const programme = await programmeOf(deps, participant.programmeId);
    if (participant.status === 'active') return participant;
    const application = await deps.applications.get(participant.applicationId);
    // Erased between the two reads: the participant is gone with the application.
    if (!application) throw participantNotFound();
    if (application.decision?.value !== 'appoint') throw seatGivenBack();
    const { leftAt, ...earlier } = participant;
    const back: Participant = { ...earlier, status: 'active', rejoinedAt: now.toISOString() };
    await deps.decisions.transition({
      programme,
      participant: { put: back, whileStatus: 'left' },
      audit: auditOf(programme.id, actor.email, 'participant.rejoined', now, {
        applicationId: participant.applicationId,
        unitId: participant.unitId,
        changes: [{ field: 'participant.status', from: 'left', to: 'active' }, { field: 'participant.leftAt', from: leftAt, to: null }],
      }),
    });
    return back;
  });
}
