/** Items written by more than one store: an audit entry, an application and its e-mail guard, the schedule, a seat ceiling. */
import * as keys from '#adapters/dynamodb/entities';
import type { Application } from '#model/application';
import type { AuditEntry } from '#model/audit';
import type { SeatCeiling } from '#model/programme';
import type { ScheduleChanges } from '#model/schedule';
import { randomBytes } from 'node:crypto';

/**
 * Entries of the same millisecond keep the order this container wrote them in: a counter, then
 * randomness so that two containers never collide.
 */
let auditSequence = 0;

export function auditItem(entry: AuditEntry) {
  const entryId = `${(auditSequence++).toString(36).padStart(6, '0')}${randomBytes(4).toString('hex')}`;
  return { ...keys.auditEntry(entry.programmeId, entry.at, entryId), entity: keys.entity.audit, ...entry };
}

export function applicationItem(application: Application) {
  return {
    ...keys.application(application.id),
    ...keys.applicationIndexes(application.programmeId, application.unitId, application.createdAt, application.id),
    entity: keys.entity.application,
    ...application,
  };
}

export function emailGuardItem(programmeId: string, emailHash: string, applicationId: string) {
  return { ...keys.applicantEmailGuard(programmeId, emailHash), entity: keys.entity.applicantEmail, applicationId };
}

/**
 * The condition that an application is still at the revision a change was computed from
 * (applications stored before revisions existed count as revision 0).
 */
export function revisionCondition(previousRevision: number) {
  return {
    ConditionExpression:
      previousRevision === 0
        ? 'attribute_exists(pk) AND (attribute_not_exists(revision) OR revision = :revision)'
        : 'attribute_exists(pk) AND revision = :revision',
    ExpressionAttributeValues: { ':revision': previousRevision },
  };
}

/** Arm (put, pending, in the due index) and remove a programme's scheduled notifications. */
export function scheduleWrites(tableName: string, programmeId: string, changes: ScheduleChanges) {
  return [
    ...changes.arm.map((planned) => ({
      Put: {
        TableName: tableName,
        Item: {
          ...keys.notification(programmeId, planned.key),
          ...keys.notificationDue(programmeId, planned.key, planned.dueAt),
          entity: keys.entity.notification,
          programmeId,
          ...planned,
          status: 'pending',
        },
      },
    })),
    ...changes.remove.map((planned) => ({ Delete: { TableName: tableName, Key: keys.notification(programmeId, planned.key) } })),
  ];
}

/** The seat counter of `scope` must not be above `max` (no counter yet means 0 used). */
export function seatCeilingCheck(tableName: string, programmeId: string, ceiling: SeatCeiling) {
  return {
    ConditionCheck: {
      TableName: tableName,
      Key: keys.seatCounter(programmeId, ceiling.scope),
      ConditionExpression: 'attribute_not_exists(used) OR used <= :max',
      ExpressionAttributeValues: { ':max': ceiling.max },
    },
  };
}
