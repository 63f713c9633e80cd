/**
 * Participants' progress through the programme's milestones (delmoment), and the figures the
 * administration and the heads follow the programme by. A milestone with no record is
 * `not_started`; a record says who set it and when. A participant sets their own (not `excused`:
 * that is their head's call), their head and administrators set any of the unit's. A participant
 * who has left is read-only: the store refuses the write unless the participant is still active.
 */
import * as z from 'zod/mini';
import { isHeadOf, requireUnitAccess, type Actor } from '#domain/access';
import { authorised, programmeOf, type ApplicationLookup, type ProgrammeReader } from '#domain/application';
import type { AuditEntry } from '#domain/audit';
import type { Participant, ParticipantReader, ParticipantsById } from '#domain/decisions';
import { forbidden, milestoneNotFound, participantLeft, participantNotFound } from '#domain/errors';
import { currentStep, type GroupStore, type LearningGroup } from '#domain/groups';
import type { Milestone, Programme } from '#domain/programme';

export const progressStatuses = ['not_started', 'in_progress', 'done', 'excused'] as const;
export type ProgressStatus = (typeof progressStatuses)[number];

/** `PUT …/milestones/{milestoneId}` */
export const progressSchema = /* @__PURE__ */ z.lazy(() => z.strictObject({ status: z.enum(progressStatuses) }));

/** Who set a participant's own progress, in the record and the audit trail. */
export const participantActor = 'deltagaren';

/**
 * What progress needs: the progress store, and reads of programmes, applications (the private
 * link), participants and learning groups. Readers only, so the progress function bundles none of
 * the other stores' writes.
 */
export interface ProgressDeps {
  programmes: ProgrammeReader;
  applications: ApplicationLookup;
  decisions: ParticipantReader & ParticipantsById;
  progress: ProgressStore;
  groups: Pick<GroupStore, 'groups' | 'groupOf'>;
}

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

function requireMilestone(programme: Programme, milestoneId: string): Milestone {
  const milestone = programme.milestones.find((candidate) => candidate.id === milestoneId);
  if (!milestone) throw milestoneNotFound();
  return milestone;
}

async function participantOf(deps: ProgressDeps, participantId: string): Promise<Participant> {
  const participant = await deps.decisions.getParticipant(participantId);
  if (!participant) throw participantNotFound();
  return participant;
}

async function record(
  deps: ProgressDeps,
  programme: Programme,
  participant: Participant,
  milestoneId: string,
  status: ProgressStatus,
  by: string,
  now: Date,
) {
  requireMilestone(programme, milestoneId);
  if (participant.status === 'left') throw participantLeft();
  const progress: MilestoneProgress = {
    participantId: participant.id,
    programmeId: programme.id,
    unitId: participant.unitId,
    milestoneId,
    status,
    at: now.toISOString(),
    by,
  };
  await deps.progress.setProgress(progress, {
    programmeId: programme.id,
    at: progress.at,
    by,
    action: 'progress.set',
    applicationId: participant.id,
    unitId: participant.unitId,
    changes: [{ field: `milestones.${milestoneId}`, to: status }],
  });
  return progressView(progress, programme, now);
}

/** `PUT /api/participants/{participantId}/milestones/{milestoneId}`: the head or an administrator. */
export async function setProgressAsStaff(
  deps: ProgressDeps,
  actor: Actor,
  participantId: string,
  milestoneId: string,
  status: ProgressStatus,
  now: Date,
) {
  const participant = await participantOf(deps, participantId);
  const programme = await programmeOf(deps, participant.programmeId);
  requireUnitAccess(actor, programme, participant.unitId);
  return record(deps, programme, participant, milestoneId, status, actor.email, now);
}

/** `PUT /api/applications/{applicationId}/milestones/{milestoneId}`: the participant, by the private link. */
export async function setOwnProgress(
  deps: ProgressDeps,
  applicationId: string,
  secret: string | undefined,
  milestoneId: string,
  status: ProgressStatus,
  now: Date,
) {
  await authorised(deps, applicationId, secret);
  const participant = await participantOf(deps, applicationId);
  // Excusing someone from a milestone is the head's decision, and an excuse is not undone by oneself.
  if (status === 'excused') throw forbidden();
  const current = (await deps.progress.participantProgress(participant.id)).find((entry) => entry.milestoneId === milestoneId);
  if (current?.status === 'excused') throw forbidden();
  return record(deps, await programmeOf(deps, participant.programmeId), participant, milestoneId, status, participantActor, now);
}

/** `GET /api/applications/{applicationId}/progress`: the participant's own milestones. */
export async function ownProgress(deps: ProgressDeps, applicationId: string, secret: string | undefined, now: Date) {
  await authorised(deps, applicationId, secret);
  const participant = await participantOf(deps, applicationId);
  const programme = await programmeOf(deps, participant.programmeId);
  const [records, group] = await Promise.all([deps.progress.participantProgress(participant.id), ownGroup(deps, programme, participant)]);
  return {
    participant: { id: participant.id, status: participant.status, unitId: participant.unitId },
    readOnly: participant.status === 'left',
    milestones: milestoneRows(programme, records, participant, now),
    group,
  };
}

/**
 * The participant's learning group as its members see it: who is in it (those who left not
 * listed, unless it is the person), who leads the talks, and where the group has come. Names and
 * units only: the members meet, their addresses are not theirs to have.
 */
