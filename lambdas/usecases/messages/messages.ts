/**
 * Messages to a programme's people: who they go to, a preview with the count, queueing one (once,
 * however often it is sent), and the list of those sent. The notification run sends them.
 */
import { forbidden } from '#core/errors';
import { type Actor, unitsHeadedBy } from '#model/access';
import { type Application, emailHash } from '#model/application';
import type { AuditEntry } from '#model/audit';
import type { ParticipantReader } from '#model/participant';
import type { Programme, ProgrammeReader } from '#model/programme';
import {
  type ApplicantGroup,
  type MessageDraft,
  type ProgrammeMessage,
  type ProgrammeMessageStore,
  authorisedDraft,
  visibleTo,
} from '#model/programmeMessage';
import type { Transitions } from '#model/transition';
import type { Watcher, WatcherStore } from '#model/watcher';
import { programmeOf } from '#usecases/lookups';

/** What finding a message's audience reads. */
export interface AudienceDeps {
  decisions: Pick<ParticipantReader, 'participants'> & Pick<Transitions, 'programmeApplications'>;
  watchers: Pick<WatcherStore, 'confirmed'>;
}

export interface MessageDeps extends AudienceDeps {
  programmes: ProgrammeReader;
  programmeMessages: ProgrammeMessageStore;
  /** of the given address hashes, those no mail goes to */
  suppressedAmong(emailHashes: string[]): Promise<Set<string>>;
  /** the mail as its audience will read it */
  preview(programme: Programme, message: Pick<ProgrammeMessage, 'audience' | 'subject' | 'body' | 'by'>): { subject: string; text: string };
}

/** One of a message's audience; a watcher's copy carries their unsubscribe link. */
export interface MessageRecipient {
  email: string;
  watcher?: Watcher;
}

function applicantGroupOf(application: Application): ApplicantGroup {
  switch (application.decision?.value) {
    case 'appoint':
      return 'appointed';
    case 'reserve':
      return 'reserve';
    case 'decline':
      return 'notAppointed';
    default:
      return 'undecided';
  }
}

/** Who a message goes to, now: each address once (a head of two units gets one copy). */
export async function audienceOf(
  deps: AudienceDeps,
  programme: Programme,
  message: Pick<ProgrammeMessage, 'audience' | 'applicantGroups' | 'unitIds'>,
): Promise<MessageRecipient[]> {
  const inUnits = (unitId: string) => !message.unitIds || message.unitIds.includes(unitId);
  const found: MessageRecipient[] = await (async () => {
    switch (message.audience) {
      case 'participants':
        return (await deps.decisions.participants(programme.id))
          .filter((participant) => participant.status === 'active' && inUnits(participant.unitId))
          .map((participant) => ({ email: participant.email }));
      case 'applicants': {
        const wanted = new Set(message.applicantGroups);
        return (await deps.decisions.programmeApplications(programme.id))
          .filter((application) => application.status === 'submitted' && inUnits(application.unitId) && wanted.has(applicantGroupOf(application)))
          .map((application) => ({ email: application.email }));
      }
      case 'heads':
        return programme.units.filter((unit) => inUnits(unit.id)).map((unit) => ({ email: unit.head.email }));
      case 'watchers':
        return (await deps.watchers.confirmed(programme.id)).map((watcher) => ({ email: watcher.email, watcher }));
    }
  })();
  const byAddress = new Map(found.map((recipient) => [recipient.email.toLowerCase(), recipient]));
  return [...byAddress.values()];
}

/** `POST …/messages/preview`: how many it goes to (and how many of them get no mail), and how it reads. */
export async function previewMessage(deps: MessageDeps, actor: Actor, programmeId: string, input: MessageDraft) {
  const programme = await programmeOf(deps, programmeId);
  const draft = authorisedDraft(actor, programme, input);
  const recipients = await audienceOf(deps, programme, draft);
  const suppressed = await deps.suppressedAmong(recipients.map((recipient) => emailHash(recipient.email)));
  const mail = deps.preview(programme, { ...draft, by: actor.email });
  return { recipients: recipients.length, suppressed: suppressed.size, unitIds: draft.unitIds ?? null, subject: mail.subject, text: mail.text };
}

/**
 * `POST …/messages`: queued for the notification run, which sends it within a minute or two. The
 * same id again is the same message: it is queued once, and the answer says so (`queued: false`).
 */
export async function queueMessage(deps: MessageDeps, actor: Actor, programmeId: string, input: MessageDraft & { id: string }, now: Date) {
  const programme = await programmeOf(deps, programmeId);
  const { id, ...draft } = input;
  const authorised = authorisedDraft(actor, programme, draft);
  const recipients = await audienceOf(deps, programme, authorised);
  const message: ProgrammeMessage = {
    id,
    programmeId,
    audience: authorised.audience,
    ...(authorised.applicantGroups ? { applicantGroups: authorised.applicantGroups } : {}),
    ...(authorised.unitIds ? { unitIds: authorised.unitIds } : {}),
    subject: authorised.subject,
    body: authorised.body,
    by: actor.email,
    queuedAt: now.toISOString(),
    recipients: recipients.length,
    status: 'queued',
  };
  const audit: AuditEntry = {
    programmeId,
    at: message.queuedAt,
    by: actor.email,
    action: 'message.queued',
    changes: [
      { field: `messages.${id}.audience`, to: message.audience },
      { field: `messages.${id}.recipients`, to: message.recipients },
    ],
  };
  if ((await deps.programmeMessages.queue(message, audit)) === 'queued') return { queued: true, message };
  const existing = await deps.programmeMessages.get(programmeId, id);
  // An id is the page's own: someone else's message under it is not this one's to see.
  if (!existing || !visibleTo(actor, existing)) throw forbidden();
  return { queued: false, message: existing };
}

/** `GET …/messages`: an administrator sees every message of the programme, a head their own. */
export async function listMessages(deps: Pick<MessageDeps, 'programmes' | 'programmeMessages'>, actor: Actor, programmeId: string) {
  const programme = await programmeOf(deps, programmeId);
  if (!actor.isAdmin && unitsHeadedBy(actor, programme).length === 0) throw forbidden();
  return (await deps.programmeMessages.list(programmeId)).filter((message) => visibleTo(actor, message));
}
