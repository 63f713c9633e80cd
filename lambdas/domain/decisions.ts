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
import { requireAdmin, requireUnitAccess, unitsHeadedBy, type Actor } from '#domain/access';
import {
  answerFields,
  applicantView,
  authorised,
  emailHash,
  hashSecret,
  lostLinkUrl,
  privateLink,
  programmeOf,
  requireUnit,
  send,
  type Application,
  type ApplicationDeps,
  type ApplicationLookup,
  type ApplicationReader,
  type ProgrammeListing,
  type ProgrammeStore,
} from '#domain/application';
import { applicantActor, ruleActor, type AuditAction, type AuditEntry, type FieldChange } from '#domain/audit';
import {
  DomainError,
  applicationNotFound,
  applicationWindowNotOpen,
  applicationWithdrawn,
  concurrentChange,
  decisionDeadlinePassed,
  decisionPeriodNotOver,
  participantNotFound,
  programmeStarted,
  seatGivenBack,
  takingPart,
  unitNotFound,
  windowStillOpen,
} from '#domain/errors';
import {
  decisionsPublished,
  phaseOf,
  programmeStart,
  seatLimits,
  windowStatus,
  type Programme,
} from '#domain/programme';
import { promotedMail, registeredMail } from '#mail/decisions';
import { decisionMail } from '#mail/notifications';
import { removeFromGroup, type GroupDeps } from '#domain/groups';
import type { ProgressDeps } from '#domain/progress';
import { retryOn } from '#domain/retry';
import type { WatcherStore } from '#domain/watchers';
import { toStockholmIso } from '#domain/time';
import { erasureTime, plannedNotifications, scheduleChanges } from '#domain/schedule';
import { withdrawnMail } from '#mail/applications';
import { participantLeftNote } from '#text/sv';

export const decisionValues = ['appoint', 'reserve', 'decline'] as const;
export type DecisionValue = (typeof decisionValues)[number];

/** `POST /api/applications/{applicationId}/decision` */
export const decisionSchema = /* @__PURE__ */ z.lazy(() =>
  z.strictObject({
    decision: z.enum(decisionValues),
    note: z.optional(z.string().check(z.trim(), z.maxLength(1000))),
  }),
);

/** `POST /api/programmes/{programmeId}/participants`: the answers, given by an administrator. */
export const registrationSchema = /* @__PURE__ */ z.lazy(() => z.strictObject(answerFields()));

export type SeatSource = 'unit' | 'pool';

export interface Decision {
  value: DecisionValue;
  /** the head's note to the applicant, sent with the published decision */
  note?: string;
  at: string;
  /** who decided: an e-mail, or `regel` when a reserve was promoted by rule */
  by: string;
  /** for `appoint`: whose seat it takes, the unit's or the programme-wide pool's */
  seat?: SeatSource;
  /** for `reserve`: when the person became a reserve; reserves are promoted in this order */
  reserveSince?: string;
  /** for `reserve`: the unit's count of reserves so far, ordering reserves marked in the same instant */
  reserveRank?: number;
}

/** An appointed person: the record the progress of the programme is followed on. */
export interface Participant {
  /** the application's id: one participant per appointed application */
  id: string;
  applicationId: string;
  programmeId: string;
  unitId: string;
  name: string;
  email: string;
  role: Application['role'];
  status: 'active' | 'left';
  since: string;
  leftAt?: string;
  /** when an administrator recorded that a participant who had left takes part again */
  rejoinedAt?: string;
  seat: SeatSource;
  registeredLate?: boolean;
}

export interface SeatsUsed {
  programme: number;
  pool: number;
  units: Record<string, number>;
}

/** One atomic change of an application, its seat, its participant and the audit trail. */
export interface Transition {
  /** the programme whose seat numbers were used: the change fails if it changed meanwhile */
  programme: Programme;
  application?: {
    next: Application;
    /** the revision the change was computed from; `undefined` for a new application */
    previousRevision: number | undefined;
    remove?: boolean;
  };
  /** a new application claims its address's guard; a withdrawal or erasure releases it */
  emailGuard?: { claim: string } | { release: string };
  seat?: { source: SeatSource; unitId: string; delta: 1 | -1 };
  /** `whileStatus`: only if the stored participant still has this status (and exists) */
  participant?: { put: Participant; whileStatus?: Participant['status'] } | { delete: string };
  audit: AuditEntry;
}

export interface AuditPage {
  items: AuditEntry[];
  cursor: string | undefined;
}

/** Reading participants: what progress and learning groups need of the decisions. */
export interface ParticipantReader {
  getParticipant(participantId: string): Promise<Participant | undefined>;
  participants(programmeId: string): Promise<Participant[]>;
}

/** A learning group's members in one read, in the order asked; `undefined` where there is none. */
export interface ParticipantsById {
  participantsById(participantIds: string[]): Promise<(Participant | undefined)[]>;
}

