/**
 * The Messages port as e-mail: each message's Swedish template (messages/*.ts), with the links to
 * the site it needs, sent through the one sender (the account's rate, retries, and the line
 * between a final and a passing failure).
 */
import type { LinkReason, Messages, SendOutcome } from '#model/messages';
import type { Application } from '#model/application';
import type { Milestone, Programme } from '#model/programme';
import { sitePaths } from '#site';
import type { MailContent } from '#messages/layout';
import { changedMail, linkAgainMail, receiptMail, withdrawnMail } from '#messages/applications';
import { promotedMail, registeredMail } from '#messages/decisions';
import {
  closesSoonMail,
  confirmWatchMail,
  decisionDueMail,
  decisionMail,
  milestoneDueMail,
  milestoneOverdueMail,
  windowOpensMail,
} from '#messages/notifications';

/** One e-mail as it goes out. */
export type Email = { to: string; headers?: Record<string, string> } & MailContent;

/** What sends an e-mail and says how it went (adapters/sender.ts, over SES). */
export interface Sender {
  send(mail: Email): Promise<SendOutcome>;
}

export class EmailMessages implements Messages {
  constructor(
    private readonly sender: Sender,
    private readonly siteUrl: string,
  ) {}

  private link(path: string): string {
    return `${this.siteUrl}${path}`;
  }

  private privateLink(application: Application, secret: string): string {
    return this.link(sitePaths.application(application.id, secret));
  }

  /** Where someone without their private link asks for a new one. */
  private lostLink(programme: Programme): string {
    return this.link(sitePaths.lostLink(programme.id));
  }

  /** To a watcher: with the one-click unsubscribe of RFC 8058. */
  private toWatcher(email: string, token: string, content: (unsubscribePage: string) => MailContent): Promise<SendOutcome> {
    return this.sender.send({
      to: email,
      ...content(this.link(sitePaths.unsubscribe(token))),
      headers: { 'List-Unsubscribe': `<${this.link(sitePaths.oneClickUnsubscribe(token))}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' },
    });
  }

  receipt(programme: Programme, application: Application, secret: string) {
    return this.sender.send({ to: application.email, ...receiptMail(programme, application, this.privateLink(application, secret)) });
  }

  freshLink(programme: Programme, application: Application, secret: string, reason: LinkReason) {
    return this.sender.send({ to: application.email, ...linkAgainMail(programme, application, this.privateLink(application, secret), reason) });
  }

  applicationChanged(programme: Programme, application: Application) {
    return this.sender.send({ to: application.email, ...changedMail(programme, application) });
  }

  applicationWithdrawn(programme: Programme, application: Application, now: Date) {
    return this.sender.send({ to: application.email, ...withdrawnMail(programme, application, now) });
  }

  registered(programme: Programme, application: Application, secret: string) {
    return this.sender.send({ to: application.email, ...registeredMail(programme, application, this.privateLink(application, secret)) });
  }

  decision(programme: Programme, application: Application, changedAt?: Date) {
    return this.sender.send({ to: application.email, ...decisionMail(programme, application, this.lostLink(programme), changedAt) });
  }

  promoted(programme: Programme, application: Application) {
    return this.sender.send({ to: application.email, ...promotedMail(programme, application, this.lostLink(programme)) });
  }

  confirmWatch(programme: Programme, email: string, token: string) {
    return this.sender.send({ to: email, ...confirmWatchMail(programme, this.link(sitePaths.confirmWatch(token))) });
  }

  windowOpens(programme: Programme, email: string, unsubscribeToken: string) {
    return this.toWatcher(email, unsubscribeToken, (page) => windowOpensMail(programme, this.link(sitePaths.programme(programme.id)), page));
  }

  closesSoon(programme: Programme, email: string, days: number, unsubscribeToken: string) {
    return this.toWatcher(email, unsubscribeToken, (page) => closesSoonMail(programme, days, this.link(sitePaths.programme(programme.id)), page));
  }

  decisionDue(programme: Programme, head: { email: string; name: string }, units: { name: string; undecided: number }[]) {
    return this.sender.send({ to: head.email, ...decisionDueMail(programme, head.name, units, this.link('/beslut.html')) });
  }

  milestoneDue(programme: Programme, milestone: Milestone, days: number, participant: { email: string; name: string }) {
    return this.sender.send({ to: participant.email, ...milestoneDueMail(programme, milestone, days, participant.name, this.lostLink(programme)) });
  }

  milestoneOverdue(programme: Programme, milestone: Milestone, head: { email: string; name: string }, units: { name: string; participants: string[] }[]) {
    const progressPage = this.link(`/framsteg.html?programme=${encodeURIComponent(programme.id)}`);
    return this.sender.send({ to: head.email, ...milestoneOverdueMail(programme, milestone, head.name, units, progressPage) });
  }
}
