/**
 * Learning groups (lärgrupper): participants, possibly from several units, with a facilitator among
 * them, running numbered cycles of collegial learning. Each cycle goes through plan → try →
 * evaluate → implement, with a dated short note per phase; a phase is recorded only after the one
 * before it, and a cycle starts only when the previous one is implemented. A participant is in at
 * most one group per programme: a membership item per participant, written on condition in the
 * group's own transaction.
 */
import * as z from 'zod/mini';
import { forbidden, groupChanged, groupNotFound, phaseOutOfOrder, validationFailed } from '#core/errors';
import { retryOn } from '#core/retry';
import type { Actor } from '#model/access';
import { type AuditEntry, ruleActor } from '#model/audit';
import { type GroupStore, type LearningGroup, groupSchema, groupUpdateSchema, groupView, headedUnitIds, phaseNoteSchema, phasePathSchema, phases, requireGroupAccess, requireGroupView } from '#model/group';
import type { Participant, ParticipantReader, ParticipantsById } from '#model/participant';
import type { ProgrammeReader } from '#model/programme';
import { facilitatorNotMember, memberHasLeft, memberListedTwice, memberNotInProgramme, phaseDateBeforePrevious } from '#text/sv';
import type { ApplicationDeps } from '#usecases/applications/apply';
import { programmeOf } from '#usecases/lookups';

/** What learning groups need: their store, and reads of programmes and participants. */
export interface GroupDeps extends Pick<ApplicationDeps, 'ids'> {
  programmes: ProgrammeReader;
  decisions: Pick<ParticipantReader, 'participants'> & ParticipantsById;
  groups: GroupStore;
}

async function membersOf(deps: GroupDeps, programmeId: string, ids: string[]): Promise<Participant[]> {
  const found = await deps.decisions.participantsById(ids);
  return found.filter((participant): participant is Participant => participant?.programmeId === programmeId);
}

/** Members must be distinct, active participants of the programme, the facilitator one of them. */
async function validMembers(deps: GroupDeps, programmeId: string, input: z.output<typeof groupSchema>): Promise<Participant[]> {
  const fields: Record<string, string> = {};
  const seen = new Set<string>();
  const found = await deps.decisions.participantsById(input.memberIds);
  input.memberIds.forEach((id, index) => {
    const participant = found[index];
    if (seen.has(id)) fields[`memberIds.${index}`] = memberListedTwice;
    else if (!participant || participant.programmeId !== programmeId) fields[`memberIds.${index}`] = memberNotInProgramme;
    else if (participant.status === 'left') fields[`memberIds.${index}`] = memberHasLeft;
    seen.add(id);
  });
  if (!seen.has(input.facilitatorId)) fields.facilitatorId = facilitatorNotMember;
  if (Object.keys(fields).length > 0) throw validationFailed(fields);
  return found as Participant[];
}

function audit(group: LearningGroup, by: string, action: AuditEntry['action'], now: Date, changes: AuditEntry['changes']): AuditEntry {
  return { programmeId: group.programmeId, at: now.toISOString(), by, action, changes: [{ field: `groups.${group.id}`, to: group.name }, ...changes] };
}

export async function createGroup(deps: GroupDeps, actor: Actor, programmeId: string, input: z.output<typeof groupSchema>, now: Date) {
  const programme = await programmeOf(deps, programmeId);
  const members = await validMembers(deps, programmeId, input);
  requireGroupAccess(actor, programme, members);
  const at = now.toISOString();
  const group: LearningGroup = {
    id: deps.ids.newId(),
    programmeId,
    name: input.name,
    facilitatorId: input.facilitatorId,
    memberIds: input.memberIds,
    cycles: [],
    version: 1,
    createdAt: at,
    createdBy: actor.email,
    updatedAt: at,
  };
  await deps.groups.saveGroup(group, undefined, audit(group, actor.email, 'group.created', now, [{ field: 'members', to: group.memberIds.length }]));
  return groupView(group, members);
}

async function existingGroup(deps: GroupDeps, programmeId: string, groupId: string) {
  const programme = await programmeOf(deps, programmeId);
  const group = await deps.groups.getGroup(programmeId, groupId);
  if (!group) throw groupNotFound();
  return { programme, group, members: await membersOf(deps, programmeId, group.memberIds) };
}

export async function listGroups(deps: GroupDeps, actor: Actor, programmeId: string) {
  const programme = await programmeOf(deps, programmeId);
  const headed = headedUnitIds(actor, programme);
  if (!actor.isAdmin && headed.size === 0) throw forbidden();
  const [groups, participants] = await Promise.all([deps.groups.groups(programmeId), deps.decisions.participants(programmeId)]);
  const unitOf = new Map(participants.map((participant) => [participant.id, participant.unitId]));
  const visible = actor.isAdmin ? groups : groups.filter((group) => group.memberIds.some((id) => headed.has(unitOf.get(id) ?? '')));
  return visible.map((group) => groupView(group, participants));
}