/** Changing applications, seats and participants, and the applications a promotion chooses from. */
export interface Transitions {
  /** a unit's applications, oldest first (Query, every page) */
  unitApplications(programmeId: string, unitId: string): Promise<Application[]>;
  /** a programme's applications, oldest first (Query, every page) */
  programmeApplications(programmeId: string): Promise<Application[]>;
  /**
   * Carry out the transition in one transaction. Fails with NO_SEATS_LEFT when a seat counter is
   * full, EMAIL_IN_USE when a claimed address is taken, CONCURRENT_CHANGE when the application
   * or the programme changed since they were read (the caller reads again and retries).
   */
  transition(change: Transition): Promise<void>;
}

export interface DecisionStore extends ParticipantReader, Transitions {
  seatsUsed(programmeId: string): Promise<SeatsUsed>;
  auditLog(programmeId: string, limit: number, cursor?: string): Promise<AuditPage>;
}

/** Deciding reads programmes and applications; what it changes, it changes through transitions. */
export interface DecisionDeps extends Omit<ApplicationDeps, 'applications' | 'decisions' | 'mailCap'> {
  applications: ApplicationReader;
  decisions: DecisionStore;
}

/** Deciding, and leaving: one no longer appointed leaves their learning group too. */
export type DecidingDeps = DecisionDeps & Pick<GroupDeps, 'groups'>;

/** Publishing the decisions and releasing a unit's seats change the programme itself. */
export interface ProgrammeChangeDeps extends DecisionDeps {
  programmes: ProgrammeStore;
}

/** Promoting reserves: the programme's seats, the transitions, and a mail to whoever is promoted. */
export interface PromotionDeps extends Pick<DecisionDeps, 'programmes' | 'mailer' | 'siteUrl'> {
  decisions: Transitions;
}

/** Conflicting writers retry with fresh reads; the conditions make the outcome right. */
const withRetries = <T>(run: () => Promise<T>) => retryOn('CONCURRENT_CHANGE', run);

function auditOf(
  programmeId: string,
  by: string,
  action: AuditAction,
  now: Date,
  details: Pick<AuditEntry, 'changes'> & Partial<Pick<AuditEntry, 'applicationId' | 'unitId'>>,
): AuditEntry {
  return { programmeId, at: now.toISOString(), by, action, ...details };
}

function participantOf(application: Application, seat: SeatSource, now: Date, registeredLate = false): Participant {
  return {
    id: application.id,
    applicationId: application.id,
    programmeId: application.programmeId,
    unitId: application.unitId,
    name: application.name,
    email: application.email,
    role: application.role,
    status: 'active',
    since: now.toISOString(),
    seat,
    ...(registeredLate ? { registeredLate } : {}),
  };
}

/** The transition that gives `application` the decision `decision`, with the seat it implies. */
function decisionTransition(
  programme: Programme,
  application: Application,
  decision: Decision,
  action: AuditAction,
  now: Date,
): Transition {
  const before = application.decision;
  const wasAppointed = before?.value === 'appoint';
  const isAppointed = decision.value === 'appoint';
  const next: Application = { ...application, decision, revision: (application.revision ?? 0) + 1 };
  const seat =
    isAppointed && !wasAppointed
      ? { source: decision.seat ?? 'unit', unitId: application.unitId, delta: 1 as const }
      : wasAppointed && !isAppointed
        ? { source: before.seat ?? 'unit', unitId: application.unitId, delta: -1 as const }
        : undefined;
  const participant =
    isAppointed && !wasAppointed
      ? { put: participantOf(next, decision.seat ?? 'unit', now) }
      : wasAppointed && !isAppointed
        ? { delete: application.id }
        : undefined;
  const changes: FieldChange[] = [{ field: 'decision', from: before?.value ?? null, to: decision.value }];
  // The note is personal data for the applicant: the trail records that it changed, not its text.
  if ((before?.note ?? '') !== (decision.note ?? '')) {
    changes.push({ field: 'note', from: before?.note ? 'anteckning' : null, to: decision.note ? 'ny anteckning' : null });
  }
  return {
    programme,
    application: { next, previousRevision: application.revision ?? 0 },
    ...(seat ? { seat } : {}),
    ...(participant ? { participant } : {}),
    audit: auditOf(programme.id, decision.by, action, now, { applicationId: application.id, unitId: application.unitId, changes }),
  };
}

