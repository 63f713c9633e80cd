/**
 * Learning groups (lärgrupper): participants, possibly from several units, with a facilitator among
 * them, running numbered cycles of collegial learning. Each cycle goes through plan → try →
 * evaluate → implement, with a dated short note per phase; a phase is recorded only after the one
 * before it, and a cycle starts only when the previous one is implemented. A participant is in at
 * most one group per programme: a membership item per participant, written on condition in the
 * group's own transaction.
 */
import * as z from 'zod/mini';
import { unitsHeadedBy, type Actor } from '#domain/access';
import { programmeOf, type ApplicationDeps, type ProgrammeReader } from '#domain/application';
import { ruleActor, type AuditEntry } from '#domain/audit';
import type { Participant, ParticipantReader, ParticipantsById } from '#domain/decisions';
import { forbidden, groupChanged, groupNotFound, phaseOutOfOrder, validationFailed } from '#domain/errors';
import { isoDate } from '#domain/formats';
import type { Programme } from '#domain/programme';
import { retryOn } from '#domain/retry';
import { cycleNumber, facilitatorNotMember, memberHasLeft, memberListedTwice, memberNotInProgramme, phaseDateBeforePrevious } from '#text/sv';

export const phases = ['plan', 'try', 'evaluate', 'implement'] as const;
export type Phase = (typeof phases)[number];

/** At most this many in a group: a group and its memberships are written in one transaction. */
export const maxGroupSize = 30;

const participantId = () => z.string().check(z.minLength(1), z.maxLength(64));

const groupFields = () => ({
  name: z.string().check(z.trim(), z.minLength(1), z.maxLength(120)),
  facilitatorId: participantId(),
  memberIds: z.array(participantId()).check(z.minLength(2), z.maxLength(maxGroupSize)),
});

/** `POST /api/programmes/{programmeId}/groups` */
export const groupSchema = /* @__PURE__ */ z.lazy(() => z.strictObject(groupFields()));

/** `PUT /api/programmes/{programmeId}/groups/{groupId}`: the whole group, and the version it was read at. */
export const groupUpdateSchema = /* @__PURE__ */ z.lazy(() => z.strictObject({ ...groupFields(), version: z.int().check(z.gte(1)) }));

/** `PUT …/groups/{groupId}/cycles/{cycle}/phases/{phase}` */
export const phaseNoteSchema = /* @__PURE__ */ z.lazy(() =>
  z.strictObject({
    date: isoDate(),
    note: z.string().check(z.trim(), z.minLength(1), z.maxLength(500)),
  }),
);

export const phasePathSchema = /* @__PURE__ */ z.lazy(() =>
  z.object({
    cycle: z
      .pipe(
        z.string().check(z.regex(/^\d{1,3}$/, cycleNumber)),
        z.transform((value: string) => Number(value)),
      )
      .check(z.gte(1), z.lte(100)),
    phase: z.enum(phases),
  }),
);

export interface PhaseNote {
  /** the day the phase was carried out, YYYY-MM-DD */
  date: string;
  note: string;
  at: string;
  by: string;
}

export interface Cycle {
  number: number;
  phases: Partial<Record<Phase, PhaseNote>>;
}

export interface LearningGroup {
  id: string;
  programmeId: string;
  name: string;
  facilitatorId: string;
  memberIds: string[];
  cycles: Cycle[];
  version: number;
  createdAt: string;
  createdBy: string;
  updatedAt: string;
}

/** What learning groups need: their store, and reads of programmes and participants. */
export interface GroupDeps extends Pick<ApplicationDeps, 'ids'> {
  programmes: ProgrammeReader;
  decisions: Pick<ParticipantReader, 'participants'> & ParticipantsById;
  groups: GroupStore;
}

export interface GroupStore {
  /** a programme's groups (Query on the programme's partition) */
  groups(programmeId: string): Promise<LearningGroup[]>;
  getGroup(programmeId: string, groupId: string): Promise<LearningGroup | undefined>;
  /** the group a participant is in, by their membership item */
  groupOf(participantId: string): Promise<LearningGroup | undefined>;
  /**
   * Put the group, on its previous version (none for a new group); claim the memberships of
   * members added, on condition that they are active participants, and release those of members
   * removed, in one transaction. Fails with ALREADY_IN_GROUP, VALIDATION_FAILED (a member added no
   * longer takes part; fields name the member) or GROUP_CHANGED.
   */
  saveGroup(next: LearningGroup, previous: LearningGroup | undefined, audit: AuditEntry): Promise<void>;
  deleteGroup(group: LearningGroup, audit: AuditEntry): Promise<void>;
}

/** The group's current cycle and phase: the last phase recorded, or null before the first. */
export function currentStep(group: Pick<LearningGroup, 'cycles'>): { cycle: number; phase: Phase; date: string } | null {
  const cycle = group.cycles.at(-1);
  if (!cycle) return null;
  const phase = [...phases].reverse().find((candidate) => cycle.phases[candidate]);
  return phase ? { cycle: cycle.number, phase, date: cycle.phases[phase]!.date } : null;
}

function headedUnitIds(actor: Actor, programme: Programme): Set<string> {
  return new Set(unitsHeadedBy(actor, programme).map((unit) => unit.id));
}

/** A head manages the groups all of whose members are in units they head; admins any group. */
function requireGroupAccess(actor: Actor, programme: Programme, members: Participant[]): void {
  if (actor.isAdmin) return;
  const headed = headedUnitIds(actor, programme);
  if (headed.size === 0 || !members.every((member) => headed.has(member.unitId))) throw forbidden();
}

/** A head sees and notes the groups with at least one member from a unit they head. */
function requireGroupView(actor: Actor, programme: Programme, members: Participant[]): void {
  if (actor.isAdmin) return;
  const headed = headedUnitIds(actor, programme);
  if (!members.some((member) => headed.has(member.unitId))) throw forbidden();
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

export function groupView(group: LearningGroup, participants: Participant[]) {
  const byId = new Map(participants.map((participant) => [participant.id, participant]));
  return {
    ...group,
    members: group.memberIds.map((id) => {
      const member = byId.get(id);
      return { id, name: member?.name ?? null, unitId: member?.unitId ?? null, status: member?.status ?? null };
    }),
    current: currentStep(group),
  };
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
