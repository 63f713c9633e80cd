/**
 * The adapters the use cases run with, built once per container. Functions that use no SES
 * action import from here only, so that the SES client is not in their bundle
 * (#wiring/mailing adds it for the others).
 */
import { dynamo } from '#adapters/clients';
import { config } from '#adapters/config';
import { DynamoDecisionStore, DynamoParticipantBatchReader, DynamoTransitions, audienceReads } from '#adapters/dynamodb/decisions';
import { randomIds } from '#adapters/ids';
import { DynamoExportStore, DynamoGroupReader, DynamoGroupStore, DynamoProgressStore } from '#adapters/dynamodb/progress';
import { DynamoApplicationLookup, DynamoApplicationReader, DynamoApplicationStore, unitApplicationCheck } from '#adapters/dynamodb/applications';
import { DynamoProgrammeMessageStore } from '#adapters/dynamodb/programmeMessages';
import { DynamoSuppressionStore, DynamoWatcherStore } from '#adapters/dynamodb/notifications';
import { programmeMessagePreview } from '#messages/email';
import { DynamoProgrammeListing, DynamoProgrammeReader, DynamoProgrammeStore } from '#adapters/dynamodb/programmes';
import type { ProgrammeStore } from '#model/programme';
import type { Messages } from '#model/messages';
import type { ApplicationDeps } from '#usecases/applications/apply';
import type { DecisionStore } from '#model/transition';
import type { ExportDeps } from '#usecases/exports/export';
import type { GroupDeps } from '#usecases/groups/groups';
import type { ProgressDeps } from '#usecases/progress/progress';
import type { MessageDeps } from '#usecases/messages/messages';

/** Where nothing may be told (the demo data): a use case that tries is a bug. */
const noMessages = new Proxy({} as Messages, {
  get: () => () => Promise.reject(new Error('the demo data sends no messages (see functionGroups in lambdas/routes.ts)')),
});

// One factory per store, so that a function that builds only some bundles only those; a reader
// for functions that only read, so that they do not bundle the writes.
export const programmeStore = () => new DynamoProgrammeStore(dynamo(), config.tableName);
export const programmeReader = () => new DynamoProgrammeReader(dynamo(), config.tableName);
export const programmeListing = () => new DynamoProgrammeListing(dynamo(), config.tableName);
export const applicationStore = () => new DynamoApplicationStore(dynamo(), config.tableName);
export const applicationReader = () => new DynamoApplicationReader(dynamo(), config.tableName);
const applicationLookup = () => new DynamoApplicationLookup(dynamo(), config.tableName);
export const unitApplications = () => unitApplicationCheck(dynamo(), config.tableName);
export const decisionStore = () => new DynamoDecisionStore(dynamo(), config.tableName);
export const transitions = () => new DynamoTransitions(dynamo(), config.tableName);
const participantBatchReader = () => new DynamoParticipantBatchReader(dynamo(), config.tableName);
export const progressStore = () => new DynamoProgressStore(dynamo(), config.tableName);
export const groupStore = () => new DynamoGroupStore(dynamo(), config.tableName);
const groupReader = () => new DynamoGroupReader(dynamo(), config.tableName);
export const watcherStore = () => new DynamoWatcherStore(dynamo(), config.tableName);
export const programmeMessageStore = () => new DynamoProgrammeMessageStore(dynamo(), config.tableName);

/** Every store, with their writes: for the demo data (local/seed.ts), which sends no mail. */
export function storeDependencies(): Omit<ApplicationDeps, 'programmes' | 'decisions' | 'mailCap' | 'messages'> & { programmes: ProgrammeStore; decisions: DecisionStore; messages: Messages } {
  return {
    programmes: programmeStore(),
    applications: applicationStore(),
    decisions: decisionStore(),
    messages: noMessages,
    ids: randomIds,
  };
}

/** Progress: its store, and only reads of the rest. */
export function progressDependencies(): ProgressDeps {
  return {
    programmes: programmeReader(),
    applications: applicationLookup(),
    // a participant's own group names its members, read by id
    decisions: participantBatchReader(),
    progress: progressStore(),
    groups: groupReader(),
  };
}

/** Learning groups: their store, and only reads of programmes and participants. */
export function groupDependencies(): GroupDeps {
  return { programmes: programmeReader(), decisions: participantBatchReader(), groups: groupStore(), ids: randomIds };
}

export function exportDependencies(): ExportDeps {
  const reads = new DynamoExportStore(dynamo(), config.tableName);
  return { programmes: programmeReader(), exports: reads, groups: reads };
}

/** Messages to a programme's people: written, previewed and queued here, sent by the notification run. */
export function programmeMessageDependencies(): MessageDeps {
  const suppressions = new DynamoSuppressionStore(dynamo(), config.tableName);
  return {
    programmes: programmeReader(),
    decisions: audienceReads(dynamo(), config.tableName),
    watchers: watcherStore(),
    programmeMessages: programmeMessageStore(),
    suppressedAmong: (hashes) => suppressions.suppressedAmong(hashes),
    preview: programmeMessagePreview({ siteUrl: config.siteUrl }),
  };
}
