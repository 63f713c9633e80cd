/**
 * Learning groups (lärgrupper): participants, possibly from several units, with a facilitator among
 * them, running numbered cycles of collegial learning. Each cycle goes through plan → try →
 * evaluate → implement, with a dated short note per phase; a phase is recorded only after the one
 * before it, and a cycle starts only when the previous one is implemented. A participant is in at
 * most one group per programme: a membership item per participant, written on condition in the
 * group's own transaction.
 */
import * as z from 'zod/mini';
import { forbidden } from '#core/errors';
import { isoDate } from '#core/formats';
import { type Actor, unitsHeadedBy } from '#model/access';
import type { AuditEntry } from '#model/audit';
import type { Participant } from '#model/participant';
import type { Programme } from '#model/programme';
import { cycleNumber } from '#text/sv';

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

export function headedUnitIds(actor: Actor, programme: Programme): Set<string> {
  return new Set(unitsHeadedBy(actor, programme).map((unit) => unit.id));
}

/** A head manages the groups all of whose members are in units they head; admins any group. */
export function requireGroupAccess(actor: Actor, programme: Programme, members: Participant[]): void {
  if (actor.isAdmin) return;
  const headed = headedUnitIds(actor, programme);
  if (headed.size === 0 || !members.every((member) => headed.has(member.unitId))) throw forbidden();
}

/** A head sees and notes the groups with at least one member from a unit they head. */
export function requireGroupView(actor: Actor, programme: Programme, members: Participant[]): void {
  if (actor.isAdmin) return;
  const headed = headedUnitIds(actor, programme);
  if (!members.some((member) => headed.has(member.unitId))) throw forbidden();
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
