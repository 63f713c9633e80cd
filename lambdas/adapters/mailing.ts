/** The dependencies of functions that send e-mail: the stores, and one SES sender per container. */
import { dynamo, ses } from '#adapters/clients';
import { config } from '#adapters/config';
import { programmeReader, progressStore, storeDependencies } from '#adapters/dependencies';
import { DynamoNotificationStore, DynamoWatcherStore } from '#adapters/notificationStore';
import { SesSender } from '#adapters/sender';
import type { ApplicationDeps } from '#domain/application';
import type { Mailer } from '#domain/ports';
import type { NotifyDeps } from '#domain/notifications';
import type { WatcherDeps } from '#domain/watchers';

const watcherStore = () => new DynamoWatcherStore(dynamo(), config.tableName);

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
  return storeDependencies(senderMailer(sender()));
}

export function watcherDependencies(): WatcherDeps {
  return {
    programmes: programmeReader(),
    watchers: watcherStore(),
    mailer: senderMailer(sender()),
    siteUrl: config.siteUrl,
  };
}

export function notifyDependencies(): NotifyDeps {
  return {
    ...applicationDependencies(),
    // The run reads progress (who is done); it changes no learning group, so no group store.
    progress: progressStore(),
    watchers: watcherStore(),
    notifications: new DynamoNotificationStore(dynamo(), config.tableName),
    sender: sender(),
    concurrency: 8,
  };
}
