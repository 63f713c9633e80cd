/**
 * The dependencies of functions that use SES: the stores, one SES sender per container, and SES's
 * suppression list for the one that lifts suppressions.
 */
import { dynamo, ses } from '#adapters/clients';
import { config } from '#adapters/config';
import {
  applicationReader,
  applicationStore,
  decisionStore,
  groupStore,
  programmeListing,
  programmeReader,
  programmeStore,
  progressStore,
  transitions,
  unitApplications,
} from '#adapters/dependencies';
import { randomIds } from '#adapters/ids';
import { DynamoNotificationStore, DynamoSuppressionStore, DynamoWatcherStore } from '#adapters/notificationStore';
import { SesSender } from '#adapters/sender';
import { SesSuppressionList } from '#adapters/sesSuppressionList';
import { DynamoAppliedCheck } from '#adapters/store';
import { DynamoMailCap } from '#adapters/mailCapStore';
import type { ApplicationDeps, ProgrammeListing } from '#domain/application';
import type { DecidingDeps, DecisionDeps, ProgrammeChangeDeps } from '#domain/decisions';
import type { GroupDeps } from '#domain/groups';
import type { ProgrammeDeps } from '#domain/programmes';
import type { ProgressDeps } from '#domain/progress';
import type { SuppressionDeps } from '#domain/suppression';
import type { Mailer } from '#domain/ports';
import type { NotifyDeps } from '#domain/notifications';
import type { WatcherDeps } from '#domain/watchers';

const watcherStore = () => new DynamoWatcherStore(dynamo(), config.tableName);
const mailCap = () => new DynamoMailCap(dynamo(), config.tableName, config.mailCaps);

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

function mailer(): Mailer {
  return senderMailer(sender());
}

/** Applying, and the applicant's own changes and withdrawal. */
export function applicationDependencies(): ApplicationDeps {
  return {
    programmes: programmeReader(),
    applications: applicationStore(),
    decisions: transitions(),
    mailer: mailer(),
    mailCap: mailCap(),
    ids: randomIds,
    siteUrl: config.siteUrl,
  };
}

/** What deciding needs besides programmes: it changes applications through transitions. */
function decisionParts(): Omit<DecisionDeps, 'programmes'> {
  return {
    applications: applicationReader(),
    decisions: decisionStore(),
    mailer: mailer(),
    ids: randomIds,
    siteUrl: config.siteUrl,
  };
}

/**
 * A head's decisions, and `/api/me`, which lists every programme for the units a head leads. One
 * no longer appointed leaves their learning group.
 */
export function decisionDependencies(): DecidingDeps & { programmes: ProgrammeListing } {
  return { programmes: programmeListing(), ...decisionParts(), groups: groupStore() };
}

/** Publishing the decisions and releasing a unit's seats change the programme too. */
export function decisionAdminDependencies(): ProgrammeChangeDeps {
  return { programmes: programmeStore(), ...decisionParts() };
}

/** Erasure also removes a person's progress and their place in a learning group; so does leaving before the start. */
export function participantDependencies(): DecisionDeps & Pick<ProgressDeps, 'progress'> & Pick<GroupDeps, 'groups'> {
  return { programmes: programmeReader(), ...decisionParts(), progress: progressStore(), groups: groupStore() };
}

/** Publishing and changing programmes, and importing units: more seats promote reserves. */
export function programmeAdminDependencies(): ProgrammeDeps {
  return { programmes: programmeStore(), applications: unitApplications(), decisions: transitions(), mailer: mailer(), siteUrl: config.siteUrl };
}

export function watcherDependencies(): WatcherDeps {
  return {
    programmes: programmeReader(),
    watchers: watcherStore(),
    mailer: mailer(),
    mailCap: mailCap(),
    siteUrl: config.siteUrl,
  };
}

export function notifyDependencies(): NotifyDeps {
  return {
    programmes: programmeReader(),
    applications: applicationReader(),
    applied: new DynamoAppliedCheck(dynamo(), config.tableName),
    decisions: decisionStore(),
    // The run reads progress (who is done); erasing a programme's data takes people out of groups.
    progress: progressStore(),
    groups: groupStore(),
    watchers: watcherStore(),
    notifications: new DynamoNotificationStore(dynamo(), config.tableName),
    sender: sender(),
    siteUrl: config.siteUrl,
    concurrency: 8,
  };
}

/** Bounces and complaints, and the administrators' list: lifting takes the address off SES's list too. */
export function suppressionDependencies(): SuppressionDeps {
  return {
    suppressions: new DynamoSuppressionStore(dynamo(), config.tableName),
    senderSuppressions: new SesSuppressionList(ses()),
  };
}
