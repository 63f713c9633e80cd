/**
 * The one DynamoDB table: its definition (used by the CDK stack and by the local platform to
 * create the very same table) and every entity's keys, next to the access patterns they serve.
 * No AWS SDK import here: the CDK app loads this module at synth time.
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

/**
 * Entity keys. Each function documents the access pattern it serves; ids never contain '#'
 * (they are slugs or random ids), so composite keys cannot collide.
 */
export const keys = {
  /** programme by id */
  programme: (programmeId: string): ItemKey => ({ pk: `PROGRAMME#${programmeId}`, sk: 'PROGRAMME' }),
  /** open and upcoming programmes: Query gsi1 on PROGRAMMES with gsi1sk > now (closing instant, UTC) */
  programmeListing: (closesAtUtc: string, programmeId: string) => ({
    gsi1pk: 'PROGRAMMES',
    gsi1sk: `${closesAtUtc}#${programmeId}`,
  }),
  programmeListingPartition: 'PROGRAMMES',

  /** application by id (the private link only carries the id) */
  application: (applicationId: string): ItemKey => ({ pk: `APPLICATION#${applicationId}`, sk: 'APPLICATION' }),
  /** applications of a unit (gsi1) and of a programme (gsi2), oldest first */
  applicationIndexes: (programmeId: string, unitId: string, createdAtUtc: string, applicationId: string) => ({
    gsi1pk: `PROGRAMME#${programmeId}#UNIT#${unitId}#APPLICATIONS`,
    gsi1sk: `${createdAtUtc}#${applicationId}`,
    gsi2pk: `PROGRAMME#${programmeId}#APPLICATIONS`,
    gsi2sk: `${createdAtUtc}#${applicationId}`,
  }),
  unitApplicationsPartition: (programmeId: string, unitId: string) =>
    `PROGRAMME#${programmeId}#UNIT#${unitId}#APPLICATIONS`,
  programmeApplicationsPartition: (programmeId: string) => `PROGRAMME#${programmeId}#APPLICATIONS`,
  /**
   * one application per e-mail per programme: a guard item keyed by a hash of the normalised
   * address (no address in a key), written with attribute_not_exists in the same transaction
   */
  applicantEmailGuard: (programmeId: string, emailHash: string): ItemKey => ({
    pk: `PROGRAMME#${programmeId}#APPLICANT#${emailHash}`,
    sk: 'APPLICANT',
  }),

  /**
   * seats used, one counter per unit, one for the programme and one for the programme-wide pool;
   * all read with one Query (begins_with SEATS#), changed only inside decision transactions
   */
  seatCounter: (programmeId: string, scope: { unitId: string } | 'programme' | 'pool'): ItemKey => ({
    pk: `PROGRAMME#${programmeId}`,
    sk: scope === 'programme' ? 'SEATS#PROGRAMME' : scope === 'pool' ? 'SEATS#POOL' : `SEATS#UNIT#${scope.unitId}`,
  }),
  seatCounterPrefix: 'SEATS#',
  /** the unit a unit's seat counter counts, from its sort key */
  unitOfSeatCounter: (sk: string): string | undefined => (sk.startsWith('SEATS#UNIT#') ? sk.slice('SEATS#UNIT#'.length) : undefined),

  /** participant by id (the appointed application's id) */
  participant: (participantId: string): ItemKey => ({ pk: `PARTICIPANT#${participantId}`, sk: 'PARTICIPANT' }),
  /** participants of a unit (gsi1) and of a programme (gsi2) */
  participantIndexes: (programmeId: string, unitId: string, participantId: string) => ({
    gsi1pk: `PROGRAMME#${programmeId}#UNIT#${unitId}#PARTICIPANTS`,
    gsi1sk: participantId,
    gsi2pk: `PROGRAMME#${programmeId}#PARTICIPANTS`,
    gsi2sk: `${unitId}#${participantId}`,
  }),
  programmeParticipantsPartition: (programmeId: string) => `PROGRAMME#${programmeId}#PARTICIPANTS`,

  /** a participant's progress on one milestone; all of a participant's by Query on its partition */
  progress: (participantId: string, milestoneId: string): ItemKey => ({ pk: `PARTICIPANT#${participantId}`, sk: `PROGRESS#${milestoneId}` }),
  progressPrefix: 'PROGRESS#',
  /** progress of a unit (gsi1) and of a programme (gsi2), in the participants' order */
  progressIndexes: (programmeId: string, unitId: string, participantId: string, milestoneId: string) => ({
    gsi1pk: `PROGRAMME#${programmeId}#UNIT#${unitId}#PROGRESS`,
    gsi1sk: `${participantId}#${milestoneId}`,
    gsi2pk: `PROGRAMME#${programmeId}#PROGRESS`,
    gsi2sk: `${unitId}#${participantId}#${milestoneId}`,
  }),
  unitProgressPartition: (programmeId: string, unitId: string) => `PROGRAMME#${programmeId}#UNIT#${unitId}#PROGRESS`,
  programmeProgressPartition: (programmeId: string) => `PROGRAMME#${programmeId}#PROGRESS`,
  unitParticipantsPartition: (programmeId: string, unitId: string) => `PROGRAMME#${programmeId}#UNIT#${unitId}#PARTICIPANTS`,

  /** a learning group, under its programme: all of them by Query begins_with GROUP# */
  group: (programmeId: string, groupId: string): ItemKey => ({ pk: `PROGRAMME#${programmeId}`, sk: `GROUP#${groupId}` }),
  groupPrefix: 'GROUP#',
  /** a participant's one group (a participant belongs to one programme): written on condition */
  groupMembership: (participantId: string): ItemKey => ({ pk: `PARTICIPANT#${participantId}`, sk: 'GROUP' }),

  /** a programme's audit trail, in time order; entries are only ever put, never updated */
  auditEntry: (programmeId: string, at: string, entryId: string): ItemKey => ({
    pk: `PROGRAMME#${programmeId}#AUDIT`,
    sk: `${at}#${entryId}`,
  }),
  auditPartition: (programmeId: string) => `PROGRAMME#${programmeId}#AUDIT`,

  /**
   * a pending notification of a programme (`<kind>#<ref>`), in gsi3 by its due instant while it is
   * pending: a run Queries each shard for gsi3sk <= now, so it reads what is due, not the table
   */
  notification: (programmeId: string, key: string): ItemKey => ({ pk: `PROGRAMME#${programmeId}`, sk: `NOTIFY#${key}` }),
  notificationDue: (programmeId: string, key: string, dueAtUtc: string) => ({
    gsi3pk: `DUE#${shardOf(`${programmeId}#${key}`)}`,
    gsi3sk: `${dueAtUtc}#${programmeId}#${key}`,
  }),
  dueShards: 4,

  /** one delivery of one notification to one recipient: the exactly-once ledger */
  delivery: (notificationId: string, recipientHash: string): ItemKey => ({ pk: `DELIVERY#${notificationId}`, sk: recipientHash }),

  /** a watcher of a programme, by a hash of the address */
  watcher: (programmeId: string, emailHash: string): ItemKey => ({ pk: `PROGRAMME#${programmeId}#WATCHER#${emailHash}`, sk: 'WATCHER' }),
  /** watchers of a programme (gsi1) */
  watcherIndex: (programmeId: string, emailHash: string) => ({ gsi1pk: `PROGRAMME#${programmeId}#WATCHERS`, gsi1sk: emailHash }),
  watchersPartition: (programmeId: string) => `PROGRAMME#${programmeId}#WATCHERS`,
  /** a watcher's confirm or unsubscribe token, by its hash */
  watcherToken: (tokenHash: string): ItemKey => ({ pk: `WATCHTOKEN#${tokenHash}`, sk: 'TOKEN' }),

  /** an address that bounced or complained: no more mail to it */
  suppressed: (emailHash: string): ItemKey => ({ pk: `SUPPRESSED#${emailHash}`, sk: 'SUPPRESSED' }),
  /** the suppression list for administrators (gsi1), newest first */
  suppressedIndex: (atUtc: string, emailHash: string) => ({ gsi1pk: 'SUPPRESSED', gsi1sk: `${atUtc}#${emailHash}` }),
  suppressedPartition: 'SUPPRESSED',
} as const;

/** A stable shard for a key: spreads due items over a few partitions of gsi3. */
function shardOf(value: string): number {
  let hash = 0;
  for (const character of value) hash = (hash * 31 + character.charCodeAt(0)) >>> 0;
  return hash % 4;
}
