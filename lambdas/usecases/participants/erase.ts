/** Erasure (GDPR): one application on request, or every application of a programme once it is over. */
import { DomainError, applicationNotFound } from '#core/errors';
import { type Actor, requireAdmin } from '#model/access';
import { emailHash } from '#model/application';
import { ruleActor } from '#model/audit';
import { auditOf, withRetries } from '#model/transition';
import type { WatcherStore } from '#model/watcher';
import type { DecisionDeps } from '#usecases/decisions/decide';
import { refill } from '#usecases/decisions/promote';
import { type GroupDeps, removeFromGroup } from '#usecases/groups/groups';
import { programmeOf } from '#usecases/lookups';
import type { ProgressDeps } from '#usecases/progress/progress';

/** What erasing an application needs: its records, seats and audit, its progress and its group. */
export type ErasureDeps = Pick<DecisionDeps, 'programmes' | 'applications' | 'decisions'> & Pick<ProgressDeps, 'progress'> & Pick<GroupDeps, 'groups'>;

/**
 * `POST /api/applications/{applicationId}/erase`: GDPR erasure by an administrator. The
 * application, its e-mail guard and its participant go; an appointed person's seat goes back. The
 * audit trail keeps that it happened, with ids only.
 */
export async function eraseApplication(deps: DecisionDeps & ErasureDeps, actor: Actor, applicationId: string, now: Date) {
  requireAdmin(actor);
  const outcome = await erase(deps, applicationId, actor.email, now);
  if (outcome.freed) await refill(deps, outcome.programme.id, outcome.freed, outcome.unitId, now);
}

/**
 * The programme is over: every application goes, as `eraseApplication` erases one, and with them
 * participants, progress and group memberships; so do the watchers' addresses. The audit trail
 * keeps, by id, that the rule erased each. Nothing is promoted (the programme has started). A run
 * that stops midway is finished by the next; an application another run erased meanwhile is done.
 * Returns how many applications and watchers were erased.
 */
export async function erasePersonalData(deps: ErasureDeps & { watchers: Pick<WatcherStore, 'eraseAll'> }, programmeId: string, now: Date) {
  let applications = 0;
  for (const application of await deps.decisions.programmeApplications(programmeId)) {
    try {
      await erase(deps, application.id, ruleActor, now);
      applications++;
    } catch (error) {
      if (!(error instanceof DomainError && error.code === 'APPLICATION_NOT_FOUND')) throw error;
    }
  }
  return { applications, watchers: await deps.watchers.eraseAll(programmeId) };
}

async function erase(deps: ErasureDeps, applicationId: string, by: string, now: Date) {
  // Progress and group membership first: if the erasure stops midway, running it again finishes it.
  if (await deps.applications.get(applicationId)) {
    await removeFromGroup(deps, applicationId, now);
    await deps.progress.eraseRecords(applicationId);
  }
  return withRetries(async () => {
    const application = await deps.applications.get(applicationId);
    if (!application) throw applicationNotFound();
    const programme = await programmeOf(deps, application.programmeId);
    const appointed = application.decision?.value === 'appoint' ? (application.decision.seat ?? 'unit') : undefined;
    // An appointment holds a seat until it is erased, also after the person left (from the
    // start, one who leaves keeps it; one who left before was declined and gave it back).
    const seatTaken = appointed !== undefined;
    await deps.decisions.transition({
      programme,
      application: { next: application, previousRevision: application.revision ?? 0, remove: true },
      ...(application.status === 'submitted' ? { emailGuard: { release: emailHash(application.email) } } : {}),
      ...(seatTaken ? { seat: { source: appointed, unitId: application.unitId, delta: -1 as const } } : {}),
      participant: { delete: application.id },
      audit: auditOf(programme.id, by, 'application.erased', now, {
        applicationId: application.id,
        unitId: application.unitId,
        changes: [{ field: 'application', from: 'fanns', to: 'raderad' }],
      }),
    });
    return { programme, unitId: application.unitId, freed: seatTaken ? appointed : undefined };
  });
}