async function ownGroup(deps: ProgressDeps, programme: Programme, participant: Participant) {
  const group = await deps.groups.groupOf(participant.id);
  if (!group) return null;
  const found = await deps.decisions.participantsById(group.memberIds);
  const members = group.memberIds.flatMap((id, index) => {
    const member = found[index];
    if (!member || (member.status !== 'active' && id !== participant.id)) return [];
    const unitName = programme.units.find((unit) => unit.id === member.unitId)?.name ?? member.unitId;
    return [{ name: member.name, unitName, facilitator: id === group.facilitatorId, you: id === participant.id }];
  });
  return { name: group.name, members, current: currentStep(group) };
}

/** Past its due date, and neither done nor excused. */
export function isOverdue(milestone: Milestone, status: ProgressStatus, now: Date): boolean {
  return Date.parse(milestone.dueAt) < now.getTime() && status !== 'done' && status !== 'excused';
}

function progressView(progress: MilestoneProgress, programme: Programme, now: Date) {
  const milestone = requireMilestone(programme, progress.milestoneId);
  return { ...progress, overdue: isOverdue(milestone, progress.status, now) };
}

/** Each milestone of the programme for one participant (`records` are theirs): its status, who set it, whether it is overdue. */
function milestoneRows(programme: Programme, records: MilestoneProgress[], participant: Participant, now: Date) {
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
function groupSummary(group: LearningGroup, participants: Map<string, Participant>, programme: Programme) {
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

function milestoneSummaries(programme: Programme, participants: Participant[], records: MilestoneProgress[], now: Date) {
  return programme.milestones.map((milestone) => {
    const figures = progressFigures([milestone], participants, records, now);
    return { id: milestone.id, title: milestone.title, kind: milestone.kind, dueAt: milestone.dueAt, ...figures };
  });
}

/** `GET /api/programmes/{programmeId}/progress`: every unit, the programme, the groups (admin). */
export async function programmeProgress(deps: ProgressDeps, actor: Actor, programmeId: string, now: Date) {
  if (!actor.isAdmin) throw forbidden();
  const programme = await programmeOf(deps, programmeId);
  const [participants, records, groups] = await Promise.all([
    deps.decisions.participants(programmeId),
    deps.progress.programmeProgress(programmeId),
    deps.groups.groups(programmeId),
  ]);
  const byId = new Map(participants.map((participant) => [participant.id, participant]));
  return {
    programme: { id: programme.id, title: programme.title, period: programme.period },
    at: now.toISOString(),
    totals: progressFigures(programme.milestones, participants, records, now),
    milestones: milestoneSummaries(programme, participants, records, now),
    units: programme.units.map((unit) => {
      const members = participants.filter((participant) => participant.unitId === unit.id);
      return { id: unit.id, name: unit.name, kind: unit.kind, ...progressFigures(programme.milestones, members, records, now) };
    }),
    groups: groups.map((group) => groupSummary(group, byId, programme)),
  };
}

/** `GET /api/programmes/{programmeId}/units/{unitId}/progress`: one unit, person by person (its head, admins). */
export async function unitProgress(deps: ProgressDeps, actor: Actor, programmeId: string, unitId: string, now: Date) {
  const programme = await programmeOf(deps, programmeId);
  requireUnitAccess(actor, programme, unitId);
  const [participants, records, groups] = await Promise.all([
    deps.progress.unitParticipants(programmeId, unitId),
    deps.progress.unitProgress(programmeId, unitId),
    deps.groups.groups(programmeId),
  ]);
  const unit = programme.units.find((candidate) => candidate.id === unitId)!;
  const members = new Set(participants.map((participant) => participant.id));
  const touching = groups.filter((group) => group.memberIds.some((id) => members.has(id)));
  const groupOf = new Map(touching.flatMap((group) => group.memberIds.map((id) => [id, group] as const)));
  const recordsOf = new Map<string, MilestoneProgress[]>();
  for (const entry of records) {
    const theirs = recordsOf.get(entry.participantId);
    if (theirs) theirs.push(entry);
    else recordsOf.set(entry.participantId, [entry]);
  }
  const allParticipants = touching.length > 0 ? await deps.decisions.participants(programmeId) : participants;
  const byId = new Map(allParticipants.map((participant) => [participant.id, participant]));
  return {
    programme: { id: programme.id, title: programme.title, period: programme.period },
    unit: { id: unit.id, name: unit.name, kind: unit.kind, head: unit.head },
    at: now.toISOString(),
    isHead: isHeadOf(actor, programme, unitId),
    totals: progressFigures(programme.milestones, participants, records, now),
    milestones: milestoneSummaries(programme, participants, records, now),
    participants: participants.map((participant) => {
      const rows = milestoneRows(programme, recordsOf.get(participant.id) ?? [], participant, now);
      const group = groupOf.get(participant.id);
      return {
        id: participant.id,
        name: participant.name,
        role: participant.role,
        status: participant.status,
        since: participant.since,
        leftAt: participant.leftAt ?? null,
        group: group ? { id: group.id, name: group.name } : null,
        done: rows.filter((row) => row.status === 'done').length,
        overdue: rows.filter((row) => row.overdue).length,
        milestones: rows,
      };
    }),
    groups: touching.map((group) => groupSummary(group, byId, programme)),
  };
}
