/**
 * The Messages port as e-mail: each message's Swedish template (messages/*.ts), with the links to
 * the site it needs, sent through the one sender (the account's rate, retries, and the line
 * between a final and a passing failure).
 */
import type { LinkReason, Messages, SendOutcome } from '#model/messages';
import type { Application } from '#model/application';
import type { Programme } from '#model/programme';
import type { ProgrammeMessage } from '#model/programmeMessage';
import { sitePaths } from '#site';
import { type MailContent, withFooterLink } from '#messages/layout';
import { changedMail, linkAgainMail, receiptMail, withdrawnMail } from '#messages/applications';
import { promotedMail, registeredMail } from '#messages/decisions';
import {
  closesSoonMail,
  confirmWatchMail,
  decisionDueMail,
  undecidedDigestMail,
  decisionMail,
  milestoneDueMail,
  milestoneOverdueMail,
  windowOpensMail,
} from '#messages/notifications';
import { programmeMessageMail } from '#messages/programmeMessages';

/** One e-mail as it goes out. */
export type Email = { to: string; headers?: Record<string, string> } & MailContent;

/** What sends an e-mail and says how it went (adapters/sender.ts, over SES). */
export interface Sender {
  send(mail: Email): Promise<SendOutcome>;
}

/** What every e-mail needs: the sender, and the site its links point to. */
export interface EmailContext {
  sender: Sender;
  siteUrl: string;
}

// One factory per message, each a plain function: a function's bundle holds only the templates of
// the messages its use cases send (a class's methods would all be bundled wherever one is used).

const link = (c: Pick<EmailContext, 'siteUrl'>, path: string) => `${c.siteUrl}${path}`;

/** Every mail ends with where to read how its recipient's personal data is handled. */
const withPrivacyLink = (c: Pick<EmailContext, 'siteUrl'>, content: MailContent) =>
  withFooterLink(content, 'Så behandlar vi dina personuppgifter', link(c, sitePaths.privacy));

function send(c: EmailContext, email: Email): Promise<SendOutcome> {
  return c.sender.send({ ...email, ...withPrivacyLink(c, email) });
}
const privateLink = (c: EmailContext, application: Application, secret: string) => link(c, sitePaths.application(application.id, secret));
/** Where someone without their private link asks for a new one. */
const lostLink = (c: EmailContext, programme: Programme) => link(c, sitePaths.lostLink(programme.id));

/** To a watcher: with the one-click unsubscribe of RFC 8058. */
function toWatcher(c: EmailContext, email: string, token: string, content: (unsubscribePage: string) => MailContent): Promise<SendOutcome> {
  return send(c, {
    to: email,
    ...content(link(c, sitePaths.unsubscribe(token))),
    headers: { 'List-Unsubscribe': `<${link(c, sitePaths.oneClickUnsubscribe(token))}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' },
  });
}

export const receipt = (c: EmailContext): Messages['receipt'] => (programme, application, secret) =>
  send(c, { to: application.email, ...receiptMail(programme, application, privateLink(c, application, secret)) });

export const freshLink = (c: EmailContext): Messages['freshLink'] => (programme, application, secret, reason: LinkReason) =>
  send(c, { to: application.email, ...linkAgainMail(programme, application, privateLink(c, application, secret), reason) });

export const applicationChanged = (c: EmailContext): Messages['applicationChanged'] => (programme, application) =>
  send(c, { to: application.email, ...changedMail(programme, application) });

export const applicationWithdrawn = (c: EmailContext): Messages['applicationWithdrawn'] => (programme, application, now) =>
  send(c, { to: application.email, ...withdrawnMail(programme, application, now) });

export const registered = (c: EmailContext): Messages['registered'] => (programme, application, secret) =>
  send(c, { to: application.email, ...registeredMail(programme, application, privateLink(c, application, secret)) });

export const decision = (c: EmailContext): Messages['decision'] => (programme, application, changedAt) =>
  send(c, { to: application.email, ...decisionMail(programme, application, lostLink(c, programme), changedAt) });

export const promoted = (c: EmailContext): Messages['promoted'] => (programme, application) =>
  send(c, { to: application.email, ...promotedMail(programme, application, lostLink(c, programme)) });

export const confirmWatch = (c: EmailContext): Messages['confirmWatch'] => (programme, email, token) =>
  send(c, { to: email, ...confirmWatchMail(programme, link(c, sitePaths.confirmWatch(token))) });

export const windowOpens = (c: EmailContext): Messages['windowOpens'] => (programme, email, token) =>
  toWatcher(c, email, token, (page) => windowOpensMail(programme, link(c, sitePaths.programme(programme.id)), page));

export const closesSoon = (c: EmailContext): Messages['closesSoon'] => (programme, email, days, token) =>
  toWatcher(c, email, token, (page) => closesSoonMail(programme, days, link(c, sitePaths.programme(programme.id)), page));

export const decisionDue = (c: EmailContext): Messages['decisionDue'] => (programme, head, units) =>
  send(c, { to: head.email, ...decisionDueMail(programme, head.name, units, link(c, '/beslut.html')) });

export const undecidedDigest = (c: EmailContext): Messages['undecidedDigest'] => (programme, contactEmail, units) =>
  send(c, { to: contactEmail, ...undecidedDigestMail(programme, units, link(c, `/admin.html?programme=${encodeURIComponent(programme.id)}`)) });

export const milestoneDue = (c: EmailContext): Messages['milestoneDue'] => (programme, milestone, days, participant) =>
  send(c, { to: participant.email, ...milestoneDueMail(programme, milestone, days, participant.name, lostLink(c, programme)) });

export const milestoneOverdue = (c: EmailContext): Messages['milestoneOverdue'] => (programme, milestone, head, units) =>
  send(c, {
    to: head.email,
    ...milestoneOverdueMail(programme, milestone, head.name, units, link(c, `/framsteg.html?programme=${encodeURIComponent(programme.id)}`)),
  });

export const programmeMessage = (c: EmailContext): Messages['programmeMessage'] => (programme, message, recipient) => {
  const programmeLink = link(c, sitePaths.programme(programme.id));
  return recipient.unsubscribeToken === undefined
    ? send(c, { to: recipient.email, ...programmeMessageMail(programme, message, { programme: programmeLink }) })
    : toWatcher(c, recipient.email, recipient.unsubscribeToken, (page) => programmeMessageMail(programme, message, { programme: programmeLink, unsubscribe: page }));
};

/** The message as it will read (to the first of its audience), for the page that sends it. */
export const programmeMessagePreview = (c: Pick<EmailContext, 'siteUrl'>) => (programme: Programme, message: Pick<ProgrammeMessage, 'audience' | 'subject' | 'body' | 'by'>) =>
  withPrivacyLink(
    c,
    programmeMessageMail(programme, message, {
      programme: link(c, sitePaths.programme(programme.id)),
      ...(message.audience === 'watchers' ? { unsubscribe: link(c, sitePaths.unsubscribe('…')) } : {}),
    }),
  );
