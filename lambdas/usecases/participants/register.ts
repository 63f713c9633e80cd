/**
 * Heads appoint key persons. After the window closes and until the decision deadline, the head of
 * a unit (or an administrator, also after the deadline) appoints, reserves or declines each
 * applicant. Seats are counters in the table, changed in the same transaction as the decision,
 * on condition that they stay within the unit's and the programme's seats: two heads taking the
 * last seat at once, one wins. A seat that frees up when nobody is deciding (a withdrawal, a
 * participant leaving, more seats, seats released to the programme-wide list) goes to the first
 * reserve, by the same rule.
 */
import * as z from 'zod/mini';
import { type Actor, requireAdmin } from '#model/access';
import { type Application, emailHash, newApplication, requireUnit } from '#model/application';
import { participantOf, registrationSchema } from '#model/participant';
import { auditOf, withRetries } from '#model/transition';
import type { DecisionDeps } from '#usecases/decisions/decide';
import { programmeOf } from '#usecases/lookups';
import { told } from '#model/messages';

/**
 * `POST /api/programmes/{programmeId}/participants`: an administrator registers a late applicant
 * directly: application, appointment, seat and participant in one transaction, and the person
 * gets their private link.
 */
export async function registerParticipant(
  deps: DecisionDeps,
  actor: Actor,
  programmeId: string,
  input: z.output<typeof registrationSchema>,
  now: Date,
) {
  requireAdmin(actor);
  const secret = deps.ids.secret();
  const application = await withRetries(async () => {
    const programme = await programmeOf(deps, programmeId);
    requireUnit(programme, input.unitId);
    const at = now.toISOString();
    const next: Application = {
      ...newApplication(deps.ids.newId(), programmeId, input, secret, now),
      revision: 1,
      registeredBy: actor.email,
      decision: { value: 'appoint', at, by: actor.email, seat: 'unit' },
    };
    await deps.decisions.transition({
      programme,
      application: { next, previousRevision: undefined },
      emailGuard: { claim: emailHash(input.email) },
      seat: { source: 'unit', unitId: input.unitId, delta: 1 },
      participant: { put: participantOf(next, 'unit', now, true) },
      audit: auditOf(programmeId, actor.email, 'participant.registered', now, {
        applicationId: next.id,
        unitId: input.unitId,
        changes: [{ field: 'decision', from: null, to: 'appoint' }],
      }),
    });
    await told(deps.messages.registered(programme, next, secret));
    return next;
  });
  return participantOf(application, 'unit', now, true);
}
