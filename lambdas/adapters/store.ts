/**
 * DynamoDB implementations of the domain's stores. Uniqueness and "no lost update" are database
 * conditions and transactions, never read-then-write.
 */
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  BatchGetCommand,
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
  type DynamoDBDocumentClient,
  type QueryCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { randomBytes } from 'node:crypto';
import * as keys from '#adapters/keys';
import { pause } from '#adapters/pause';
import type { ItemKey } from '#adapters/table';
import type { AuditEntry } from '#domain/audit';
import type { ScheduleChanges } from '#domain/schedule';
import type {
  Application,
  ApplicationLookup,
  ApplicationPage,
  ApplicationReader,
  ApplicationStore,
  AppliedCheck,
  ProgrammeListing,
  ProgrammeReader,
  ProgrammeStore,
  SeatCeiling,
} from '#domain/application';
import {
  applicationWithdrawn,
  changeTooLarge,
  concurrentChange,
  emailInUse,
  programmeChanged,
  programmeExists,
  seatsBelowAppointed,
  validationFailed,
  type DomainError,
} from '#domain/errors';
import { encodeCursor, readCursor } from '#domain/cursor';
import type { Programme } from '#domain/programme';
import { emailAlreadyApplied, pageCursorInvalid } from '#text/sv';

const keyNames = ['pk', 'sk', 'gsi1pk', 'gsi1sk', 'gsi2pk', 'gsi2sk', 'gsi3pk', 'gsi3sk', 'entity'];

export function withoutKeys<T>(item: Record<string, unknown>): T {
  const copy = { ...item };
  for (const name of keyNames) delete copy[name];
  return copy as T;
}

export function isConditionFailure(error: unknown): boolean {
  return (error as { name?: string })?.name === 'ConditionalCheckFailedException';
}

/** Why each item of a cancelled transaction failed, by position (`None` for those that did not). */
export function cancellationCodes(error: unknown): string[] | undefined {
  if (!(error instanceof TransactionCanceledException) && (error as { name?: string })?.name !== 'TransactionCanceledException') {
    return undefined;
  }
  return ((error as TransactionCanceledException).CancellationReasons ?? []).map((reason) => reason.Code ?? 'None');
}

/** Whether the item at `index` of a cancelled transaction existed (its check returns ALL_OLD on failure). */
export function cancelledItemExisted(error: unknown, index: number): boolean {
  return Boolean((error as TransactionCanceledException).CancellationReasons?.[index]?.Item);
}

/** Which items of a cancelled transaction failed their condition, by position. */
export function failedConditions(error: unknown): boolean[] | undefined {
  return cancellationCodes(error)?.map((code) => code === 'ConditionalCheckFailed');
}

/**
 * Entries of the same millisecond keep the order this container wrote them in: a counter, then
 * randomness so that two containers never collide.
 */
let auditSequence = 0;
export function auditItem(entry: AuditEntry) {
  const entryId = `${(auditSequence++).toString(36).padStart(6, '0')}${randomBytes(4).toString('hex')}`;
  return { ...keys.auditEntry(entry.programmeId, entry.at, entryId), entity: 'Audit', ...entry };
}

export function applicationItem(application: Application) {
  return {
    ...keys.application(application.id),
    ...keys.applicationIndexes(application.programmeId, application.unitId, application.createdAt, application.id),
    entity: 'Application',
    ...application,
  };
}

export function emailGuardItem(programmeId: string, emailHash: string, applicationId: string) {
  return { ...keys.applicantEmailGuard(programmeId, emailHash), entity: 'ApplicantEmail', applicationId };
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
          entity: 'Notification',
          programmeId,
          ...planned,
          status: 'pending',
        },
      },
    })),
    ...changes.remove.map((planned) => ({ Delete: { TableName: tableName, Key: keys.notification(programmeId, planned.key) } })),
  ];
}

/** TransactWriteItems takes at most 100 items. */
const transactionItemLimit = 100;

/**
 * A programme's change must be one transaction (its seats and schedule with it); one too large for
 * DynamoDB is refused with a message, before anything is sent, rather than failing there.
 */
