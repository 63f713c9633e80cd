/**
 * The adapters the use cases run with, built once per container. Functions that use no SES
 * action import from here only, so that the SES client is not in their bundle
 * (#adapters/mailing adds it for the others).
 */
import { dynamo } from '#adapters/clients';
import { config } from '#adapters/config';
import { DynamoDecisionStore, DynamoParticipantBatchReader, DynamoTransitions } from '#adapters/decisionStore';
import { randomIds } from '#adapters/ids';
import { DynamoExportStore, DynamoGroupReader, DynamoGroupStore, DynamoProgressStore } from '#adapters/progressStore';
import {
  DynamoApplicationLookup,
  DynamoApplicationReader,
  DynamoApplicationStore,
  DynamoProgrammeListing,
  DynamoProgrammeReader,
  DynamoProgrammeStore,
  unitApplicationCheck,
} from '#adapters/store';
import type { ApplicationDeps, ProgrammeStore } from '#domain/application';
import type { DecisionStore } from '#domain/decisions';
import type { ExportDeps } from '#domain/exports';
import type { GroupDeps } from '#domain/groups';
import type { ProgressDeps } from '#domain/progress';
import type { Mailer } from '#domain/ports';

/** Where no mail may go (the demo data): a use case that tries to send is a bug. */
const noMail: Mailer = {
  send() {
    return Promise.reject(new Error('this function does not send e-mail (see functionGroups in lambdas/routes.ts)'));
  },
};

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

/** Every store, with their writes: for the demo data (local/seed.ts), which sends no mail. */
export function storeDependencies(
  mailer: Mailer = noMail,
): Omit<ApplicationDeps, 'programmes' | 'decisions' | 'mailCap'> & { programmes: ProgrammeStore; decisions: DecisionStore } {
  return {
    programmes: programmeStore(),
    applications: applicationStore(),
    decisions: decisionStore(),
    mailer,
    ids: randomIds,
    siteUrl: config.siteUrl,
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
