/** An appointed person: the record the programme's progress is followed on. */
import * as z from 'zod/mini';
import { type Application, answerFields } from '#model/application';
import type { SeatSource } from '#model/decision';

/** `POST /api/programmes/{programmeId}/participants`: the answers, given by an administrator. */
export const registrationSchema = /* @__PURE__ */ z.lazy(() => z.strictObject(answerFields()));

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

/** Reading participants: what progress and learning groups need of the decisions. */
export interface ParticipantReader {
  getParticipant(participantId: string): Promise<Participant | undefined>;
  participants(programmeId: string): Promise<Participant[]>;
}

/** A learning group's members in one read, in the order asked; `undefined` where there is none. */
export interface ParticipantsById {
  participantsById(participantIds: string[]): Promise<(Participant | undefined)[]>;
}

export function participantOf(application: Application, seat: SeatSource, now: Date, registeredLate = false): Participant {
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
