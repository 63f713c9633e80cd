/**
 * DynamoDB implementations of the domain's stores. Uniqueness and "no lost update" are database
 * conditions and transactions, never read-then-write.
 */
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';
import { keys } from '#adapters/table';
import type { Application, ApplicationPage, ApplicationStore, ProgrammeStore } from '#domain/application';
import { DomainError } from '#domain/errors';
import type { Programme } from '#domain/programme';

const keyNames = ['pk', 'sk', 'gsi1pk', 'gsi1sk', 'gsi2pk', 'gsi2sk', 'gsi3pk', 'gsi3sk', 'entity'];

function withoutKeys<T>(item: Record<string, unknown>): T {
  const copy = { ...item };
  for (const name of keyNames) delete copy[name];
  return copy as T;
}

function isConditionFailure(error: unknown): boolean {
  return (error as { name?: string })?.name === 'ConditionalCheckFailedException';
}

/** Which items of a cancelled transaction failed their condition, by position. */
function failedConditions(error: unknown): boolean[] | undefined {
  if (!(error instanceof TransactionCanceledException) && (error as { name?: string })?.name !== 'TransactionCanceledException') {
    return undefined;
  }
  const reasons = (error as TransactionCanceledException).CancellationReasons ?? [];
  return reasons.map((reason) => reason.Code === 'ConditionalCheckFailed');
}

export class DynamoProgrammeStore implements ProgrammeStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  private item(programme: Programme) {
    return {
      ...keys.programme(programme.id),
      ...keys.programmeListing(new Date(programme.window.closesAt).toISOString(), programme.id),
      entity: 'Programme',
      ...programme,
    };
  }

  async get(programmeId: string) {
    const { Item } = await this.db.send(new GetCommand({ TableName: this.tableName, Key: keys.programme(programmeId) }));
    return Item ? withoutKeys<Programme>(Item) : undefined;
  }

  async create(programme: Programme) {
    try {
      await this.db.send(
        new PutCommand({ TableName: this.tableName, Item: this.item(programme), ConditionExpression: 'attribute_not_exists(pk)' }),
      );
    } catch (error) {
      if (isConditionFailure(error)) throw new DomainError('PROGRAMME_EXISTS');
      throw error;
    }
  }

  async replace(programme: Programme, expectedVersion: number) {
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: this.item(programme),
          ConditionExpression: 'version = :expected',
          ExpressionAttributeValues: { ':expected': expectedVersion },
        }),
      );
    } catch (error) {
      if (isConditionFailure(error)) throw new DomainError('PROGRAMME_CHANGED');
      throw error;
    }
  }

  async listOpenAndUpcoming(now: Date) {
    const programmes: Programme[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await this.db.send(
        new QueryCommand({
          TableName: this.tableName,
          IndexName: 'gsi1',
          KeyConditionExpression: 'gsi1pk = :listing AND gsi1sk > :now',
          ExpressionAttributeValues: { ':listing': keys.programmeListingPartition, ':now': now.toISOString() },
          ExclusiveStartKey: startKey,
        }),
      );
      programmes.push(...(page.Items ?? []).map((item) => withoutKeys<Programme>(item)));
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return programmes;
  }
}

