/**
 * Applications in DynamoDB. Uniqueness and "no lost update" are database conditions and
 * transactions, never read-then-write.
 */
import * as keys from '#adapters/dynamodb/entities';
import { applicationItem, emailGuardItem, revisionCondition } from '#adapters/dynamodb/items';
import { batchGetAll, failedConditions, isConditionFailure, itemKeyId, partitionQuery, queryPage, withoutKeys } from '#adapters/dynamodb/operations';
import { applicationWithdrawn, concurrentChange, emailInUse } from '#core/errors';
import type { Application, ApplicationLookup, ApplicationPage, ApplicationReader, ApplicationStore, AppliedCheck } from '#model/application';
import { emailAlreadyApplied } from '#text/sv';
import { type DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';

/**
 * One application by its id. A class's methods are not tree-shaken, so the reader and the writer
 * below each extend this alone: applying bundles no lists, a participant's progress no writes.
 */
export class DynamoApplicationLookup implements ApplicationLookup {
  constructor(
    protected readonly db: DynamoDBDocumentClient,
    protected readonly tableName: string,
  ) {}

  async get(applicationId: string) {
    const { Item } = await this.db.send(new GetCommand({ TableName: this.tableName, Key: keys.application(applicationId), ConsistentRead: true }));
    return Item ? withoutKeys<Application>(Item) : undefined;
  }
}

/** Which watchers have applied, for the reminders: their e-mail guards, a hundred to a call. */
export class DynamoAppliedCheck implements AppliedCheck {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async appliedAmong(programmeId: string, emailHashes: string[]) {
    const guardKeys = emailHashes.map((hash) => keys.applicantEmailGuard(programmeId, hash));
    const hashByKey = new Map(guardKeys.map((key, index) => [itemKeyId(key), emailHashes[index]!]));
    const guards = await batchGetAll(this.db, this.tableName, guardKeys);
    return new Set(guards.map((guard) => hashByKey.get(itemKeyId(guard))!));
  }
}

/** Reading applications: a programme's list, and what a unit change asks. */
export class DynamoApplicationReader extends DynamoApplicationLookup implements ApplicationReader {
  listByProgramme(programmeId: string, limit: number, cursor?: string): Promise<ApplicationPage> {
    return queryPage<Application>(this.db, partitionQuery(this.tableName, keys.programmeApplications(programmeId)), limit, cursor);
  }

  unitHasApplications(programmeId: string, unitId: string) {
    return unitHasApplications(this.db, this.tableName, programmeId, unitId);
  }
}

/** Whether a unit has an application: a count of at most one. */
async function unitHasApplications(db: DynamoDBDocumentClient, tableName: string, programmeId: string, unitId: string) {
  const page = await db.send(
    new QueryCommand({ ...partitionQuery(tableName, keys.unitApplications(programmeId, unitId)), Limit: 1, Select: 'COUNT' }),
  );
  return (page.Count ?? 0) > 0;
}

/** All that changing a programme's units needs of its applications (the reader's other reads stay out). */
export function unitApplicationCheck(db: DynamoDBDocumentClient, tableName: string): Pick<ApplicationReader, 'unitHasApplications'> {
  return { unitHasApplications: (programmeId, unitId) => unitHasApplications(db, tableName, programmeId, unitId) };
}

export class DynamoApplicationStore extends DynamoApplicationLookup implements ApplicationStore {
  async create(application: Application, emailHash: string) {
    try {
      await this.db.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: this.tableName,
                Item: emailGuardItem(application.programmeId, emailHash, application.id),
                ConditionExpression: 'attribute_not_exists(pk)',
                ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
              },
            },
            { Put: { TableName: this.tableName, Item: applicationItem(application), ConditionExpression: 'attribute_not_exists(pk)' } },
          ],
        }),
      );
      return { created: true as const };
    } catch (error) {
      const failed = failedConditions(error);
      if (failed?.[0]) {
        const duplicateOf = await this.idForEmail(application.programmeId, emailHash);
        if (duplicateOf) return { created: false as const, duplicateOf };
      }
      throw error;
    }
  }

  async idForEmail(programmeId: string, emailHash: string) {
    const { Item } = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: keys.applicantEmailGuard(programmeId, emailHash), ConsistentRead: true }),
    );
    return Item ? String(Item.applicationId) : undefined;
  }

  async replaceSecret(applicationId: string, secretHash: string, at: string, notSince: string) {
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.application(applicationId),
          UpdateExpression: 'SET secretHash = :hash, linkMailedAt = :at ADD revision :one',
          ConditionExpression: 'attribute_exists(pk) AND (attribute_not_exists(linkMailedAt) OR linkMailedAt <= :notSince)',
          ExpressionAttributeValues: { ':hash': secretHash, ':at': at, ':notSince': notSince, ':one': 1 },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  /** Store the application, on condition that it is not withdrawn and nobody changed it meanwhile. */
  private putSubmitted(next: Application) {
    const revision = revisionCondition((next.revision ?? 1) - 1);
    return {
      TableName: this.tableName,
      Item: applicationItem(next),
      ConditionExpression: `${revision.ConditionExpression} AND #status = :submitted`,
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ...revision.ExpressionAttributeValues, ':submitted': 'submitted' },
    };
  }

  /** Release the e-mail guard, on condition that it still belongs to this application. */
  private deleteGuard(programmeId: string, emailHash: string, applicationId: string) {
    return {
      TableName: this.tableName,
      Key: keys.applicantEmailGuard(programmeId, emailHash),
      ConditionExpression: 'applicationId = :id',
      ExpressionAttributeValues: { ':id': applicationId },
    };
  }

  async update(next: Application, emailGuard?: { from: string; to: string }) {
    const putApplication = { Put: this.putSubmitted(next) };
    try {
      if (!emailGuard) {
        await this.db.send(new PutCommand(putApplication.Put));
        return;
      }
      await this.db.send(
        new TransactWriteCommand({
          TransactItems: [
            putApplication,
            {
              Put: {
                TableName: this.tableName,
                Item: emailGuardItem(next.programmeId, emailGuard.to, next.id),
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
            { Delete: this.deleteGuard(next.programmeId, emailGuard.from, next.id) },
          ],
        }),
      );
    } catch (error) {
      const failed = failedConditions(error);
      if (failed?.[1]) throw emailInUse({ email: emailAlreadyApplied });
      if (isConditionFailure(error) || failed?.[0]) {
        const stored = await this.get(next.id);
        throw stored?.status === 'withdrawn' ? applicationWithdrawn() : concurrentChange();
      }
      throw error;
    }
  }
}
