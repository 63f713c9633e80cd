/**
 * Messages to a programme's people: an administrator writes to its participants, its applicants by
 * how they were decided, its heads or its watchers ("the seminar moves to room B"); a head writes
 * to the participants of their own units. A message is queued as due work and sent by the
 * notification run, through the same ledger, suppression list and sending rate as every other mail,
 * never counted against the caps on unsolicited mail (it is the administration's, not a stranger's).
 */
import * as z from 'zod/mini';
import { forbidden, unitNotFound, validationFailed } from '#core/errors';
import { type Actor, unitsHeadedBy } from '#model/access';
import type { AuditEntry } from '#model/audit';
import type { Programme } from '#model/programme';
import { applicantGroupsOnlyForApplicants, applicantGroupsRequired, unitsNotForWatchers } from '#text/sv';

export const audiences = ['participants', 'applicants', 'heads', 'watchers'] as const;
export type Audience = (typeof audiences)[number];

/** Applicants by how they were decided; a withdrawn application is nobody's audience. */
export const applicantGroups = ['appointed', 'reserve', 'notAppointed', 'undecided'] as const;
export type ApplicantGroup = (typeof applicantGroups)[number];

export const maxSubjectLength = 150;
export const maxBodyLength = 5000;

const draftFields = () => ({
  audience: z.enum(audiences),
  /** applicants only: which of them; at least one */
  applicantGroups: z.optional(z.array(z.enum(applicantGroups)).check(z.minLength(1), z.maxLength(applicantGroups.length))),
  /** only the people of these units (participants, applicants, heads); all units when left out */
  unitIds: z.optional(z.array(z.string().check(z.minLength(1), z.maxLength(64))).check(z.minLength(1), z.maxLength(200))),
  subject: z.string().check(z.trim(), z.minLength(1), z.maxLength(maxSubjectLength)),
  body: z.string().check(z.trim(), z.minLength(1), z.maxLength(maxBodyLength)),
});

/** `POST /api/programmes/{programmeId}/messages/preview`: the message as it would go, and to how many. */
export const messageDraftSchema = /* @__PURE__ */ z.lazy(() => z.strictObject(draftFields()));

/**
 * `POST /api/programmes/{programmeId}/messages`: the draft, with the id the page chose for it when
 * it was written, so that sending it twice (a second click, a retried request) queues it once.
 */
export const messageSchema = /* @__PURE__ */ z.lazy(() => z.strictObject({ ...draftFields(), id: z.uuid() }));

export type MessageDraft = z.output<typeof messageDraftSchema>;

export interface ProgrammeMessage {
  id: string;
  programmeId: string;
  audience: Audience;
  applicantGroups?: ApplicantGroup[];
  unitIds?: string[];
  subject: string;
  body: string;
  /** who wrote it (a staff member's address: the audit trail names the same) */
  by: string;
  queuedAt: string;
  /** how many it was to go to when it was queued */
  recipients: number;
  status: 'queued' | 'sent';
  sentAt?: string;
  /** when sent: delivered, and not delivered (a suppressed address, one that failed for good) */
  delivered?: number;
  notDelivered?: number;
}

export interface ProgrammeMessageStore {
  /** the message, its due item and its audit entry in one transaction; `exists` when the id is taken */
  queue(message: ProgrammeMessage, audit: AuditEntry): Promise<'queued' | 'exists'>;
  get(programmeId: string, messageId: string): Promise<ProgrammeMessage | undefined>;
  /** every message of a programme, newest first */
  list(programmeId: string): Promise<ProgrammeMessage[]>;
  /** sent to everyone it goes to: the counts, and the audit entry */
  markSent(message: ProgrammeMessage, outcome: { delivered: number; notDelivered: number }, at: Date, audit: AuditEntry): Promise<void>;
}

/** The key of a message's item in the schedule: never one the programme's plan has, so never removed by it. */
export const messageScheduleKey = (messageId: string) => `message#${messageId}`;

/**
 * Who may send this draft. An administrator: to anyone of the programme, of units that exist. A
 * head: only to the participants of units they head (all of them when none are named); anything
 * else, or another unit, is 403. The draft comes back with the units it goes to.
 */
export function authorisedDraft(actor: Actor, programme: Programme, draft: MessageDraft): MessageDraft {
  const fields: Record<string, string> = {};
  if (draft.audience === 'applicants' && !draft.applicantGroups) fields.applicantGroups = applicantGroupsRequired;
  if (draft.audience !== 'applicants' && draft.applicantGroups) fields.applicantGroups = applicantGroupsOnlyForApplicants;
  if (draft.audience === 'watchers' && draft.unitIds) fields.unitIds = unitsNotForWatchers;
  if (Object.keys(fields).length > 0) throw validationFailed(fields);
  if (actor.isAdmin) {
    if (draft.unitIds?.some((unitId) => !programme.units.some((unit) => unit.id === unitId))) throw unitNotFound();
    return draft;
  }
  const headed = unitsHeadedBy(actor, programme).map((unit) => unit.id);
  if (draft.audience !== 'participants' || headed.length === 0) throw forbidden();
  if (draft.unitIds?.some((unitId) => !headed.includes(unitId))) throw forbidden();
  return { ...draft, unitIds: draft.unitIds ?? headed };
}

/** What a head sees of the programme's messages: their own. An administrator sees all. */
export function visibleTo(actor: Actor, message: ProgrammeMessage): boolean {
  return actor.isAdmin || message.by === actor.email;
}