export async function getGroup(deps: GroupDeps, actor: Actor, programmeId: string, groupId: string) {
  const { programme, group, members } = await existingGroup(deps, programmeId, groupId);
  requireGroupView(actor, programme, members);
  return groupView(group, members);
}

export async function updateGroup(
  deps: GroupDeps,
  actor: Actor,
  programmeId: string,
  groupId: string,
  input: z.output<typeof groupUpdateSchema>,
  now: Date,
) {
  const { programme, group, members: before } = await existingGroup(deps, programmeId, groupId);
  requireGroupAccess(actor, programme, before);
  if (group.version !== input.version) throw groupChanged();
  const after = await validMembers(deps, programmeId, input);
  requireGroupAccess(actor, programme, after);
  const next: LearningGroup = {
    ...group,
    name: input.name,
    facilitatorId: input.facilitatorId,
    memberIds: input.memberIds,
    version: group.version + 1,
    updatedAt: now.toISOString(),
  };
  const added = next.memberIds.filter((id) => !group.memberIds.includes(id)).length;
  const removed = group.memberIds.filter((id) => !next.memberIds.includes(id)).length;
  await deps.groups.saveGroup(next, group, audit(next, actor.email, 'group.changed', now, [{ field: 'members', from: group.memberIds.length, to: next.memberIds.length }, ...(added || removed ? [{ field: 'members.changed', to: { added, removed } }] : [])]));
  return groupView(next, after);
}

export async function deleteGroup(deps: GroupDeps, actor: Actor, programmeId: string, groupId: string, now: Date) {
  const { programme, group, members } = await existingGroup(deps, programmeId, groupId);
  requireGroupAccess(actor, programme, members);
  await deps.groups.deleteGroup(group, audit(group, actor.email, 'group.deleted', now, []));
}

/** Record (or correct) the note of one phase of one cycle, in order. */
export async function notePhase(
  deps: GroupDeps,
  actor: Actor,
  programmeId: string,
  groupId: string,
  path: z.output<typeof phasePathSchema>,
  input: z.output<typeof phaseNoteSchema>,
  now: Date,
) {
  const { programme, group, members } = await existingGroup(deps, programmeId, groupId);
  requireGroupView(actor, programme, members);
  const cycles = group.cycles.map((cycle) => ({ ...cycle, phases: { ...cycle.phases } }));
  let cycle = cycles.find((candidate) => candidate.number === path.cycle);
  if (!cycle) {
    const last = cycles.at(-1);
    const nextNumber = (last?.number ?? 0) + 1;
    if (path.cycle !== nextNumber || (last && !last.phases.implement)) throw phaseOutOfOrder();
    cycle = { number: path.cycle, phases: {} };
    cycles.push(cycle);
  }
  const index = phases.indexOf(path.phase);
  if (index > 0 && !cycle.phases[phases[index - 1]!]) throw phaseOutOfOrder();
  const previousDate = index > 0 ? cycle.phases[phases[index - 1]!]!.date : undefined;
  if (previousDate && input.date < previousDate) {
    throw validationFailed({ date: phaseDateBeforePrevious });
  }
  cycle.phases[path.phase] = { date: input.date, note: input.note, at: now.toISOString(), by: actor.email };
  const next: LearningGroup = { ...group, cycles, version: group.version + 1, updatedAt: now.toISOString() };
  await deps.groups.saveGroup(next, group, audit(next, actor.email, 'group.phase', now, [{ field: `cycles.${path.cycle}.${path.phase}`, to: input.date }]));
  return groupView(next, members);
}

/**
 * The participant leaves their group (a facilitator's role passes to the next member), so that no
 * group names someone who no longer takes part: on erasure, and when an appointment is undone
 * before the start. A group changed meanwhile is read again.
 */
export function removeFromGroup(deps: Pick<GroupDeps, 'groups'>, participantId: string, now: Date) {
  return retryOn('GROUP_CHANGED', async () => {
    const group = await deps.groups.groupOf(participantId);
    if (!group) return;
    const memberIds = group.memberIds.filter((id) => id !== participantId);
    const next: LearningGroup = {
      ...group,
      memberIds,
      facilitatorId: group.facilitatorId === participantId ? (memberIds[0] ?? '') : group.facilitatorId,
      version: group.version + 1,
      updatedAt: now.toISOString(),
    };
    await deps.groups.saveGroup(next, group, audit(next, ruleActor, 'group.changed', now, [{ field: 'members', from: group.memberIds.length, to: memberIds.length }]));
  });
}
