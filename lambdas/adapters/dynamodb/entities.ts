/**
 * Every entity's name and keys, and every access pattern's index and partition, declared once:
 * the items write their index keys from the same pattern that the stores query by. Imported as
 * `import * as keys from '#adapters/dynamodb/entities'`, so that a function bundles only what it
 * uses. Ids never contain '#' (they are slugs or random ids), so composite keys cannot collide.
 */
import type { IndexName, ItemKey } from '#adapters/dynamodb/table';

/** One partition of an index (or of the table, without an index): what one Query reads. */
export interface Partition {
  readonly index?: IndexName;
  readonly value: string;
  /** only these sort keys: in a partition shared by several entities, say */
  readonly range?: KeyRange;
}

/**
 * A condition on the sort key (`#sk`), each its own function so that a bundle holds only the
 * conditions its reads use.
 */
export interface KeyRange {
  readonly condition: string;
  readonly values: Record<string, string>;
}
export const beginningWith = (prefix: string): KeyRange => ({ condition: 'begins_with(#sk, :prefix)', values: { ':prefix': prefix } });
export const after = (value: string): KeyRange => ({ condition: '#sk > :after', values: { ':after': value } });
export const atMost = (value: string): KeyRange => ({ condition: '#sk <= :atMost', values: { ':atMost': value } });
export const between = (from: string, to: string): KeyRange => ({ condition: '#sk BETWEEN :from AND :to', values: { ':from': from, ':to': to } });

/**
 * An access pattern on an index: called with its arguments, the partition to Query; `entry`, the
 * index keys an item writes to be found by it, at `sortKey` in the partition's order.
 */
export interface AccessPattern<Args extends string[]> {
  (...args: Args): Partition;
  index: IndexName;
  entry(args: Args, sortKey: string): Record<string, string>;
}

function onIndex<Args extends string[]>(index: IndexName, value: (...args: Args) => string): AccessPattern<Args> {
  const pattern = (...args: Args): Partition => ({ index, value: value(...args) });
  pattern.index = index;
  pattern.entry = (args: Args, sortKey: string) => ({ [`${index}pk`]: value(...args), [`${index}sk`]: sortKey });
  return pattern;
}

/** The `entity` attribute of each kind of item, so that an export or a scan can tell them apart. */
export const entity = {
  programme: 'Programme',
  application: 'Application',
  applicantEmail: 'ApplicantEmail',
  seatCounter: 'SeatCounter',
  participant: 'Participant',
  progress: 'Progress',
  group: 'Group',
  groupMembership: 'GroupMembership',
  audit: 'Audit',
  notification: 'Notification',
  delivery: 'Delivery',
  runLease: 'RunLease',
  watcher: 'Watcher',
  watcherToken: 'WatcherToken',
  suppression: 'Suppression',
  mailCap: 'MailCap',
  programmeMessage: 'ProgrammeMessage',
} as const;

/** programme by id */
export const programme = (programmeId: string): ItemKey => ({ pk: `PROGRAMME#${programmeId}`, sk: 'PROGRAMME' });
/** every programme, by closing instant (UTC): the open and upcoming ones are those after now */
export const programmes = /* @__PURE__ */ onIndex('gsi1', () => 'PROGRAMMES');
export const programmeListing = (closesAtUtc: string, programmeId: string) => programmes.entry([], `${closesAtUtc}#${programmeId}`);

/** application by id (the private link only carries the id) */
export const application = (applicationId: string): ItemKey => ({ pk: `APPLICATION#${applicationId}`, sk: 'APPLICATION' });
/** applications of a unit and of a programme, oldest first */
export const unitApplications = /* @__PURE__ */ onIndex('gsi1', (programmeId: string, unitId: string) => `PROGRAMME#${programmeId}#UNIT#${unitId}#APPLICATIONS`);
export const programmeApplications = /* @__PURE__ */ onIndex('gsi2', (programmeId: string) => `PROGRAMME#${programmeId}#APPLICATIONS`);
export const applicationIndexes = (programmeId: string, unitId: string, createdAtUtc: string, applicationId: string) => ({
  ...unitApplications.entry([programmeId, unitId], `${createdAtUtc}#${applicationId}`),
  ...programmeApplications.entry([programmeId], `${createdAtUtc}#${applicationId}`),
});
/**
 * one application per e-mail per programme: a guard item keyed by a hash of the normalised
 * address (no address in a key), written with attribute_not_exists in the same transaction
 */
