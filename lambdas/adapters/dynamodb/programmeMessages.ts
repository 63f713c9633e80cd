/** Messages to a programme's people in DynamoDB: under their programme, queued with their due item and audit entry. */
import { GetCommand, TransactWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import * as keys from '#adapters/dynamodb/entities';
import { auditItem, scheduleWrites } from '#adapters/dynamodb/items';
import { failedConditions, queryPartition, withoutKeys } from '#adapters/dynamodb/operations';
import type { AuditEntry } from '#model/audit';
import { type ProgrammeMessage, type ProgrammeMessageStore, messageScheduleKey } from '#model/programmeMessage';

export class DynamoProgrammeMessageStore implements ProgrammeMessageStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async queue(message: ProgrammeMessage, audit: AuditEntry) {
    const due = { key: messageScheduleKey(message.id), kind: 'message' as const, ref: message.id, dueAt: message.queuedAt };
    try {
      await this.db.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: this.tableName,
                Item: { ...keys.programmeMessage(message.programmeId, message.id), entity: keys.entity.programmeMessage, ...message },
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
            // Due now: the next notification run sends it (within a minute), in its time budget.
            ...scheduleWrites(this.tableName, message.programmeId, { arm: [due], remove: [] }),
            { Put: { TableName: this.tableName, Item: auditItem(audit) } },
          ],
        }),
      );
      return 'queued' as const;
    } catch (error) {
      // The same message again (a second click, a retried request): it is queued once.
      if (failedConditions(error)?.[0]) return 'exists' as const;
      throw error;
    }
  }

  async get(programmeId: string, messageId: string) {
    const { Item } = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: keys.programmeMessage(programmeId, messageId), ConsistentRead: true }),
    );
    return Item ? withoutKeys<ProgrammeMessage>(Item) : undefined;
  }

  async list(programmeId: string) {
    const messages = await queryPartition<ProgrammeMessage>(this.db, this.tableName, keys.programmeMessages(programmeId));
    return messages.sort((a, b) => b.queuedAt.localeCompare(a.queuedAt));
  }

  async markSent(message: ProgrammeMessage, outcome: { delivered: number; notDelivered: number }, at: Date, audit: AuditEntry) {
    try {
      await this.db.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Update: {
                TableName: this.tableName,
                Key: keys.programmeMessage(message.programmeId, message.id),
                UpdateExpression: 'SET #status = :sent, sentAt = :at, delivered = :delivered, notDelivered = :notDelivered',
                ConditionExpression: '#status = :queued',
                ExpressionAttributeNames: { '#status': 'status' },
                ExpressionAttributeValues: { ':sent': 'sent', ':queued': 'queued', ':at': at.toISOString(), ':delivered': outcome.delivered, ':notDelivered': outcome.notDelivered },
              },
            },
            { Put: { TableName: this.tableName, Item: auditItem(audit) } },
          ],
        }),
      );
    } catch (error) {
      // Another run marked it first: once is enough.
      if (!failedConditions(error)?.[0]) throw error;
    }
  }
}

