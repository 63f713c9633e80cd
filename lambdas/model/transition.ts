/**
 * Seats: an application's decision, its seat, its participant and the audit entry change together,
 * as one transition (data, carried out in one transaction by the store). Reserves are promoted in
 * the order they became reserves. What a head sees of an application and of the programme's seats.
 */
import { decisionDeadlinePassed, windowStillOpen } from '#core/errors';
import { retryOn } from '#core/retry';
import type { Actor } from '#model/access';
import type { Application } from '#model/application';
import type { AuditAction, AuditEntry, FieldChange } from '#model/audit';
import type { Decision, SeatSource } from '#model/decision';
import { type Participant, type ParticipantReader, participantOf } from '#model/participant';
import { type Programme, decisionsPublished, phaseOf, programmeDates, programmeStart, seatLimits, windowStatus } from '#model/programme';

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

/** Conflicting writers retry with fresh reads; the conditions make the outcome right. */
export const withRetries = <T>(run: () => Promise<T>) => retryOn('CONCURRENT_CHANGE', run);

export function auditOf(
  programmeId: string,
  by: string,
  action: AuditAction,
  now: Date,
  details: Pick<AuditEntry, 'changes'> & Partial<Pick<AuditEntry, 'applicationId' | 'unitId'>>,
): AuditEntry {
  return { programmeId, at: now.toISOString(), by, action, ...details };
}

/** The transition that gives `application` the decision `decision`, with the seat it implies. */
export function decisionTransition(
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

export function requireDecisionPeriod(programme: Programme, actor: Actor, now: Date): void {
  const phase = phaseOf(programme, now);
  if (phase === 'applying') throw windowStillOpen();
  // Published decisions are final for heads, also when an admin published before the deadline.
  if ((phase === 'decided' || decisionsPublished(programme, now)) && !actor.isAdmin) throw decisionDeadlinePassed();
}

/** Seats freed when nobody is deciding go to reserves: from the window's close to the start. */
export function promotionAllowed(programme: Programme, now: Date): boolean {
  return phaseOf(programme, now) !== 'applying' && now < programmeStart(programme);
}

/** Reserves in the order they became reserves (then by rank and id, so the order is stable). */
export function reservesInOrder(applications: Application[]): Application[] {
  return applications
    .filter((application) => application.status === 'submitted' && application.decision?.value === 'reserve')
    .sort((a, b) => {
      const [since, otherSince] = [a.decision!.reserveSince ?? a.decision!.at, b.decision!.reserveSince ?? b.decision!.at];
      if (since !== otherSince) return since.localeCompare(otherSince);
      const [rank, otherRank] = [a.decision!.reserveRank ?? 0, b.decision!.reserveRank ?? 0];
      return rank === otherRank ? a.id.localeCompare(b.id) : rank - otherRank;
    });
}

export function reservePositions(applications: Application[]): Map<string, number> {
  return new Map(reservesInOrder(applications).map((application, index) => [application.id, index + 1]));
}

/**
 * What a head sees of an application: the answers, the decision and, once appointed, whether the
 * person takes part or has left; never the link's hash.
 */
export function headView(application: Application, positions: Map<string, number>, participant: Participant | undefined) {
  const { secretHash: _secretHash, revision: _revision, privacyNoticeReadAt: _privacyNoticeReadAt, linkMailedAt: _linkMailedAt, ...rest } = application;
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

export function unitSeats(programme: Programme, unitId: string, used: SeatsUsed) {
  const limits = seatLimits(programme);
  const unitUsed = used.units[unitId] ?? 0;
  return { seats: limits.unit(unitId), used: unitUsed, left: Math.max(0, limits.unit(unitId) - unitUsed) };
}

export function programmeSummary(programme: Programme, used: SeatsUsed, now: Date) {
  const limits = seatLimits(programme);
  return {
    ...programmeDates(programme),
    status: windowStatus(programme, now),
    phase: phaseOf(programme, now),
    /** from the first day on, a participant who leaves keeps the seat taken */
    started: now >= programmeStart(programme),
    decisionsPublished: decisionsPublished(programme, now),
    /** when the applicants were told, or are to be: an administrator's publishing, else the deadline */
    decisionsPublishedAt: programme.decisionsPublishedAt ?? programme.decisionDeadline,
    /** the programme this one is the next round of */
    copiedFrom: programme.copiedFrom ?? null,
    seats: { seats: limits.programme, used: used.programme, left: Math.max(0, limits.programme - used.programme) },
    pool: { seats: limits.pool, used: used.pool, left: Math.max(0, limits.pool - used.pool) },
  };
}
