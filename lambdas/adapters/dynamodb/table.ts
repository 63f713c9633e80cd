/**
 * The one DynamoDB table: its definition, used by the CDK stack and by the local platform to
 * create the very same table. Every entity's keys, next to the access patterns they serve, are in
 * #adapters/dynamodb/entities. No AWS SDK import here: the CDK app loads this module at synth time.
 */

export const tableDefinition = {
  partitionKey: 'pk',
  sortKey: 'sk',
  timeToLiveAttribute: 'expiresAt',
  globalSecondaryIndexes: [
    // gsi1: "children of a parent, in order": open/upcoming programmes by closing time,
    // applications of a unit, participants of a unit.
    { indexName: 'gsi1', partitionKey: 'gsi1pk', sortKey: 'gsi1sk' },
    // gsi2: "everything of a programme", across units: applications and participants of a programme.
    { indexName: 'gsi2', partitionKey: 'gsi2pk', sortKey: 'gsi2sk' },
    // gsi3: the notification schedule, sharded by due minute so a run reads only what is due.
    { indexName: 'gsi3', partitionKey: 'gsi3pk', sortKey: 'gsi3sk' },
  ],
} as const;

export type IndexName = (typeof tableDefinition.globalSecondaryIndexes)[number]['indexName'];

/** Every attribute used as a key is a string. */
export const keyAttributes = [
  tableDefinition.partitionKey,
  tableDefinition.sortKey,
  ...tableDefinition.globalSecondaryIndexes.flatMap((index) => [index.partitionKey, index.sortKey]),
];

export interface ItemKey {
  pk: string;
  sk: string;
}
