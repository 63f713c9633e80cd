/**
 * Participants' progress through the programme's milestones (delmoment), and the figures the
 * administration and the heads follow the programme by. A milestone with no record is
 * `not_started`; a record says who set it and when. A participant sets their own (not `excused`:
 * that is their head's call), their head and administrators set any of the unit's. A participant
 * who has left is read-only: the store refuses the write unless the participant is still active.
 */
import * as z from 'zod/mini';
import { milestoneNotFound } from '#core/errors';
import type { AuditEntry } from '#model/audit';
import { type LearningGroup, currentStep } from '#model/group';
import type { Participant } from '#model/participant';
import type { Milestone, Programme } from '#model/programme';

export const progressStatuses = ['not_started', 'in_progress', 'done', 'excused'] as const;

export type ProgressStatus = (typeof progressStatuses)[number];

/** `PUT …/milestones/{milestoneId}` */
export const progressSchema = /* @__PURE__ */ z.lazy(() => z.strictObject({ status: z.enum(progressStatuses) }));

/** Who set a participant's own progress, in the record and the audit trail. */
export const participantActor = 'deltagaren';

export interface MilestoneProgress {
  participantId: string;
  programmeId: string;
  unitId: string;
  milestoneId: string;
  status: ProgressStatus;
  /** when it was set (ISO instant) */
  at: string;
  /** the head's or administrator's e-mail, or `deltagaren` */
  by: string;
}

export interface ProgressStore {
  /** one participant's records (Query on the participant's partition) */
  participantProgress(participantId: string): Promise<MilestoneProgress[]>;
  /** a unit's records (Query gsi1) */
  unitProgress(programmeId: string, unitId: string): Promise<MilestoneProgress[]>;
  /** a programme's records (Query gsi2) */
  programmeProgress(programmeId: string): Promise<MilestoneProgress[]>;
  /** a unit's participants (Query gsi1) */
  unitParticipants(programmeId: string, unitId: string): Promise<Participant[]>;
  /**
   * Write a record, on condition that the participant exists and is active: fails with
   * PARTICIPANT_NOT_FOUND or PARTICIPANT_LEFT, and writes nothing then.
   */
  setProgress(progress: MilestoneProgress, audit: AuditEntry): Promise<void>;
  /** erasure: the participant's records go, and their membership item if one is left (idempotent) */
  eraseRecords(participantId: string): Promise<void>;
}

export function requireMilestone(programme: Programme, milestoneId: string): Milestone {
  const milestone = programme.milestones.find((candidate) => candidate.id === milestoneId);
  if (!milestone) throw milestoneNotFound();
  return milestone;
}

/** Past its due date, and neither done nor excused. */
export function isOverdue(milestone: Milestone, status: ProgressStatus, now: Date): boolean {
  return Date.parse(milestone.dueAt) < now.getTime() && status !== 'done' && status !== 'excused';
}

export function progressView(progress: MilestoneProgress, programme: Programme, now: Date) {
  const milestone = requireMilestone(programme, progress.milestoneId);
  return { ...progress, overdue: isOverdue(milestone, progress.status, now) };
}

/** Each milestone of the programme for one participant (`records` are theirs): its status, who set it, whether it is overdue. */
export function milestoneRows(programme: Programme, records: MilestoneProgress[], participant: Participant, now: Date) {
  const byMilestone = new Map(records.map((entry) => [entry.milestoneId, entry]));
  return programme.milestones.map((milestone) => {
    const entry = byMilestone.get(milestone.id);
    const status = entry?.status ?? 'not_started';
    return {
      milestoneId: milestone.id,
      title: milestone.title,
      dueAt: milestone.dueAt,
      status,
      at: entry?.at ?? null,
      by: entry?.by ?? null,
      overdue: participant.status === 'active' && isOverdue(milestone, status, now),
    };
  });
}

/** The figures of a set of participants: what the chart and the table show. */
export interface ProgressFigures {
  /** active participants */
  participants: number;
  /** participants who have left (not counted anywhere else) */
  left: number;
  /** active participants × milestones */
  expected: number;
  done: number;
  inProgress: number;
  notStarted: number;
  excused: number;
  /** past their due date, neither done nor excused */
  overdue: number;
  /** done ÷ (expected − excused), 0–1; null when nothing is expected */
  doneShare: number | null;
}

export function progressFigures(
  milestones: readonly Milestone[],
  participants: readonly Participant[],
  records: readonly MilestoneProgress[],
  now: Date,
): ProgressFigures {
  const active = participants.filter((participant) => participant.status === 'active');
  const activeIds = new Set(active.map((participant) => participant.id));
  const known = new Map(milestones.map((milestone) => [milestone.id, milestone]));
  const statusOf = new Map<string, ProgressStatus>();
  for (const entry of records) {
    if (activeIds.has(entry.participantId) && known.has(entry.milestoneId)) statusOf.set(`${entry.participantId}#${entry.milestoneId}`, entry.status);
  }
  const figures = { done: 0, inProgress: 0, notStarted: 0, excused: 0, overdue: 0 };
  for (const participant of active) {
    for (const milestone of milestones) {
      const status = statusOf.get(`${participant.id}#${milestone.id}`) ?? 'not_started';
      if (status === 'done') figures.done++;
      else if (status === 'in_progress') figures.inProgress++;
      else if (status === 'excused') figures.excused++;
      else figures.notStarted++;
      if (isOverdue(milestone, status, now)) figures.overdue++;
    }
  }
  const expected = active.length * milestones.length;
  const counted = expected - figures.excused;
  return {
    participants: active.length,
    left: participants.length - active.length,
    expected,
    ...figures,
    doneShare: counted > 0 ? figures.done / counted : null,
  };
}

/** A group as the progress pages list it; its units by name too (a head may not lead them all). */
export function groupSummary(group: LearningGroup, participants: Map<string, Participant>, programme: Programme) {
  const facilitator = participants.get(group.facilitatorId);
  const unitIds = new Set(group.memberIds.map((id) => participants.get(id)?.unitId).filter((id): id is string => !!id));
  const units = [...unitIds].map((id) => ({ id, name: programme.units.find((unit) => unit.id === id)?.name ?? id }));
  return {
    id: group.id,
    name: group.name,
    members: group.memberIds.length,
    memberIds: group.memberIds,
    units,
    facilitator: facilitator ? { id: facilitator.id, name: facilitator.name } : null,
    current: currentStep(group),
    /** the version a change is made on (`PUT …/groups/{groupId}`) */
    version: group.version,
  };
}

export function milestoneSummaries(programme: Programme, participants: Participant[], records: MilestoneProgress[], now: Date) {
  return programme.milestones.map((milestone) => {
    const figures = progressFigures([milestone], participants, records, now);
    return { id: milestone.id, title: milestone.title, kind: milestone.kind, dueAt: milestone.dueAt, ...figures };
  });
}
