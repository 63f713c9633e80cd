/**
 * DynamoDB stores of progress, learning groups and the exports' reads. Every read is a Query on a
 * partition that belongs to the participant, the unit or the programme: its cost grows with them,
 * not the table.
 */
import {
  DeleteCommand,
  GetCommand,
  QueryCommand,
  TransactWriteCommand,
  type DynamoDBDocumentClient,
  type QueryCommandInput,
} from '@aws-sdk/lib-dynamodb';
import * as keys from '#adapters/dynamodb/entities';
import { auditItem } from '#adapters/dynamodb/items';
import { cancellationCodes, cancelledItemExisted, decodeCursor, partitionQuery, queryAll, queryPartition, withoutKeys } from '#adapters/dynamodb/operations';
import { encodeCursor } from '#core/cursor';
import type { Application } from '#model/application';
import type { AuditEntry } from '#model/audit';
import type { Participant } from '#model/participant';
import { alreadyInGroup, concurrentChange, groupChanged, participantLeft, participantNotFound, validationFailed } from '#core/errors';
import type { ExportStore, Page, Scope } from '#model/exports';
import type { GroupStore, LearningGroup } from '#model/group';
import type { MilestoneProgress, ProgressStore } from '#model/progress';
import { memberHasLeft, memberInAnotherGroup, memberNotInProgramme } from '#text/sv';

export class DynamoProgressStore implements ProgressStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async participantProgress(participantId: string) {
    return queryPartition<MilestoneProgress>(this.db, this.tableName, keys.participantProgress(participantId), { ConsistentRead: true });
  }

  unitProgress(programmeId: string, unitId: string) {
    return queryPartition<MilestoneProgress>(this.db, this.tableName, keys.unitProgress(programmeId, unitId));
  }

  programmeProgress(programmeId: string) {
    return queryPartition<MilestoneProgress>(this.db, this.tableName, keys.programmeProgress(programmeId));
  }

  unitParticipants(programmeId: string, unitId: string) {
    return queryPartition<Participant>(this.db, this.tableName, keys.unitParticipants(programmeId, unitId));
  }

  async setProgress(progress: MilestoneProgress, audit: AuditEntry) {
    try {
      await this.db.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              // A participant who left (or was erased) meanwhile: nothing is written.
              ConditionCheck: {
                TableName: this.tableName,
                Key: keys.participant(progress.participantId),
                ConditionExpression: 'attribute_exists(pk) AND #status = :active',
                ExpressionAttributeNames: { '#status': 'status' },
                ExpressionAttributeValues: { ':active': 'active' },
                ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
              },
            },
            {
              Put: {
                TableName: this.tableName,
                Item: {
                  ...keys.progress(progress.participantId, progress.milestoneId),
                  ...keys.progressIndexes(progress.programmeId, progress.unitId, progress.participantId, progress.milestoneId),
                  entity: keys.entity.progress,
                  ...progress,
                },
              },
            },
            { Put: { TableName: this.tableName, Item: auditItem(audit) } },
          ],
        }),
      );
    } catch (error) {
      const codes = cancellationCodes(error);
      if (codes?.[0] === 'ConditionalCheckFailed') {
        throw cancelledItemExisted(error, 0) ? participantLeft() : participantNotFound();
      }
      if (codes?.includes('TransactionConflict')) throw concurrentChange();
      throw error;
    }
  }

  async eraseRecords(participantId: string) {
    const records = await this.participantProgress(participantId);
    await Promise.all([
      ...records.map((entry) => this.db.send(new DeleteCommand({ TableName: this.tableName, Key: keys.progress(participantId, entry.milestoneId) }))),
      this.db.send(new DeleteCommand({ TableName: this.tableName, Key: keys.groupMembership(participantId) })),
    ]);
  }

}

/** Learning groups read: the progress overview's and the exports' lists, and a participant's own group. */
export class DynamoGroupReader implements Pick<GroupStore, 'groups' | 'getGroup' | 'groupOf'> {
  constructor(
    protected readonly db: DynamoDBDocumentClient,
    protected readonly tableName: string,
  ) {}

  async groups(programmeId: string) {
    const groups = await queryPartition<LearningGroup>(this.db, this.tableName, keys.programmeGroups(programmeId));
    return groups.sort((a, b) => a.name.localeCompare(b.name, 'sv'));
  }

  async groupOf(participantId: string) {
    const { Item } = await this.db.send(new GetCommand({ TableName: this.tableName, Key: keys.groupMembership(participantId), ConsistentRead: true }));
    return Item ? this.getGroup(String(Item.programmeId), String(Item.groupId)) : undefined;
  }

  async getGroup(programmeId: string, groupId: string) {
    const { Item } = await this.db.send(new GetCommand({ TableName: this.tableName, Key: keys.group(programmeId, groupId), ConsistentRead: true }));
    return Item ? withoutKeys<LearningGroup>(Item) : undefined;
  }
}

