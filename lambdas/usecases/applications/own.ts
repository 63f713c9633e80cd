/** The applicant's own application, by the private link: seen, and changed while the window is open. */
import { applicationWithdrawn } from '#core/errors';
import { type Application, type ApplicationChange, applicantView, emailHash, requireUnit, requireWindowOpen } from '#model/application';
import type { ApplicationDeps } from '#usecases/applications/apply';
import { authorised, programmeOf } from '#usecases/lookups';
import { told } from '#model/messages';

export async function viewOwnApplication(deps: ApplicationDeps, applicationId: string, secret: string | undefined, now: Date) {
  const application = await authorised(deps, applicationId, secret);
  return applicantView(application, await programmeOf(deps, application.programmeId), now);
}

export async function changeOwnApplication(
  deps: ApplicationDeps,
  applicationId: string,
  secret: string | undefined,
  change: ApplicationChange,
  now: Date,
) {
  const application = await authorised(deps, applicationId, secret);
  const programme = await programmeOf(deps, application.programmeId);
  if (application.status === 'withdrawn') throw applicationWithdrawn();
  requireWindowOpen(programme, now);
  if (change.unitId !== undefined) requireUnit(programme, change.unitId);
  const next: Application = {
    ...application,
    ...definedOnly(change),
    updatedAt: now.toISOString(),
    revision: (application.revision ?? 0) + 1,
  };
  const emailChanged = next.email !== application.email;
  await deps.applications.update(
    next,
    emailChanged ? { from: emailHash(application.email), to: emailHash(next.email) } : undefined,
  );
  await told(deps.messages.applicationChanged(programme, next));
  return applicantView(next, programme, now);
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, field]) => field !== undefined)) as Partial<T>;
}
