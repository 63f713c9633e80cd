/** Programmes in DynamoDB: one by id, the public listing, and changes with their schedule and audit in one transaction. */
import * as keys from '#adapters/dynamodb/entities';
import { auditItem, scheduleWrites, seatCeilingCheck } from '#adapters/dynamodb/items';
import { cancellationCodes, failedConditions, queryPartition, withinTransactionLimit, withoutKeys } from '#adapters/dynamodb/operations';
import { programmeChanged, programmeExists, seatsBelowAppointed } from '#core/errors';
import type { AuditEntry } from '#model/audit';
import type { Programme, ProgrammeListing, ProgrammeReader, ProgrammeStore, SeatCeiling } from '#model/programme';
import type { ScheduleChanges } from '#model/schedule';
import { type DynamoDBDocumentClient, GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';

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
  listClosingAfter(instant: Date) {
    return queryPartition<Programme>(this.db, this.tableName, { ...keys.programmes(), range: keys.after(instant.toISOString()) });
  }

  listAll() {
    return queryPartition<Programme>(this.db, this.tableName, keys.programmes());
  }
}

export class DynamoProgrammeStore extends DynamoProgrammeReader implements ProgrammeStore {
  private item(programme: Programme) {
    return {
      ...keys.programme(programme.id),
      ...keys.programmeListing(new Date(programme.window.closesAt).toISOString(), programme.id),
      entity: keys.entity.programme,
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