function withinTransactionLimit<Item>(items: Item[]): Item[] {
  if (items.length > transactionItemLimit) throw changeTooLarge();
  return items;
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

/**
 * One programme by its id. The lists and the writes below each extend this alone (a class's methods
 * are not tree-shaken): a function that neither lists nor changes programmes bundles neither.
 */
export class DynamoProgrammeReader implements ProgrammeReader {
  constructor(
    protected readonly db: DynamoDBDocumentClient,
    protected readonly tableName: string,
  ) {}

  async get(programmeId: string) {
    const { Item } = await this.db.send(new GetCommand({ TableName: this.tableName, Key: keys.programme(programmeId) }));
    return Item ? withoutKeys<Programme>(Item) : undefined;
  }
}

/** The lists of programmes, from the listing index. */
export class DynamoProgrammeListing extends DynamoProgrammeReader implements ProgrammeListing {
  async listClosingAfter(instant: Date) {
    return this.listing('gsi1pk = :listing AND gsi1sk > :instant', { ':instant': instant.toISOString() });
  }

  async listAll() {
    return this.listing('gsi1pk = :listing', {});
  }

  private async listing(condition: string, values: Record<string, string>) {
    const items = await queryAll(this.db, {
      TableName: this.tableName,
      IndexName: 'gsi1',
      KeyConditionExpression: condition,
      ExpressionAttributeValues: { ':listing': keys.programmeListingPartition, ...values },
    });
    return items.map((item) => withoutKeys<Programme>(item));
  }
}

export class DynamoProgrammeStore extends DynamoProgrammeReader implements ProgrammeStore {
  private item(programme: Programme) {
    return {
      ...keys.programme(programme.id),
      ...keys.programmeListing(new Date(programme.window.closesAt).toISOString(), programme.id),
      entity: 'Programme',
      ...programme,
    };
  }

  async create(programme: Programme, audit: AuditEntry, schedule: ScheduleChanges) {
    try {
      await this.db.send(
        new TransactWriteCommand({
          TransactItems: withinTransactionLimit([
            { Put: { TableName: this.tableName, Item: this.item(programme), ConditionExpression: 'attribute_not_exists(pk)' } },
            { Put: { TableName: this.tableName, Item: auditItem(audit) } },
            ...scheduleWrites(this.tableName, programme.id, schedule),
          ]),
        }),
      );
    } catch (error) {
      if (failedConditions(error)?.[0]) throw programmeExists();
      throw error;
    }
  }

  async replace(
    programme: Programme,
    expectedVersion: number,
    audit: AuditEntry,
    { ceilings = [], schedule }: { ceilings?: SeatCeiling[]; schedule?: ScheduleChanges } = {},
  ) {
    try {
      await this.db.send(
        new TransactWriteCommand({
          TransactItems: withinTransactionLimit([
            {
              Put: {
                TableName: this.tableName,
                Item: this.item(programme),
                ConditionExpression: 'version = :expected',
                ExpressionAttributeValues: { ':expected': expectedVersion },
              },
            },
            { Put: { TableName: this.tableName, Item: auditItem(audit) } },
            ...ceilings.map((ceiling) => seatCeilingCheck(this.tableName, programme.id, ceiling)),
            ...(schedule ? scheduleWrites(this.tableName, programme.id, schedule) : []),
          ]),
        }),
      );
    } catch (error) {
      const codes = cancellationCodes(error);
      if (codes?.[0] === 'ConditionalCheckFailed') throw programmeChanged();
      if (codes?.slice(2, 2 + ceilings.length).includes('ConditionalCheckFailed')) throw seatsBelowAppointed();
      if (codes?.includes('TransactionConflict')) throw programmeChanged();
      throw error;
    }
  }
}

/** Every item of one partition of an index, without the key attributes. */
export async function queryPartition<T>(
  db: DynamoDBDocumentClient,
  tableName: string,
  indexName: 'gsi1' | 'gsi2',
  partition: string,
): Promise<T[]> {
  const items = await queryAll(db, {
    TableName: tableName,
    IndexName: indexName,
    KeyConditionExpression: '#partition = :partition',
    ExpressionAttributeNames: { '#partition': `${indexName}pk` },
    ExpressionAttributeValues: { ':partition': partition },
  });
  return items.map((item) => withoutKeys<T>(item));
}

/** One page of a Query for a client: at most `limit` items, and the cursor of the next page. */
export async function queryPage<T>(
  db: DynamoDBDocumentClient,
  input: QueryCommandInput,
  limit: number,
  cursor: string | undefined,
): Promise<{ items: T[]; cursor: string | undefined }> {
  const page = await db
    .send(new QueryCommand({ ...input, Limit: limit, ...(cursor ? { ExclusiveStartKey: decodeCursor(cursor) } : {}) }))
    .catch((error: unknown) => {
      // A starting key that does not belong to this query: the client changed the cursor.
      if (cursor && (error as { name?: string })?.name === 'ValidationException') throw invalidCursor();
      throw error;
    });
  return {
    items: (page.Items ?? []).map((item) => withoutKeys<T>(item)),
    cursor: page.LastEvaluatedKey ? encodeCursor(page.LastEvaluatedKey) : undefined,
  };
}

/** Every page of a Query. */
export async function queryAll(db: DynamoDBDocumentClient, input: QueryCommandInput): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await db.send(new QueryCommand({ ...input, ExclusiveStartKey: startKey }));
    items.push(...(page.Items ?? []));
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return items;
}