/** Learning groups and their memberships, for the groups' own function and erasure. */
export class DynamoGroupStore extends DynamoGroupReader implements GroupStore {
  async saveGroup(next: LearningGroup, previous: LearningGroup | undefined, audit: AuditEntry) {
    const added = next.memberIds.filter((id) => !previous?.memberIds.includes(id));
    const removed = (previous?.memberIds ?? []).filter((id) => !next.memberIds.includes(id));
    const transactItems = [
      {
        Put: {
          TableName: this.tableName,
          Item: { ...keys.group(next.programmeId, next.id), entity: keys.entity.group, ...next },
          ...(previous
            ? { ConditionExpression: 'version = :version', ExpressionAttributeValues: { ':version': previous.version } }
            : { ConditionExpression: 'attribute_not_exists(pk)' }),
        },
      },
      ...added.map((participantId) => ({
        Put: {
          TableName: this.tableName,
          Item: { ...keys.groupMembership(participantId), entity: keys.entity.groupMembership, programmeId: next.programmeId, groupId: next.id },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      })),
      ...removed.map((participantId) => ({
        Delete: {
          TableName: this.tableName,
          Key: keys.groupMembership(participantId),
          ConditionExpression: 'groupId = :group',
          ExpressionAttributeValues: { ':group': next.id },
        },
      })),
      { Put: { TableName: this.tableName, Item: auditItem(audit) } },
      // Someone added who was un-appointed, left or was erased since they were read: no membership
      // is claimed for a person who no longer takes part (their removal runs after that change).
      ...added.map((participantId) => ({
        ConditionCheck: {
          TableName: this.tableName,
          Key: keys.participant(participantId),
          ConditionExpression: 'attribute_exists(pk) AND #status = :active',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':active': 'active' },
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD' as const,
        },
      })),
    ];
    try {
      await this.db.send(new TransactWriteCommand({ TransactItems: transactItems }));
    } catch (error) {
      const codes = cancellationCodes(error);
      if (!codes) throw error;
      if (codes[0] === 'ConditionalCheckFailed') throw groupChanged();
      const fieldOf = (participantId: string) => `memberIds.${next.memberIds.indexOf(participantId)}`;
      const checksFrom = 2 + added.length + removed.length;
      const gone = added.flatMap((participantId, index) =>
        codes[checksFrom + index] === 'ConditionalCheckFailed' ? [[fieldOf(participantId), cancelledItemExisted(error, checksFrom + index) ? memberHasLeft : memberNotInProgramme]] : [],
      );
      if (gone.length > 0) throw validationFailed(Object.fromEntries(gone));
      const taken = added.flatMap((participantId, index) => (codes[1 + index] === 'ConditionalCheckFailed' ? [participantId] : []));
      if (taken.length > 0) throw alreadyInGroup(Object.fromEntries(taken.map((id) => [fieldOf(id), memberInAnotherGroup])));
      if (codes.some((code) => code === 'ConditionalCheckFailed' || code === 'TransactionConflict')) throw groupChanged();
      throw error;
    }
  }

  async deleteGroup(group: LearningGroup, audit: AuditEntry) {
    try {
      await this.db.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Delete: {
                TableName: this.tableName,
                Key: keys.group(group.programmeId, group.id),
                ConditionExpression: 'version = :version',
                ExpressionAttributeValues: { ':version': group.version },
              },
            },
            ...group.memberIds.map((participantId) => ({
              Delete: {
                TableName: this.tableName,
                Key: keys.groupMembership(participantId),
                ConditionExpression: 'attribute_not_exists(pk) OR groupId = :group',
                ExpressionAttributeValues: { ':group': group.id },
              },
            })),
            { Put: { TableName: this.tableName, Item: auditItem(audit) } },
          ],
        }),
      );
    } catch (error) {
      if (cancellationCodes(error)) throw groupChanged();
      throw error;
    }
  }
}

/** The exports' reads: pages of applications and participants, their progress, and the groups. */
export class DynamoExportStore extends DynamoGroupReader implements ExportStore {
  applicationsPage(scope: Scope, limit: number, cursor: string | undefined): Promise<Page<Application>> {
    const partition = scope.unitId ? keys.unitApplications(scope.programmeId, scope.unitId) : keys.programmeApplications(scope.programmeId);
    return this.page<Application>(partition, limit, cursor);
  }

  participantsPage(scope: Scope, limit: number, cursor: string | undefined): Promise<Page<Participant>> {
    const partition = scope.unitId ? keys.unitParticipants(scope.programmeId, scope.unitId) : keys.programmeParticipants(scope.programmeId);
    return this.page<Participant>(partition, limit, cursor);
  }

  async progressBetween(scope: Scope, first: Participant, last: Participant) {
    // Progress sorts like participants: by participant in a unit (gsi1), by unit and participant in a programme (gsi2).
    const position = (participant: Participant) => (scope.unitId ? participant.id : `${participant.unitId}#${participant.id}`);
    const partition = scope.unitId ? keys.unitProgress(scope.programmeId, scope.unitId) : keys.programmeProgress(scope.programmeId);
    const items = await queryAll(this.db, partitionQuery(this.tableName, partition, keys.between(`${position(first)}#`, `${position(last)}#\uffff`)));
    return items.map((item) => withoutKeys<MilestoneProgress>(item));
  }

  /** Exactly `limit` items (fewer at the end) from a partition of an index, across DynamoDB's pages. */
  private async page<T>(partition: keys.Partition, limit: number, cursor: string | undefined): Promise<Page<T>> {
    const items: T[] = [];
    let startKey = cursor ? decodeCursor(cursor) : undefined;
    do {
      const input: QueryCommandInput = { ...partitionQuery(this.tableName, partition), Limit: limit - items.length, ExclusiveStartKey: startKey };
      const result = await this.db.send(new QueryCommand(input));
      items.push(...(result.Items ?? []).map((item) => withoutKeys<T>(item)));
      startKey = result.LastEvaluatedKey;
    } while (startKey && items.length < limit);
    return { items, cursor: startKey ? encodeCursor(startKey) : undefined };
  }
}
