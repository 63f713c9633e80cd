/** The schedule's due index, the delivery ledger, suppressions and watchers, in DynamoDB. */
import { DeleteCommand, GetCommand, PutCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import * as keys from '#adapters/dynamodb/entities';
import { batchGetAll, isConditionFailure, partitionQuery, queryAll, queryPage, queryPartition, withoutKeys } from '#adapters/dynamodb/operations';
import type { Suppression, SuppressionStore } from '#model/suppression';
import type { ClaimResult, DueNotification, NotificationStore } from '#model/notification';
import type { Watcher, WatcherStore, WatcherToken } from '#model/watcher';

/** ledger entries are kept a little over a year, then the table's TTL removes them */
const ledgerDays = 400;

export class DynamoNotificationStore implements NotificationStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async due(now: Date) {
    const upper = `${now.toISOString()}#\uffff`;
    const items: DueNotification[] = [];
    for (let shard = 0; shard < keys.dueShards; shard++) {
      const page = await queryAll(this.db, partitionQuery(this.tableName, keys.due(String(shard)), keys.atMost(upper)));
      items.push(...page.map((item) => withoutKeys<DueNotification>(item)));
    }
    // No filter expression: every item read is a due notification.
    return { items: items.sort((a, b) => a.dueAt.localeCompare(b.dueAt)), itemsRead: items.length };
  }

  async markDone(item: DueNotification) {
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.notification(item.programmeId, item.key),
          // out of the due index: done
          UpdateExpression: 'SET #status = :done REMOVE #duePk, #dueSk',
          ConditionExpression: 'dueAt = :due',
          ExpressionAttributeNames: { '#status': 'status', '#duePk': `${keys.due.index}pk`, '#dueSk': `${keys.due.index}sk` },
          ExpressionAttributeValues: { ':done': 'done', ':due': item.dueAt },
        }),
      );
    } catch (error) {
      // Re-armed for another instant (or removed) meanwhile: that one is not done.
      if (!isConditionFailure(error)) throw error;
    }
  }

  async claim(notificationId: string, recipientHash: string, runId: string, now: Date, leaseSeconds: number): Promise<ClaimResult> {
    const key = keys.delivery(notificationId, recipientHash);
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: key,
          UpdateExpression: 'SET #status = :claimed, runId = :run, leaseUntil = :lease, entity = :entity, expiresAt = :expires',
          ConditionExpression: 'attribute_not_exists(pk) OR (#status = :claimed AND leaseUntil <= :now) OR #status = :released',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: {
            ':claimed': 'claimed',
            ':released': 'released',
            ':run': runId,
            ':now': now.getTime(),
            ':lease': now.getTime() + leaseSeconds * 1000,
            ':entity': keys.entity.delivery,
            ':expires': Math.floor(now.getTime() / 1000) + ledgerDays * 86_400,
          },
        }),
      );
      return 'claimed';
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      const { Item } = await this.db.send(new GetCommand({ TableName: this.tableName, Key: key, ConsistentRead: true }));
      return Item?.status === 'claimed' ? 'busy' : 'done';
    }
  }

  async confirm(notificationId: string, recipientHash: string, runId: string, result: { messageId: string } | { failed: string }) {
    await this.db.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: keys.delivery(notificationId, recipientHash),
        UpdateExpression: 'SET #status = :status, #detail = :detail REMOVE leaseUntil',
        ConditionExpression: 'runId = :run',
        ExpressionAttributeNames: { '#status': 'status', '#detail': 'messageId' in result ? 'messageId' : 'reason' },
        ExpressionAttributeValues: {
          ':status': 'messageId' in result ? 'sent' : 'failed',
          ':detail': 'messageId' in result ? result.messageId : result.failed,
          ':run': runId,
        },
      }),
    );
  }

  async done(notificationId: string, recipientHashes: string[]) {
    const items = await batchGetAll(this.db, this.tableName, recipientHashes.map((hash) => keys.delivery(notificationId, hash)));
    return new Set(items.filter((item) => item.status === 'sent' || item.status === 'failed').map((item) => String(item.sk)));
  }

  async outcomes(notificationId: string) {
    const deliveries = await queryPartition<{ status: string }>(this.db, this.tableName, keys.deliveries(notificationId), { ConsistentRead: true });
    const count = (status: string) => deliveries.filter((delivery) => delivery.status === status).length;
    return { sent: count('sent'), failed: count('failed') };
  }

  async release(notificationId: string, recipientHash: string, runId: string, reason: string, attempt: boolean) {
    const { Attributes } = await this.db.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: keys.delivery(notificationId, recipientHash),
        UpdateExpression: 'SET #status = :released, reason = :reason ADD attempts :count REMOVE leaseUntil',
        ConditionExpression: 'runId = :run AND #status = :claimed',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':released': 'released', ':claimed': 'claimed', ':run': runId, ':reason': reason, ':count': attempt ? 1 : 0 },
        ReturnValues: 'ALL_NEW',
      }),
    );
    return Number(Attributes?.attempts ?? 0);
  }

  async takeRunLease(runId: string, now: Date, until: Date) {
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.notificationRunLease,
          UpdateExpression: 'SET runId = :run, leaseUntil = :until, entity = :entity',
          ConditionExpression: 'attribute_not_exists(pk) OR leaseUntil <= :now OR runId = :run',
          ExpressionAttributeValues: { ':run': runId, ':until': until.getTime(), ':now': now.getTime(), ':entity': keys.entity.runLease },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  async endRunLease(runId: string) {
    try {
      await this.db.send(
        new DeleteCommand({ TableName: this.tableName, Key: keys.notificationRunLease, ConditionExpression: 'runId = :run', ExpressionAttributeValues: { ':run': runId } }),
      );
    } catch (error) {
      // Taken over after it ran out: the other run's now.
      if (!isConditionFailure(error)) throw error;
    }
  }

  async isSuppressed(emailHash: string) {
    const { Item } = await this.db.send(new GetCommand({ TableName: this.tableName, Key: keys.suppressed(emailHash) }));
    return Item !== undefined;
  }
}