/** An item's key as one string, to find it again among a batch's answers. */
const itemKeyId = (key: ItemKey) => `${key.pk}\n${key.sk}`;

/** BatchGetItem takes up to 100 keys a call. */
const batchGetLimit = 100;
const batchGetAttempts = 5;

/**
 * The items under `itemKeys` that exist, by BatchGetItem (strongly consistent), rather than a
 * GetItem each: one call per 100 keys instead of one each, each paying the SDK's middleware and
 * signing. Keys DynamoDB leaves unprocessed (a throttled table) are asked again after a growing
 * pause with jitter, as AWS advises; after five attempts the read fails rather than answer with
 * items missing. A key may be given twice (a batch must not hold one twice).
 */
export async function batchGetAll(
  db: DynamoDBDocumentClient,
  tableName: string,
  itemKeys: ItemKey[],
  sleep: (ms: number) => Promise<void> = pause,
): Promise<(ItemKey & Record<string, unknown>)[]> {
  const distinct = [...new Map(itemKeys.map((key) => [itemKeyId(key), key])).values()];
  const items: (ItemKey & Record<string, unknown>)[] = [];
  for (let start = 0; start < distinct.length; start += batchGetLimit) {
    let pending = distinct.slice(start, start + batchGetLimit);
    for (let attempt = 1; pending.length > 0; attempt++) {
      if (attempt > batchGetAttempts) throw new Error(`BatchGetItem left ${pending.length} keys unprocessed`);
      if (attempt > 1) await sleep(Math.random() * 50 * 2 ** attempt);
      const { Responses, UnprocessedKeys } = await db.send(
        new BatchGetCommand({ RequestItems: { [tableName]: { Keys: pending, ConsistentRead: true } } }),
      );
      items.push(...((Responses?.[tableName] ?? []) as (ItemKey & Record<string, unknown>)[]));
      pending = (UnprocessedKeys?.[tableName]?.Keys ?? []) as ItemKey[];
    }
  }
  return items;
}

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
    return queryPage<Application>(this.db, {
      TableName: this.tableName,
      IndexName: 'gsi2',
      KeyConditionExpression: 'gsi2pk = :programme',
      ExpressionAttributeValues: { ':programme': keys.programmeApplicationsPartition(programmeId) },
    }, limit, cursor);
  }

  unitHasApplications(programmeId: string, unitId: string) {
    return unitHasApplications(this.db, this.tableName, programmeId, unitId);
  }
}

/** Whether a unit has an application: a count of at most one. */
async function unitHasApplications(db: DynamoDBDocumentClient, tableName: string, programmeId: string, unitId: string) {
  const page = await db.send(
    new QueryCommand({
      TableName: tableName,
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :unit',
      ExpressionAttributeValues: { ':unit': keys.unitApplicationsPartition(programmeId, unitId) },
      Limit: 1,
      Select: 'COUNT',
    }),
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

/** A cursor the client changed is a bad request, not a server error. */
export function decodeCursor(cursor: string): Record<string, unknown> {
  const key = readCursor(cursor);
  if (key && typeof key === 'object' && !Array.isArray(key)) return key as Record<string, unknown>;
  throw invalidCursor();
}

function invalidCursor(): DomainError {
  return validationFailed({ cursor: pageCursorInvalid });
}
