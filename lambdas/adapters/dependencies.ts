/** The adapters the use cases run with, built once per container. */
import { dynamo, ses } from '#adapters/clients';
import { config } from '#adapters/config';
import { DynamoDecisionStore } from '#adapters/decisionStore';
import { randomIds } from '#adapters/ids';
import { DynamoApplicationStore, DynamoProgrammeStore } from '#adapters/store';
import { DynamoProgressStore } from '#adapters/progressStore';
import { DynamoNotificationStore, DynamoSuppressionStore, DynamoWatcherStore } from '#adapters/notificationStore';
import { SesSender } from '#adapters/sender';
import type { ApplicationDeps } from '#domain/application';
import type { Mailer } from '#domain/ports';
import type { NotifyDeps } from '#domain/notifications';
import type { WatcherDeps } from '#domain/watchers';
import type { SuppressionDeps } from '#domain/suppression';

let sharedSender: SesSender | undefined;

/** One sender per container: its rate is the account's, shared by everything that mails. */
function sender(): SesSender {
  sharedSender ??= new SesSender(ses(), config.mailFrom, config.sesConfigurationSet, config.sesRatePerSecond);
  return sharedSender;
}

/** Immediate mails (receipts and the like) take the same path: rate, retries, and a thrown failure. */
function senderMailer(through: SesSender): Mailer {
  return {
    async send(mail) {
      const outcome = await through.send(mail);
      if ('messageId' in outcome) return outcome;
      throw new Error(`e-mail not sent: ${'failed' in outcome ? outcome.failed : outcome.retryLater}`);
    },
  };
}

export function applicationDependencies(): ApplicationDeps {
  const progress = new DynamoProgressStore(dynamo(), config.tableName);
  return {
    programmes: new DynamoProgrammeStore(dynamo(), config.tableName),
    applications: new DynamoApplicationStore(dynamo(), config.tableName),
    decisions: new DynamoDecisionStore(dynamo(), config.tableName),
    progress,
    groups: progress,
    exports: progress,
    mailer: senderMailer(sender()),
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
    sender: sender(),
    concurrency: 8,
  };
}

export function suppressionDependencies(): SuppressionDeps {
  return { suppressions: new DynamoSuppressionStore(dynamo(), config.tableName) };
}
