/**
 * Participants' progress through the programme's milestones (delmoment), and the figures the
 * administration and the heads follow the programme by. A milestone with no record is
 * `not_started`; a record says who set it and when. A participant sets their own (not `excused`:
 * that is their head's call), their head and administrators set any of the unit's. A participant
 * who has left is read-only: the store refuses the write unless the participant is still active.
 */
import { forbidden, participantLeft, participantNotFound } from '#core/errors';
import { type Actor, isHeadOf, requireUnitAccess } from '#model/access';
import type { ApplicationLookup } from '#model/application';
import { type GroupStore, currentStep } from '#model/group';
import type { Participant, ParticipantReader, ParticipantsById } from '#model/participant';
import type { Programme, ProgrammeReader } from '#model/programme';
import { type MilestoneProgress, type ProgressStatus, type ProgressStore, groupSummary, milestoneRows, milestoneSummaries, participantActor, progressFigures, progressView, requireMilestone } from '#model/progress';
import { authorised, programmeOf } from '#usecases/lookups';

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
