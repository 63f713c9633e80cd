/**
 * The adapters the use cases run with, built once per container. Functions that send no mail
 * import `storeDependencies` only, so that the SES client is not in their bundle
 * (#adapters/mailing adds it for the others).
 */
import { dynamo } from '#adapters/clients';
import { config } from '#adapters/config';
import { DynamoDecisionStore } from '#adapters/decisionStore';
import { randomIds } from '#adapters/ids';
import { DynamoProgressStore } from '#adapters/progressStore';
import { DynamoSuppressionStore } from '#adapters/notificationStore';
import { DynamoApplicationStore, DynamoProgrammeStore } from '#adapters/store';
import type { ApplicationDeps } from '#domain/application';
import type { ExportDeps } from '#domain/exports';
import type { ProgressDeps } from '#domain/progress';
import type { Mailer } from '#domain/ports';
import type { SuppressionDeps } from '#domain/suppression';

/** For functions the route table says send no mail (and whose role may not): a use case that tries is a bug. */
const noMail: Mailer = {
  send() {
    return Promise.reject(new Error('this function does not send e-mail (see functionGroups in lambdas/routes.ts)'));
  },
};

// One factory per store, so that a function that builds only some bundles only those.
export const programmeStore = () => new DynamoProgrammeStore(dynamo(), config.tableName);
export const applicationStore = () => new DynamoApplicationStore(dynamo(), config.tableName);
export const decisionStore = () => new DynamoDecisionStore(dynamo(), config.tableName);
/** progress records, learning groups and the exports' reads: one store */
export const progressStore = () => new DynamoProgressStore(dynamo(), config.tableName);

export function storeDependencies(mailer: Mailer = noMail): ApplicationDeps {
  return {
    programmes: programmeStore(),
    applications: applicationStore(),
    decisions: decisionStore(),
    mailer,
    ids: randomIds,
    siteUrl: config.siteUrl,
  };
}

/** Progress and learning groups, for the functions that read or change them (and erasure). */
export function withProgress<Deps extends ApplicationDeps>(deps: Deps): Deps & ProgressDeps {
  const progress = progressStore();
  return { ...deps, progress, groups: progress };
}

export function exportDependencies(): ExportDeps {
  const progress = progressStore();
  return { programmes: programmeStore(), exports: progress, groups: progress };
}

export function suppressionDependencies(): SuppressionDeps {
  return { suppressions: new DynamoSuppressionStore(dynamo(), config.tableName) };
}