function requireDecisionPeriod(programme: Programme, actor: Actor, now: Date): void {
  const phase = phaseOf(programme, now);
  if (phase === 'applying') throw windowStillOpen();
  // Published decisions are final for heads, also when an admin published before the deadline.
  if ((phase === 'decided' || decisionsPublished(programme, now)) && !actor.isAdmin) throw decisionDeadlinePassed();
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

/** Seats freed when nobody is deciding go to reserves: from the window's close to the start. */
function promotionAllowed(programme: Programme, now: Date): boolean {
  return phaseOf(programme, now) !== 'applying' && now < programmeStart(programme);
}

export async function decide(
  deps: DecidingDeps,
  actor: Actor,
  applicationId: string,
  input: z.output<typeof decisionSchema>,
  now: Date,
) {
  const outcome = await withRetries(async () => {
    const application = await deps.applications.get(applicationId);
    if (!application) throw applicationNotFound();
    const programme = await programmeOf(deps, application.programmeId);
    requireUnitAccess(actor, programme, application.unitId);
    requireDecisionPeriod(programme, actor, now);
    if (application.status === 'withdrawn') throw applicationWithdrawn();
    const note = input.note ? input.note : undefined;
    const before = application.decision;
    // From the start an appointed person is a participant, with progress and a learning group:
    // they leave, and are not un-appointed.
    if (before?.value === 'appoint' && input.decision !== 'appoint' && now >= programmeStart(programme)) throw takingPart();
    if (before?.value === input.decision && before.note === note) return { application, programme, freed: undefined, changed: false };
    const decision: Decision = {
      value: input.decision,
      ...(note ? { note } : {}),
      at: now.toISOString(),
      by: actor.email,
      ...(input.decision === 'appoint' ? { seat: before?.value === 'appoint' ? (before.seat ?? 'unit') : 'unit' } : {}),
      ...(input.decision === 'reserve'
        ? before?.value === 'reserve'
          ? { reserveSince: before.reserveSince ?? before.at, reserveRank: before.reserveRank ?? 0 }
          : { reserveSince: now.toISOString(), reserveRank: await nextReserveRank(deps, application) }
        : {}),
    };
    const transition = decisionTransition(programme, application, decision, 'decision.made', now);
    await deps.decisions.transition(transition);
    const freed = transition.seat?.delta === -1 ? transition.seat.source : undefined;
    // What the published mail says: no decision reads as a decline.
    return { application: transition.application!.next, programme, freed, changed: (before?.value ?? 'decline') !== input.decision };
  });
  // A head who declines someone decides the unit's seats; after the deadline the rule does.
  if (outcome.freed && phaseOf(outcome.programme, now) === 'decided') {
    await refill(deps, outcome.programme.id, outcome.freed, outcome.application.unitId, now);
  }
  const { application } = outcome;
  // The published mail told the person the decision then: a change after that is told too.
  const mailed = outcome.changed && decisionsPublished(outcome.programme, now);
  if (mailed) await send(deps, application.email, decisionMail(outcome.programme, application, lostLinkUrl(deps, outcome.programme.id), now));
  // After the decision, so that no group saved meanwhile brings the person back (a group claims
  // only participants); on a decision asked again too, which finishes one stopped in between.
  if (application.decision?.value !== 'appoint') await removeFromGroup(deps, application.id, now);
  // Only a reserve shows a position, so only then is the unit read again.
  const positions =
    application.decision?.value === 'reserve'
      ? reservePositions(await deps.decisions.unitApplications(outcome.programme.id, application.unitId))
      : new Map<string, number>();
  const participant = application.decision?.value === 'appoint' ? await deps.decisions.getParticipant(application.id) : undefined;
  // Whether the person was mailed the change: the page says so without knowing the rule.
  return { ...headView(application, positions, participant), mailed };
}

async function nextReserveRank(deps: DecisionDeps, application: Application): Promise<number> {
  const unit = await deps.decisions.unitApplications(application.programmeId, application.unitId);
  return Math.max(0, ...unit.map((other) => other.decision?.reserveRank ?? 0)) + 1;
}

/** Reserves in the order they became reserves (then by rank and id, so the order is stable). */
function reservesInOrder(applications: Application[]): Application[] {
  return applications
    .filter((application) => application.status === 'submitted' && application.decision?.value === 'reserve')
    .sort((a, b) => {
      const [since, otherSince] = [a.decision!.reserveSince ?? a.decision!.at, b.decision!.reserveSince ?? b.decision!.at];
      if (since !== otherSince) return since.localeCompare(otherSince);
      const [rank, otherRank] = [a.decision!.reserveRank ?? 0, b.decision!.reserveRank ?? 0];
      return rank === otherRank ? a.id.localeCompare(b.id) : rank - otherRank;
    });
}

function reservePositions(applications: Application[]): Map<string, number> {
  return new Map(reservesInOrder(applications).map((application, index) => [application.id, index + 1]));
}

/**
 * Appoint reserves while there are seats: a unit's reserves to the unit's seats, or anyone's
 * reserves, in order, to the seats released to the programme-wide pool. Each promotion is the same
 * atomic seat rule as a head's decision; a promoted person is told by e-mail once decisions are
 * published (before that, the published decision tells them).
 */
export async function promoteReserves(
  deps: PromotionDeps,
  programmeId: string,
  target: { unitId: string } | 'pool',
  now: Date,
): Promise<string[]> {
  const promoted: string[] = [];
  for (;;) {
    const programme = await programmeOf(deps, programmeId);
    if (!promotionAllowed(programme, now)) break;
    const candidates =
      target === 'pool'
        ? await deps.decisions.programmeApplications(programmeId)
        : await deps.decisions.unitApplications(programmeId, target.unitId);
    const first = reservesInOrder(candidates)[0];
    if (!first) break;
    const decision: Decision = { value: 'appoint', at: now.toISOString(), by: ruleActor, seat: target === 'pool' ? 'pool' : 'unit' };
    try {
      await deps.decisions.transition(decisionTransition(programme, first, decision, 'reserve.promoted', now));
    } catch (error) {
      if (error instanceof DomainError && error.code === 'NO_SEATS_LEFT') break;
      if (error instanceof DomainError && error.code === 'CONCURRENT_CHANGE') continue;
      throw error;
    }
    promoted.push(first.id);
    if (decisionsPublished(programme, now)) await send(deps, first.email, promotedMail(programme, first, lostLinkUrl(deps, programme.id)));
  }
  return promoted;
}

/** A seat came free: the reserves waiting for that kind of seat get it. */
function refill(deps: PromotionDeps, programmeId: string, source: SeatSource, unitId: string, now: Date) {
  return promoteReserves(deps, programmeId, source === 'pool' ? 'pool' : { unitId }, now);
}

/**
 * What a head sees of an application: the answers, the decision and, once appointed, whether the
 * person takes part or has left; never the link's hash.
 */
export function headView(application: Application, positions: Map<string, number>, participant: Participant | undefined) {
  const { secretHash: _secretHash, revision: _revision, consentAt: _consentAt, linkMailedAt: _linkMailedAt, ...rest } = application;
  return {
    ...rest,
    participant: participant
      ? {
          status: participant.status,
          since: participant.since,
          leftAt: participant.leftAt ?? null,
          rejoinedAt: participant.rejoinedAt ?? null,
          registeredLate: participant.registeredLate ?? false,
        }
      : null,
    decision: application.decision
      ? {
          value: application.decision.value,
          note: application.decision.note ?? null,
          at: application.decision.at,
          by: application.decision.by,
          ...(application.decision.value === 'reserve' ? { reservePosition: positions.get(application.id) ?? null } : {}),
        }
      : null,
  };
}

function unitSeats(programme: Programme, unitId: string, used: SeatsUsed) {
  const limits = seatLimits(programme);
  const unitUsed = used.units[unitId] ?? 0;
  return { seats: limits.unit(unitId), used: unitUsed, left: Math.max(0, limits.unit(unitId) - unitUsed) };
}

function programmeSummary(programme: Programme, used: SeatsUsed, now: Date) {
  const limits = seatLimits(programme);
  return {
    id: programme.id,
    title: programme.title,
    window: programme.window,
    decisionDeadline: programme.decisionDeadline,
    period: programme.period,
    /** when the applications and all that hangs on them are erased */
    erasureAt: toStockholmIso(erasureTime(programme)),
    status: windowStatus(programme, now),
    phase: phaseOf(programme, now),
    /** from the first day on, a participant who leaves keeps the seat taken */
    started: now >= programmeStart(programme),
    decisionsPublished: decisionsPublished(programme, now),
    seats: { seats: limits.programme, used: used.programme, left: Math.max(0, limits.programme - used.programme) },
    pool: { seats: limits.pool, used: used.pool, left: Math.max(0, limits.pool - used.pool) },
  };
}

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

/** `DELETE /api/applications/{applicationId}` with the private link: withdraw, until the programme starts. */
export async function withdrawOwnApplication(deps: PromotionDeps & { applications: ApplicationLookup }, applicationId: string, secret: string | undefined, now: Date) {
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
    await send(deps, next.email, withdrawnMail(programme, next, now));
    return { application: next, programme, freed: appointed };
  });
  if (outcome.freed) await refill(deps, outcome.programme.id, outcome.freed, outcome.application.unitId, now);
  return applicantView(outcome.application, outcome.programme, now);
}

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
      id: deps.ids.newId(),
      programmeId,
      ...input,
      consentAt: at,
      status: 'submitted',
      createdAt: at,
      updatedAt: at,
      secretHash: hashSecret(secret),
      linkMailedAt: at,
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
    await send(deps, next.email, registeredMail(programme, next, privateLink(deps, next.id, secret)));
    return next;
  });
  return participantOf(application, 'unit', now, true);
}

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
    if (application?.decision?.value !== 'appoint') throw seatGivenBack();
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