export const applicantEmailGuard = (programmeId: string, emailHash: string): ItemKey => ({
  pk: `PROGRAMME#${programmeId}#APPLICANT#${emailHash}`,
  sk: 'APPLICANT',
});

/**
 * seats used, one counter per unit, one for the programme and one for the programme-wide pool;
 * all read with one Query (begins_with SEATS#), changed only inside decision transactions
 */
export const seatCounter = (programmeId: string, scope: { unitId: string } | 'programme' | 'pool'): ItemKey => ({
  pk: `PROGRAMME#${programmeId}`,
  sk: scope === 'programme' ? 'SEATS#PROGRAMME' : scope === 'pool' ? 'SEATS#POOL' : `SEATS#UNIT#${scope.unitId}`,
});
/** every seat counter of a programme */
export const seatCounters = (programmeId: string): Partition => ({ value: programme(programmeId).pk, range: beginningWith('SEATS#') });
/** the unit a unit's seat counter counts, from its sort key */
export const unitOfSeatCounter = (sk: string): string | undefined => (sk.startsWith('SEATS#UNIT#') ? sk.slice('SEATS#UNIT#'.length) : undefined);

/** participant by id (the appointed application's id) */
export const participant = (participantId: string): ItemKey => ({ pk: `PARTICIPANT#${participantId}`, sk: 'PARTICIPANT' });
/** participants of a unit (by id) and of a programme (by unit, then id) */
export const unitParticipants = /* @__PURE__ */ onIndex('gsi1', (programmeId: string, unitId: string) => `PROGRAMME#${programmeId}#UNIT#${unitId}#PARTICIPANTS`);
export const programmeParticipants = /* @__PURE__ */ onIndex('gsi2', (programmeId: string) => `PROGRAMME#${programmeId}#PARTICIPANTS`);
export const participantIndexes = (programmeId: string, unitId: string, participantId: string) => ({
  ...unitParticipants.entry([programmeId, unitId], participantId),
  ...programmeParticipants.entry([programmeId], `${unitId}#${participantId}`),
});

/** a participant's progress on one milestone; all of a participant's by Query on its partition */
export const progress = (participantId: string, milestoneId: string): ItemKey => ({ pk: `PARTICIPANT#${participantId}`, sk: `PROGRESS#${milestoneId}` });
export const participantProgress = (participantId: string): Partition => ({ value: participant(participantId).pk, range: beginningWith('PROGRESS#') });
/** progress of a unit and of a programme, in the participants' order (so that a page of them reads its progress by range) */
export const unitProgress = /* @__PURE__ */ onIndex('gsi1', (programmeId: string, unitId: string) => `PROGRAMME#${programmeId}#UNIT#${unitId}#PROGRESS`);
export const programmeProgress = /* @__PURE__ */ onIndex('gsi2', (programmeId: string) => `PROGRAMME#${programmeId}#PROGRESS`);
export const progressIndexes = (programmeId: string, unitId: string, participantId: string, milestoneId: string) => ({
  ...unitProgress.entry([programmeId, unitId], `${participantId}#${milestoneId}`),
  ...programmeProgress.entry([programmeId], `${unitId}#${participantId}#${milestoneId}`),
});

/** a learning group, under its programme: all of them by Query begins_with GROUP# */
export const group = (programmeId: string, groupId: string): ItemKey => ({ pk: `PROGRAMME#${programmeId}`, sk: `GROUP#${groupId}` });
export const programmeGroups = (programmeId: string): Partition => ({ value: programme(programmeId).pk, range: beginningWith('GROUP#') });
/** a participant's one group (a participant belongs to one programme): written on condition */
export const groupMembership = (participantId: string): ItemKey => ({ pk: `PARTICIPANT#${participantId}`, sk: 'GROUP' });