export class DynamoApplicationStore implements ApplicationStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  private item(application: Application) {
    return {
      ...keys.application(application.id),
      ...keys.applicationIndexes(application.programmeId, application.unitId, application.createdAt, application.id),
      entity: 'Application',
      ...application,
    };
  }

  private guard(programmeId: string, emailHash: string, applicationId: string) {
    return { ...keys.applicantEmailGuard(programmeId, emailHash), entity: 'ApplicantEmail', applicationId };
  }

  async create(application: Application, emailHash: string) {
    try {
      await this.db.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: this.tableName,
                Item: this.guard(application.programmeId, emailHash, application.id),
                ConditionExpression: 'attribute_not_exists(pk)',
                ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
              },
            },
            { Put: { TableName: this.tableName, Item: this.item(application), ConditionExpression: 'attribute_not_exists(pk)' } },
          ],
        }),
      );
      return { created: true as const };
    } catch (error) {
      const failed = failedConditions(error);
      if (failed?.[0]) {
        const { Item } = await this.db.send(
          new GetCommand({ TableName: this.tableName, Key: keys.applicantEmailGuard(application.programmeId, emailHash), ConsistentRead: true }),
        );
        if (Item) return { created: false as const, duplicateOf: String(Item.applicationId) };
      }
      throw error;
    }
  }

  async get(applicationId: string) {
    const { Item } = await this.db.send(new GetCommand({ TableName: this.tableName, Key: keys.application(applicationId), ConsistentRead: true }));
    return Item ? withoutKeys<Application>(Item) : undefined;
  }

  async replaceSecret(applicationId: string, secretHash: string) {
    await this.db.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: keys.application(applicationId),
        UpdateExpression: 'SET secretHash = :hash',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeValues: { ':hash': secretHash },
      }),
    );
  }

  /** Store the application, on condition that it exists and is not withdrawn. */
  private putSubmitted(next: Application) {
    return {
      TableName: this.tableName,
      Item: this.item(next),
      ConditionExpression: 'attribute_exists(pk) AND #status = :submitted',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':submitted': 'submitted' },
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
                Item: this.guard(next.programmeId, emailGuard.to, next.id),
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
            { Delete: this.deleteGuard(next.programmeId, emailGuard.from, next.id) },
          ],
        }),
      );
    } catch (error) {
      if (isConditionFailure(error)) throw new DomainError('APPLICATION_WITHDRAWN');
      const failed = failedConditions(error);
      if (failed?.[1]) throw new DomainError('EMAIL_IN_USE', { email: 'Det finns redan en ansökan med den e-postadressen.' });
      if (failed?.[0]) throw new DomainError('APPLICATION_WITHDRAWN');
      throw error;
    }
  }

  async withdraw(next: Application, emailHash: string) {
    try {
      await this.db.send(
        new TransactWriteCommand({
          TransactItems: [{ Put: this.putSubmitted(next) }, { Delete: this.deleteGuard(next.programmeId, emailHash, next.id) }],
        }),
      );
    } catch (error) {
      if (failedConditions(error)?.some(Boolean)) throw new DomainError('APPLICATION_WITHDRAWN');
      throw error;
    }
  }

  async listByProgramme(programmeId: string, limit: number, cursor?: string): Promise<ApplicationPage> {
    const page = await this.db
      .send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: 'gsi2',
        KeyConditionExpression: 'gsi2pk = :programme',
        ExpressionAttributeValues: { ':programme': keys.programmeApplicationsPartition(programmeId) },
        Limit: limit,
        ...(cursor ? { ExclusiveStartKey: decodeCursor(cursor) } : {}),
      }),
    )
      .catch((error: unknown) => {
        // A starting key that does not belong to this query: the client changed the cursor.
        if (cursor && (error as { name?: string })?.name === 'ValidationException') throw invalidCursor();
        throw error;
      });
    return {
      items: (page.Items ?? []).map((item) => withoutKeys<Application>(item)),
      cursor: page.LastEvaluatedKey ? encodeCursor(page.LastEvaluatedKey) : undefined,
    };
  }

  async unitHasApplications(programmeId: string, unitId: string) {
    const page = await this.db.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :unit',
        ExpressionAttributeValues: { ':unit': keys.unitApplicationsPartition(programmeId, unitId) },
        Limit: 1,
        Select: 'COUNT',
      }),
    );
    return (page.Count ?? 0) > 0;
  }
}

export function encodeCursor(key: Record<string, unknown>): string {
  return Buffer.from(JSON.stringify(key), 'utf8').toString('base64url');
}

/** A cursor the client changed is a bad request, not a server error. */
export function decodeCursor(cursor: string): Record<string, unknown> {
  try {
    const key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (key && typeof key === 'object' && !Array.isArray(key)) return key;
  } catch {
    // fall through
  }
  throw invalidCursor();
}

function invalidCursor(): DomainError {
  return new DomainError('VALIDATION_FAILED', { cursor: 'Ogiltig sidmarkör.' });
}
