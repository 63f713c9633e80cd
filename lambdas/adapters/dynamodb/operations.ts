/**
 * DynamoDB's operations as every store uses them: a query's every page or one page with its cursor,
 * batch reads retried until complete, and why a conditional write or a transaction was refused.
 */
import { pause } from '#adapters/pause';
import type { KeyRange, Partition } from '#adapters/dynamodb/entities';
import { keyAttributes, type ItemKey } from '#adapters/dynamodb/table';
import { encodeCursor, readCursor } from '#core/cursor';
import { type DomainError, changeTooLarge, validationFailed } from '#core/errors';
import { pageCursorInvalid } from '#text/sv';
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { BatchGetCommand, type DynamoDBDocumentClient, QueryCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';

const keyNames = [...keyAttributes, 'entity'];

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

/** TransactWriteItems takes at most 100 items. */
const transactionItemLimit = 100;

/**
 * A programme's change must be one transaction (its seats and schedule with it); one too large for
 * DynamoDB is refused with a message, before anything is sent, rather than failing there.
 */
export function withinTransactionLimit<Item>(items: Item[]): Item[] {
  if (items.length > transactionItemLimit) throw changeTooLarge();
  return items;
}

/** The Query of one partition, or of a range of it (`within`, besides the partition's own). */
export function partitionQuery(tableName: string, partition: Partition, within?: KeyRange): QueryCommandInput {
  const range = within ?? partition.range;
  const [partitionKey, sortKey] = partition.index ? [`${partition.index}pk`, `${partition.index}sk`] : ['pk', 'sk'];
  return {
    TableName: tableName,
    ...(partition.index ? { IndexName: partition.index } : {}),
    KeyConditionExpression: range ? `#pk = :pk AND ${range.condition}` : '#pk = :pk',
    ExpressionAttributeNames: range ? { '#pk': partitionKey, '#sk': sortKey } : { '#pk': partitionKey },
    ExpressionAttributeValues: { ':pk': partition.value, ...range?.values },
  };
}

/** Every item of one partition, without the key attributes. */
export async function queryPartition<T>(db: DynamoDBDocumentClient, tableName: string, partition: Partition, options: Partial<QueryCommandInput> = {}): Promise<T[]> {
  const items = await queryAll(db, { ...partitionQuery(tableName, partition), ...options });
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
export const itemKeyId = (key: ItemKey) => `${key.pk}\n${key.sk}`;

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

/** A cursor the client changed is a bad request, not a server error. */
export function decodeCursor(cursor: string): Record<string, unknown> {
  const key = readCursor(cursor);
  if (key && typeof key === 'object' && !Array.isArray(key)) return key as Record<string, unknown>;
  throw invalidCursor();
}

function invalidCursor(): DomainError {
  return validationFailed({ cursor: pageCursorInvalid });
}