export class DynamoWatcherStore implements WatcherStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async get(programmeId: string, emailHash: string) {
    const { Item } = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: keys.watcher(programmeId, emailHash), ConsistentRead: true }),
    );
    return Item ? withoutKeys<Watcher>(Item) : undefined;
  }

  async put(watcher: Watcher) {
    await this.db.send(
      new PutCommand({
        TableName: this.tableName,
        Item: {
          ...keys.watcher(watcher.programmeId, watcher.emailHash),
          ...keys.watcherIndex(watcher.programmeId, watcher.emailHash),
          entity: keys.entity.watcher,
          ...watcher,
        },
      }),
    );
  }

  async putToken(tokenHash: string, token: WatcherToken) {
    await this.db.send(new PutCommand({ TableName: this.tableName, Item: { ...keys.watcherToken(tokenHash), entity: keys.entity.watcherToken, ...token } }));
  }

  async getToken(tokenHash: string) {
    const { Item } = await this.db.send(new GetCommand({ TableName: this.tableName, Key: keys.watcherToken(tokenHash) }));
    return Item ? withoutKeys<WatcherToken>(Item) : undefined;
  }

  async confirmed(programmeId: string) {
    const query = partitionQuery(this.tableName, keys.watchers(programmeId));
    const items = await queryAll(this.db, {
      ...query,
      FilterExpression: '#status = :confirmed',
      ExpressionAttributeNames: { ...query.ExpressionAttributeNames, '#status': 'status' },
      ExpressionAttributeValues: { ...query.ExpressionAttributeValues, ':confirmed': 'confirmed' },
    });
    return items.map((item) => withoutKeys<Watcher>(item));
  }

  async eraseAll(programmeId: string) {
    const watchers = await queryPartition<Watcher>(this.db, this.tableName, keys.watchers(programmeId));
    for (const watcher of watchers) {
      await this.db.send(new DeleteCommand({ TableName: this.tableName, Key: keys.watcher(programmeId, watcher.emailHash) }));
    }
    return watchers.length;
  }
}


export class DynamoSuppressionStore implements SuppressionStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async suppress(suppression: Suppression) {
    await this.db.send(
      new PutCommand({
        TableName: this.tableName,
        Item: {
          ...keys.suppressed(suppression.emailHash),
          ...keys.suppressedIndex(suppression.at, suppression.emailHash),
          entity: keys.entity.suppression,
          ...suppression,
        },
      }),
    );
  }

  suppressions(limit: number, cursor: string | undefined) {
    return queryPage<Suppression>(this.db, { ...partitionQuery(this.tableName, keys.suppressions()), ScanIndexForward: false }, limit, cursor);
  }

  async suppressedAmong(emailHashes: string[]) {
    const items = await batchGetAll(this.db, this.tableName, emailHashes.map(keys.suppressed));
    return new Set(items.map((item) => String(item.emailHash)));
  }

  async find(emailHash: string) {
    const { Item } = await this.db.send(new GetCommand({ TableName: this.tableName, Key: keys.suppressed(emailHash) }));
    return Item ? withoutKeys<Suppression>(Item) : undefined;
  }

  async lift(emailHash: string) {
    await this.db.send(new DeleteCommand({ TableName: this.tableName, Key: keys.suppressed(emailHash) }));
  }
}
