/** The caps on unsolicited mail, as two counters per address updated on condition in one transaction. */
import { TransactWriteCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import * as keys from '#adapters/dynamodb/entities';
import { cancellationCodes } from '#adapters/dynamodb/operations';
import type { MailCapSettings, UnsolicitedMailCap } from '#model/mailCap';
import { stockholmDate } from '#core/time';

/** Long enough that a counter outlives its interval and its day; then the table's TTL removes it. */
const keepSeconds = 2 * 86_400;

export class DynamoMailCap implements UnsolicitedMailCap {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly settings: MailCapSettings,
  ) {}

  async take(emailHash: string, programmeId: string, now: Date): Promise<boolean> {
    const since = new Date(now.getTime() - this.settings.perProgrammeMinutes * 60_000).toISOString();
    const expiresAt = Math.floor(now.getTime() / 1000) + keepSeconds;
    try {
      await this.db.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Update: {
                TableName: this.tableName,
                Key: keys.mailCapProgramme(emailHash, programmeId),
                UpdateExpression: 'SET lastAt = :now, expiresAt = :expiresAt, entity = :entity',
                ConditionExpression: 'attribute_not_exists(lastAt) OR lastAt <= :since',
                ExpressionAttributeValues: { ':now': now.toISOString(), ':since': since, ':expiresAt': expiresAt, ':entity': keys.entity.mailCap },
              },
            },
            {
              Update: {
                TableName: this.tableName,
                Key: keys.mailCapDay(emailHash, stockholmDate(now)),
                UpdateExpression: 'SET expiresAt = :expiresAt, entity = :entity ADD sent :one',
                ConditionExpression: 'attribute_not_exists(sent) OR sent < :max',
                ExpressionAttributeValues: { ':one': 1, ':max': this.settings.perDay, ':expiresAt': expiresAt, ':entity': keys.entity.mailCap },
              },
            },
          ],
        }),
      );
      return true;
    } catch (error) {
      // Over a cap, or another request taking the same place at the same moment: no mail.
      if (cancellationCodes(error)?.some((code) => code === 'ConditionalCheckFailed' || code === 'TransactionConflict')) return false;
      throw error;
    }
  }

  async recordReceipt(emailHash: string, programmeId: string, now: Date): Promise<void> {
    await this.db.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: keys.mailCapProgramme(emailHash, programmeId),
        UpdateExpression: 'SET lastAt = :now, expiresAt = :expiresAt, entity = :entity',
        ExpressionAttributeValues: { ':now': now.toISOString(), ':expiresAt': Math.floor(now.getTime() / 1000) + keepSeconds, ':entity': keys.entity.mailCap },
      }),
    );
  }
}
