/**
 * Applying, and asking for a lost private link. A first application and a repeated one answer alike;
 * only the mail differs, a receipt or a fresh link, within the caps on unsolicited mail.
 */
import type { IdSource } from '#core/ids';
import { type Application, type ApplicationStore, type ApplyInput, emailHash, hashSecret, newApplication, requireUnit, requireWindowOpen } from '#model/application';
import type { UnsolicitedMailCap } from '#model/mailCap';
import { type LinkReason, type Messages, told } from '#model/messages';
import type { Programme, ProgrammeReader } from '#model/programme';
import type { Transitions } from '#model/transition';
import { programmeOf } from '#usecases/lookups';

/** Applying and the applicant's own changes: an application never changes its programme. */
export interface ApplicationDeps {
  programmes: ProgrammeReader;
  applications: ApplicationStore;
  /** a withdrawal gives back an appointed person's seat, and a reserve gets it */
  decisions: Transitions;
  /** what applying, changing and withdrawing tell the applicant (and a reserve who gets the seat) */
  messages: Pick<Messages, 'receipt' | 'freshLink' | 'applicationChanged' | 'applicationWithdrawn' | 'promoted'>;
  /** the caps on mail a stranger can make us send: a fresh link when applying again or asking for one */
  mailCap: UnsolicitedMailCap;
  ids: IdSource;
}

export async function apply(deps: ApplicationDeps, programmeId: string, input: ApplyInput, now: Date): Promise<{ created: boolean }> {
  const programme = await programmeOf(deps, programmeId);
  requireWindowOpen(programme, now);
  requireUnit(programme, input.unitId);
  const secret = deps.ids.secret();
  const application = newApplication(deps.ids.newId(), programmeId, input, secret, now);
  const hash = emailHash(input.email);
  const result = await deps.applications.create(application, hash);
  // A first application and a repeated one look the same to the caller (the handler answers both
  // alike): only the mail differs, a receipt or a fresh link ("du har redan ansökt"), within the caps.
  if (result.created) {
    await deps.mailCap.recordReceipt(hash, programmeId, now);
    await told(deps.messages.receipt(programme, application, secret));
    return { created: true };
  }
  const existing = await deps.applications.get(result.duplicateOf);
  if (existing && (await deps.mailCap.take(hash, programmeId, now))) await mailFreshLink(deps, programme, existing, 'appliedAgain', now);
  // Told to the caller, never in the answer: a stranger learns nothing of who has applied.
  return { created: false };
}

/** Fresh links are mailed to an application at most this often, so that nobody can flood an inbox with them. */
const linkMailInterval = 10 * 60_000;

/**
 * Only a hash of the old secret exists: a fresh link replaces it. Nothing is mailed when one was
 * mailed less than `linkMailInterval` ago (the store decides, so two requests at once mail once).
 */
async function mailFreshLink(deps: ApplicationDeps, programme: Programme, application: Application, reason: LinkReason, now: Date): Promise<void> {
  const fresh = deps.ids.secret();
  const notSince = new Date(now.getTime() - linkMailInterval).toISOString();
  if (!(await deps.applications.replaceSecret(application.id, hashSecret(fresh), now.toISOString(), notSince))) return;
  await told(deps.messages.freshLink(programme, application, fresh, reason));
}

/**
 * `POST /api/programmes/{programmeId}/applications/link`: someone who lost their private link asks
 * for a new one, at any time until the application is erased. The answer never says whether the
 * address has applied; if it has, the address gets the link.
 */
export async function requestLink(deps: ApplicationDeps, programmeId: string, email: string, now: Date): Promise<void> {
  const programme = await programmeOf(deps, programmeId);
  const hash = emailHash(email);
  // The cap first, whether or not the address has applied: the same work either way.
  if (!(await deps.mailCap.take(hash, programmeId, now))) return;
  const applicationId = await deps.applications.idForEmail(programmeId, hash);
  const application = applicationId ? await deps.applications.get(applicationId) : undefined;
  if (application) await mailFreshLink(deps, programme, application, 'requested', now);
}
