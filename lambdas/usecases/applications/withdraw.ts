/**
 * Heads appoint key persons. After the window closes and until the decision deadline, the head of
 * a unit (or an administrator, also after the deadline) appoints, reserves or declines each
 * applicant. Seats are counters in the table, changed in the same transaction as the decision,
 * on condition that they stay within the unit's and the programme's seats: two heads taking the
 * last seat at once, one wins. A seat that frees up when nobody is deciding (a withdrawal, a
 * participant leaving, more seats, seats released to the programme-wide list) goes to the first
 * reserve, by the same rule.
 */
import { applicationWindowNotOpen, programmeStarted } from '#core/errors';
import { type Application, type ApplicationLookup, applicantView, emailHash } from '#model/application';
import { applicantActor } from '#model/audit';
import { programmeStart, windowStatus } from '#model/programme';
import { auditOf, withRetries } from '#model/transition';
import { type PromotionDeps, refill } from '#usecases/decisions/promote';
import { authorised, programmeOf } from '#usecases/lookups';
import { type Messages, told } from '#model/messages';

/** `DELETE /api/applications/{applicationId}` with the private link: withdraw, until the programme starts. */
export async function withdrawOwnApplication(deps: PromotionDeps & { applications: ApplicationLookup; messages: Pick<Messages, 'applicationWithdrawn' | 'promoted'> }, applicationId: string, secret: string | undefined, now: Date) {
  const outcome = await withRetries(async () => {
    const application = await authorised(deps, applicationId, secret);
    const programme = await programmeOf(deps, application.programmeId);
    if (application.status === 'withdrawn') return { application, programme, freed: undefined };
    if (windowStatus(programme, now) === 'upcoming') throw applicationWindowNotOpen();
    if (now >= programmeStart(programme)) throw programmeStarted();
    const at = now.toISOString();
    const next: Application = {
      ...application,
      status: 'withdrawn',
      withdrawnAt: at,
      updatedAt: at,
      revision: (application.revision ?? 0) + 1,
    };
    const appointed = application.decision?.value === 'appoint' ? (application.decision.seat ?? 'unit') : undefined;
    await deps.decisions.transition({
      programme,
      application: { next, previousRevision: application.revision ?? 0 },
      emailGuard: { release: emailHash(application.email) },
      ...(appointed
        ? { seat: { source: appointed, unitId: application.unitId, delta: -1 as const }, participant: { delete: application.id } }
        : {}),
      audit: auditOf(programme.id, applicantActor, 'application.withdrawn', now, {
        applicationId: application.id,
        unitId: application.unitId,
        changes: [{ field: 'status', from: 'submitted', to: 'withdrawn' }],
      }),
    });
    await told(deps.messages.applicationWithdrawn(programme, next, now));
    return { application: next, programme, freed: appointed };
  });
  if (outcome.freed) await refill(deps, outcome.programme.id, outcome.freed, outcome.application.unitId, now);
  return applicantView(outcome.application, outcome.programme, now);
}
