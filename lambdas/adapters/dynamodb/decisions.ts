/**
 * Decisions in DynamoDB: each transition (a decision, a promotion, a withdrawal, a registration,
 * an erasure) is one TransactWriteItems: the application on its revision, the e-mail guard, the
 * seat counters on their limits, the participant and the audit entry. Seat limits are conditions
 * on the counters, so the database, not a read before the write, keeps them.
 */
import { GetCommand, TransactWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import * as keys from '#adapters/dynamodb/entities';
import { pause } from '#adapters/pause';
import { applicationItem, auditItem, emailGuardItem, revisionCondition } from '#adapters/dynamodb/items';
import { batchGetAll, cancellationCodes, partitionQuery, queryAll, queryPage, queryPartition, withoutKeys } from '#adapters/dynamodb/operations';
import type { Application } from '#model/application';
import type { AuditEntry } from '#model/audit';
import type { Participant, ParticipantReader, ParticipantsById } from '#model/participant';
import type { AuditPage, DecisionStore, SeatsUsed, Transition, Transitions } from '#model/transition';
import { concurrentChange, emailInUse, noSeatsLeft, type DomainError } from '#core/errors';
import { seatLimits } from '#model/programme';
import { registeredEmailApplied } from '#text/sv';

type TransactItem = NonNullable<ConstructorParameters<typeof TransactWriteCommand>[0]['TransactItems']>[number];

/** What a failed item of the transaction means, by its role. */
type Role = 'programme' | 'application' | 'guardClaim' | 'guardRelease' | 'seats' | 'participant' | 'other';

function readParticipant(db: DynamoDBDocumentClient, tableName: string, participantId: string) {
  return db
    .send(new GetCommand({ TableName: tableName, Key: keys.participant(participantId), ConsistentRead: true }))
    .then(({ Item }) => (Item ? withoutKeys<Participant>(Item) : undefined));
}

function readParticipants(db: DynamoDBDocumentClient, tableName: string, programmeId: string) {
  return queryPartition<Participant>(db, tableName, keys.programmeParticipants(programmeId));
}

/** Reading participants; progress and learning groups do not bundle the decisions' writes below. */
export class DynamoParticipantReader implements ParticipantReader {
  constructor(
    protected readonly db: DynamoDBDocumentClient,
    protected readonly tableName: string,
  ) {}

  getParticipant(participantId: string) {
    return readParticipant(this.db, this.tableName, participantId);
  }

  participants(programmeId: string) {
    return readParticipants(this.db, this.tableName, programmeId);
  }
}

/** What a message's audience reads of the decisions, without the transitions' writes in the bundle. */
export function audienceReads(db: DynamoDBDocumentClient, tableName: string): Pick<ParticipantReader, 'participants'> & Pick<Transitions, 'programmeApplications'> {
  return {
    participants: (programmeId) => readParticipants(db, tableName, programmeId),
    programmeApplications: (programmeId) => queryPartition<Application>(db, tableName, keys.programmeApplications(programmeId)),
  };
}

/** A learning group's members (at most 30) in one BatchGetItem rather than a GetItem each. */
export class DynamoParticipantBatchReader extends DynamoParticipantReader implements ParticipantsById {
  constructor(
    db: DynamoDBDocumentClient,
    tableName: string,
    private readonly sleep: (ms: number) => Promise<void> = pause,
  ) {
    super(db, tableName);
  }

  async participantsById(participantIds: string[]) {
    const items = await batchGetAll(this.db, this.tableName, participantIds.map(keys.participant), this.sleep);
    const found = new Map(items.map((item) => withoutKeys<Participant>(item)).map((participant) => [participant.id, participant]));
    return participantIds.map((id) => found.get(id));
  }
}

/**
 * The transitions, and the applications a promotion chooses from: all that promoting a reserve
 * needs, so that a function which only promotes (more seats in a programme) bundles no more.
 */
export class DynamoTransitions implements Transitions {
  constructor(
    protected readonly db: DynamoDBDocumentClient,
    protected readonly tableName: string,
  ) {}

  unitApplications(programmeId: string, unitId: string) {
    return queryPartition<Application>(this.db, this.tableName, keys.unitApplications(programmeId, unitId));
  }

  programmeApplications(programmeId: string) {
    return queryPartition<Application>(this.db, this.tableName, keys.programmeApplications(programmeId));
  }

  async transition(change: Transition) {
    const items: TransactItem[] = [];
    const roles: Role[] = [];
    const add = (role: Role, item: TransactItem) => {
      items.push(item);
      roles.push(role);
    };
    const { programme } = change;

    if (change.seat?.delta === 1) {
      // The limits below come from this version of the programme.
      add('programme', {
        ConditionCheck: {
          TableName: this.tableName,
          Key: keys.programme(programme.id),
          ConditionExpression: 'version = :version',
          ExpressionAttributeValues: { ':version': programme.version },
        },
      });
    }
    if (change.application) {
      const { next, previousRevision, remove } = change.application;
      if (previousRevision === undefined) {
        add('application', { Put: { TableName: this.tableName, Item: applicationItem(next), ConditionExpression: 'attribute_not_exists(pk)' } });
      } else if (remove) {
        add('application', { Delete: { TableName: this.tableName, Key: keys.application(next.id), ...revisionCondition(previousRevision) } });
      } else {
        add('application', { Put: { TableName: this.tableName, Item: applicationItem(next), ...revisionCondition(previousRevision) } });
      }
    }
    const applicationId = change.application?.next.id;
    if (change.emailGuard && applicationId) {
      if ('claim' in change.emailGuard) {
        add('guardClaim', {
          Put: {
            TableName: this.tableName,
            Item: emailGuardItem(programme.id, change.emailGuard.claim, applicationId),
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        });
      } else {
        add('guardRelease', {
          Delete: {
            TableName: this.tableName,
            Key: keys.applicantEmailGuard(programme.id, change.emailGuard.release),
            ConditionExpression: 'applicationId = :id',
            ExpressionAttributeValues: { ':id': applicationId },
          },
        });
      }
    }
    if (change.seat) {
      const limits = seatLimits(programme);
      const { source, unitId, delta } = change.seat;
      const own = source === 'pool' ? { scope: 'pool' as const, limit: limits.pool } : { scope: { unitId }, limit: limits.unit(unitId) };
      for (const { scope, limit } of [own, { scope: 'programme' as const, limit: limits.programme }]) {
        if (delta === 1 && limit <= 0) throw noSeatsLeft();
        // A seat given back that was never counted is a bug, not a full unit: it fails as 'other'.
        add(delta === 1 ? 'seats' : 'other', {
          Update: {
            TableName: this.tableName,
            Key: keys.seatCounter(programme.id, scope),
            UpdateExpression: 'ADD used :delta SET entity = :entity',
            ConditionExpression: delta === 1 ? 'attribute_not_exists(used) OR used < :limit' : 'used >= :one',
            ExpressionAttributeValues: {
              ':delta': delta,
              ':entity': keys.entity.seatCounter,
              ...(delta === 1 ? { ':limit': limit } : { ':one': 1 }),
            },
          },
        });
      }
    }
    if (change.participant) {
      if ('put' in change.participant) {
        const { put: participant, whileStatus } = change.participant;
        add(whileStatus ? 'participant' : 'other', {
          Put: {
            TableName: this.tableName,
            Item: {
              ...keys.participant(participant.id),
              ...keys.participantIndexes(participant.programmeId, participant.unitId, participant.id),
              entity: keys.entity.participant,
              ...participant,
            },
            ...(whileStatus
              ? { ConditionExpression: '#status = :status', ExpressionAttributeNames: { '#status': 'status' }, ExpressionAttributeValues: { ':status': whileStatus } }
              : {}),
          },
        });
      } else {
        add('other', { Delete: { TableName: this.tableName, Key: keys.participant(change.participant.delete) } });
      }
    }
    add('other', { Put: { TableName: this.tableName, Item: auditItem(change.audit), ConditionExpression: 'attribute_not_exists(pk)' } });

    try {
      await this.db.send(new TransactWriteCommand({ TransactItems: items }));
    } catch (error) {
      throw meaningOf(error, roles) ?? error;
    }
  }
}

export class DynamoDecisionStore extends DynamoTransitions implements DecisionStore {
  getParticipant(participantId: string) {
    return readParticipant(this.db, this.tableName, participantId);
  }

  participants(programmeId: string) {
    return readParticipants(this.db, this.tableName, programmeId);
  }

  async seatsUsed(programmeId: string): Promise<SeatsUsed> {
    const items = await queryAll(this.db, { ...partitionQuery(this.tableName, keys.seatCounters(programmeId)), ConsistentRead: true });
    const used: SeatsUsed = { programme: 0, pool: 0, units: {} };
    for (const item of items) {
      const count = Number(item.used ?? 0);
      const sk = String(item.sk);
      if (sk === keys.seatCounter(programmeId, 'programme').sk) used.programme = count;
      else if (sk === keys.seatCounter(programmeId, 'pool').sk) used.pool = count;
      else {
        const unitId = keys.unitOfSeatCounter(sk);
        if (unitId) used.units[unitId] = count;
      }
    }
    return used;
  }

  /** Newest first. */
  auditLog(programmeId: string, limit: number, cursor?: string): Promise<AuditPage> {
    return queryPage<AuditEntry>(this.db, { ...partitionQuery(this.tableName, keys.audit(programmeId)), ScanIndexForward: false }, limit, cursor);
  }
}

/**
 * A stale read (the application or programme changed) is retried by the domain before anything
 * else is concluded; then a taken address, then full seats.
 */
function meaningOf(error: unknown, roles: Role[]): DomainError | undefined {
  const codes = cancellationCodes(error);
  if (!codes) {
    const name = (error as { name?: string })?.name ?? '';
    return /TransactionConflict|TransactionInProgress/.test(name) ? concurrentChange() : undefined;
  }
  const failed = (role: Role) => codes.some((code, index) => roles[index] === role && code === 'ConditionalCheckFailed');
  if (failed('programme') || failed('application') || failed('guardRelease') || failed('participant')) return concurrentChange();
  // Only an administrator's registration claims an address: the form shows this beside it.
  if (failed('guardClaim')) return emailInUse({ email: registeredEmailApplied });
  if (failed('seats')) return noSeatsLeft();
  if (codes.includes('TransactionConflict')) return concurrentChange();
  return undefined;
}
