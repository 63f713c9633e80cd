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
  programmeMessageStore,
  progressStore,
  transitions,
  unitApplications,
  watcherStore,
} from '#wiring/stores';
import { randomIds } from '#adapters/ids';
import { DynamoNotificationStore, DynamoSuppressionStore } from '#adapters/dynamodb/notifications';
import { SesSender } from '#adapters/ses/sender';
import { SesSuppressionList } from '#adapters/ses/suppressionList';
import { DynamoAppliedCheck } from '#adapters/dynamodb/applications';
import { DynamoMailCap } from '#adapters/dynamodb/mailCaps';
import type { ProgrammeListing } from '#model/programme';
import type { ApplicationDeps } from '#usecases/applications/apply';
import type { DecidingDeps, DecisionDeps } from '#usecases/decisions/decide';
import type { ProgrammeChangeDeps } from '#usecases/decisions/publish';
import type { GroupDeps } from '#usecases/groups/groups';
import type { ProgrammeDeps } from '#usecases/programmes/programmes';
import type { ProgressDeps } from '#usecases/progress/progress';
import type { SuppressionDeps } from '#usecases/suppression/suppression';
import * as mail from '#messages/email';
import type { EmailContext } from '#messages/email';
import type { NotifyDeps } from '#usecases/notifications/run';
import type { WatcherDeps } from '#usecases/watchers/watch';

const mailCap = () => new DynamoMailCap(dynamo(), config.tableName, config.mailCaps);

let sharedSender: SesSender | undefined;

/** One sender per container: its rate is the account's, shared by everything that mails. */
function sender(): SesSender {
  sharedSender ??= new SesSender(ses(), config.mailFrom, config.sesConfigurationSet, config.sesRatePerSecond);
  return sharedSender;
}

/** What every e-mail needs: the one sender, and the site its links point to. */
function email(): EmailContext {
  return { sender: sender(), siteUrl: config.siteUrl };
}

/** What applying, the applicant's changes and a withdrawal (which may promote a reserve) tell. */
function applicantMessages(c: EmailContext): ApplicationDeps['messages'] {
  return { receipt: mail.receipt(c), freshLink: mail.freshLink(c), applicationChanged: mail.applicationChanged(c), applicationWithdrawn: mail.applicationWithdrawn(c), promoted: mail.promoted(c) };
}

/** What the notification run tells. */
export function notices(c: EmailContext): NotifyDeps['messages'] {
  return {
    windowOpens: mail.windowOpens(c),
    closesSoon: mail.closesSoon(c),
    decisionDue: mail.decisionDue(c),
    undecidedDigest: mail.undecidedDigest(c),
    decision: mail.decision(c),
    milestoneDue: mail.milestoneDue(c),
    milestoneOverdue: mail.milestoneOverdue(c),
    promoted: mail.promoted(c),
    programmeMessage: mail.programmeMessage(c),
  };
}

/** Applying, and the applicant's own changes and withdrawal. */
export function applicationDependencies(): ApplicationDeps {
  return {
    programmes: programmeReader(),
    applications: applicationStore(),
    decisions: transitions(),
    messages: applicantMessages(email()),
    mailCap: mailCap(),
    ids: randomIds,
  };
}

/** What deciding needs besides programmes: it changes applications through transitions. */
function decisionParts(): Omit<DecisionDeps, 'programmes'> {
  return {
    applications: applicationReader(),
    decisions: decisionStore(),
    messages: { decision: mail.decision(email()), promoted: mail.promoted(email()), registered: mail.registered(email()) },
    ids: randomIds,
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
  return { programmes: programmeStore(), applications: unitApplications(), decisions: transitions(), messages: { promoted: mail.promoted(email()) } };
}

export function watcherDependencies(): WatcherDeps {
  return {
    programmes: programmeReader(),
    watchers: watcherStore(),
    messages: { confirmWatch: mail.confirmWatch(email()) },
    mailCap: mailCap(),
    ids: randomIds,
  };
}

/**
 * The notification run's, built for each run: with a sender of its own, whose pacing is the run's,
 * as it is in AWS, where runs at once are in containers of their own (locally they share a process).
 */
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
    programmeMessages: programmeMessageStore(),
    messages: notices({ sender: new SesSender(ses(), config.mailFrom, config.sesConfigurationSet, config.sesRatePerSecond), siteUrl: config.siteUrl }),
    ids: randomIds,
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