/** a message to a programme's people, under its programme: all of them by Query begins_with MESSAGE# */
export const programmeMessage = (programmeId: string, messageId: string): ItemKey => ({ pk: `PROGRAMME#${programmeId}`, sk: `MESSAGE#${messageId}` });
export const programmeMessages = (programmeId: string): Partition => ({ value: programme(programmeId).pk, range: beginningWith('MESSAGE#') });

/** a programme's audit trail, in time order; entries are only ever put, never updated */
export const auditEntry = (programmeId: string, at: string, entryId: string): ItemKey => ({ pk: audit(programmeId).value, sk: `${at}#${entryId}` });
export const audit = (programmeId: string): Partition => ({ value: `PROGRAMME#${programmeId}#AUDIT` });

/**
 * a pending notification of a programme (`<kind>#<ref>`), in gsi3 by its due instant while it is
 * pending: a run Queries each shard for gsi3sk <= now, so it reads what is due, not the table
 */
export const notification = (programmeId: string, key: string): ItemKey => ({ pk: `PROGRAMME#${programmeId}`, sk: `NOTIFY#${key}` });
export const dueShards = 4;
export const due = /* @__PURE__ */ onIndex('gsi3', (shard: string) => `DUE#${shard}`);
export const notificationDue = (programmeId: string, key: string, dueAtUtc: string) =>
  due.entry([String(shardOf(`${programmeId}#${key}`))], `${dueAtUtc}#${programmeId}#${key}`);

/** one delivery of one notification to one recipient: the exactly-once ledger */
export const delivery = (notificationId: string, recipientHash: string): ItemKey => ({ pk: `DELIVERY#${notificationId}`, sk: recipientHash });
/** every delivery of one notification: how a message went */
export const deliveries = (notificationId: string): Partition => ({ value: `DELIVERY#${notificationId}` });
/** the one notification run going: a lease, so that runs do not overlap and share SES's rate */
export const notificationRunLease: ItemKey = { pk: 'NOTIFYRUN', sk: 'LEASE' };

/** a watcher of a programme, by a hash of the address */
export const watcher = (programmeId: string, emailHash: string): ItemKey => ({ pk: `PROGRAMME#${programmeId}#WATCHER#${emailHash}`, sk: 'WATCHER' });
/** watchers of a programme */
export const watchers = /* @__PURE__ */ onIndex('gsi1', (programmeId: string) => `PROGRAMME#${programmeId}#WATCHERS`);
export const watcherIndex = (programmeId: string, emailHash: string) => watchers.entry([programmeId], emailHash);
/** a watcher's confirm or unsubscribe token, by its hash */
export const watcherToken = (tokenHash: string): ItemKey => ({ pk: `WATCHTOKEN#${tokenHash}`, sk: 'TOKEN' });

/** an address that bounced or complained: no more mail to it */
export const suppressed = (emailHash: string): ItemKey => ({ pk: `SUPPRESSED#${emailHash}`, sk: 'SUPPRESSED' });
/** the suppression list for administrators, by when (read newest first) */
export const suppressions = /* @__PURE__ */ onIndex('gsi1', () => 'SUPPRESSED');
export const suppressedIndex = (atUtc: string, emailHash: string) => suppressions.entry([], `${atUtc}#${emailHash}`);

/**
 * the caps on unsolicited mail to an address (by its hash): one item per programme (when the last
 * such mail went) and one per Stockholm day (how many went), expiring by TTL
 */
export const mailCapProgramme = (emailHash: string, programmeId: string): ItemKey => ({ pk: `MAILCAP#${emailHash}`, sk: `PROGRAMME#${programmeId}` });
export const mailCapDay = (emailHash: string, stockholmDate: string): ItemKey => ({ pk: `MAILCAP#${emailHash}`, sk: `DAY#${stockholmDate}` });

/** A stable shard for a key: spreads due items over a few partitions of gsi3. */
function shardOf(value: string): number {
  let hash = 0;
  for (const character of value) hash = (hash * 31 + character.charCodeAt(0)) >>> 0;
  return hash % dueShards;
}
