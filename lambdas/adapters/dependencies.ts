/** The adapters the use cases run with, built once per container. */
import { dynamo, ses } from '#adapters/clients';
import { config } from '#adapters/config';
import { DynamoDecisionStore } from '#adapters/decisionStore';
import { randomIds } from '#adapters/ids';
import { SesMailer } from '#adapters/mailer';
import { DynamoApplicationStore, DynamoProgrammeStore } from '#adapters/store';
import { DynamoNotificationStore, DynamoWatcherStore } from '#adapters/notificationStore';
import { SesSender } from '#adapters/sender';
import type { ApplicationDeps } from '#domain/application';
import type { NotifyDeps } from '#domain/notifications';
import type { WatcherDeps } from '#domain/watchers';

export function applicationDependencies(): ApplicationDeps {
  return {
    programmes: new DynamoProgrammeStore(dynamo(), config.tableName),
    applications: new DynamoApplicationStore(dynamo(), config.tableName),
    decisions: new DynamoDecisionStore(dynamo(), config.tableName),
    mailer: new SesMailer(ses(), config.mailFrom, config.sesConfigurationSet),
    ids: randomIds,
    siteUrl: config.siteUrl,
  };
}

export function watcherDependencies(): WatcherDeps {
  return { ...applicationDependencies(), watchers: new DynamoWatcherStore(dynamo(), config.tableName) };
}

export function notifyDependencies(): NotifyDeps {
  return {
    ...watcherDependencies(),
    notifications: new DynamoNotificationStore(dynamo(), config.tableName),
    sender: new SesSender(ses(), config.mailFrom, config.sesConfigurationSet, config.sesRatePerSecond),
    concurrency: 8,
  };
}
