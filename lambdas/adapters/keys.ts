/**
 * Entity keys, one export each, imported as `import * as keys from '#adapters/keys'`: a function
 * bundles only the keys it uses. Each documents the access pattern it serves; ids never contain
 * '#' (they are slugs or random ids), so composite keys cannot collide.
 */
import type { ItemKey } from '#adapters/table';

/** programme by id */
export const programme = (programmeId: string): ItemKey => ({ pk: `PROGRAMME#${programmeId}`, sk: 'PROGRAMME' });
/** open and upcoming programmes: Query gsi1 on PROGRAMMES with gsi1sk > now (closing instant, UTC) */
export const programmeListing = (closesAtUtc: string, programmeId: string) => ({
  gsi1pk: 'PROGRAMMES',
  gsi1sk: `${closesAtUtc}#${programmeId}`,
});
export const programmeListingPartition = 'PROGRAMMES';

/** application by id (the private link only carries the id) */
export const application = (applicationId: string): ItemKey => ({ pk: `APPLICATION#${applicationId}`, sk: 'APPLICATION' });
/** applications of a unit (gsi1) and of a programme (gsi2), oldest first */
export const applicationIndexes = (programmeId: string, unitId: string, createdAtUtc: string, applicationId: string) => ({
  gsi1pk: `PROGRAMME#${programmeId}#UNIT#${unitId}#APPLICATIONS`,
  gsi1sk: `${createdAtUtc}#${applicationId}`,
  gsi2pk: `PROGRAMME#${programmeId}#APPLICATIONS`,
  gsi2sk: `${createdAtUtc}#${applicationId}`,
});
export const unitApplicationsPartition = (programmeId: string, unitId: string) =>
  `PROGRAMME#${programmeId}#UNIT#${unitId}#APPLICATIONS`;
export const programmeApplicationsPartition = (programmeId: string) => `PROGRAMME#${programmeId}#APPLICATIONS`;
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
export const seatCounterPrefix = 'SEATS#';
/** the unit a unit's seat counter counts, from its sort key */
export const unitOfSeatCounter = (sk: string): string | undefined => (sk.startsWith('SEATS#UNIT#') ? sk.slice('SEATS#UNIT#'.length) : undefined);

/** participant by id (the appointed application's id) */
export const participant = (participantId: string): ItemKey => ({ pk: `PARTICIPANT#${participantId}`, sk: 'PARTICIPANT' });
/** participants of a unit (gsi1) and of a programme (gsi2) */
export const participantIndexes = (programmeId: string, unitId: string, participantId: string) => ({
  gsi1pk: `PROGRAMME#${programmeId}#UNIT#${unitId}#PARTICIPANTS`,
  gsi1sk: participantId,
  gsi2pk: `PROGRAMME#${programmeId}#PARTICIPANTS`,
  gsi2sk: `${unitId}#${participantId}`,
});
export const programmeParticipantsPartition = (programmeId: string) => `PROGRAMME#${programmeId}#PARTICIPANTS`;

/** a participant's progress on one milestone; all of a participant's by Query on its partition */
export const progress = (participantId: string, milestoneId: string): ItemKey => ({ pk: `PARTICIPANT#${participantId}`, sk: `PROGRESS#${milestoneId}` });
export const progressPrefix = 'PROGRESS#';
/** progress of a unit (gsi1) and of a programme (gsi2), in the participants' order */
export const progressIndexes = (programmeId: string, unitId: string, participantId: string, milestoneId: string) => ({
  gsi1pk: `PROGRAMME#${programmeId}#UNIT#${unitId}#PROGRESS`,
  gsi1sk: `${participantId}#${milestoneId}`,
  gsi2pk: `PROGRAMME#${programmeId}#PROGRESS`,
  gsi2sk: `${unitId}#${participantId}#${milestoneId}`,
});
export const unitProgressPartition = (programmeId: string, unitId: string) => `PROGRAMME#${programmeId}#UNIT#${unitId}#PROGRESS`;
export const programmeProgressPartition = (programmeId: string) => `PROGRAMME#${programmeId}#PROGRESS`;
export const unitParticipantsPartition = (programmeId: string, unitId: string) => `PROGRAMME#${programmeId}#UNIT#${unitId}#PARTICIPANTS`;

/** a learning group, under its programme: all of them by Query begins_with GROUP# */
export const group = (programmeId: string, groupId: string): ItemKey => ({ pk: `PROGRAMME#${programmeId}`, sk: `GROUP#${groupId}` });
export const groupPrefix = 'GROUP#';
/** a participant's one group (a participant belongs to one programme): written on condition */
export const groupMembership = (participantId: string): ItemKey => ({ pk: `PARTICIPANT#${participantId}`, sk: 'GROUP' });

/** a programme's audit trail, in time order; entries are only ever put, never updated */
export const auditEntry = (programmeId: string, at: string, entryId: string): ItemKey => ({
  pk: `PROGRAMME#${programmeId}#AUDIT`,
  sk: `${at}#${entryId}`,
});
export const auditPartition = (programmeId: string) => `PROGRAMME#${programmeId}#AUDIT`;

/**
 * a pending notification of a programme (`<kind>#<ref>`), in gsi3 by its due instant while it is
 * pending: a run Queries each shard for gsi3sk <= now, so it reads what is due, not the table
 */
export const notification = (programmeId: string, key: string): ItemKey => ({ pk: `PROGRAMME#${programmeId}`, sk: `NOTIFY#${key}` });
export const notificationDue = (programmeId: string, key: string, dueAtUtc: string) => ({
  gsi3pk: `DUE#${shardOf(`${programmeId}#${key}`)}`,
  gsi3sk: `${dueAtUtc}#${programmeId}#${key}`,
});
export const dueShards = 4;

/** one delivery of one notification to one recipient: the exactly-once ledger */
export const delivery = (notificationId: string, recipientHash: string): ItemKey => ({ pk: `DELIVERY#${notificationId}`, sk: recipientHash });

/** a watcher of a programme, by a hash of the address */
export const watcher = (programmeId: string, emailHash: string): ItemKey => ({ pk: `PROGRAMME#${programmeId}#WATCHER#${emailHash}`, sk: 'WATCHER' });
/** watchers of a programme (gsi1) */
export const watcherIndex = (programmeId: string, emailHash: string) => ({ gsi1pk: `PROGRAMME#${programmeId}#WATCHERS`, gsi1sk: emailHash });
export const watchersPartition = (programmeId: string) => `PROGRAMME#${programmeId}#WATCHERS`;
/** a watcher's confirm or unsubscribe token, by its hash */
export const watcherToken = (tokenHash: string): ItemKey => ({ pk: `WATCHTOKEN#${tokenHash}`, sk: 'TOKEN' });

/** an address that bounced or complained: no more mail to it */
export const suppressed = (emailHash: string): ItemKey => ({ pk: `SUPPRESSED#${emailHash}`, sk: 'SUPPRESSED' });
/** the suppression list for administrators (gsi1), newest first */
export const suppressedIndex = (atUtc: string, emailHash: string) => ({ gsi1pk: 'SUPPRESSED', gsi1sk: `${atUtc}#${emailHash}` });
export const suppressedPartition = 'SUPPRESSED';

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
  return hash % 4;
}
