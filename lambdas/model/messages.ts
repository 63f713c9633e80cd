/**
 * What the system tells people, and whom. The use cases say *what* (a receipt, a changed decision,
 * a reminder) and to whom; how it reads and which channel carries it is the adapter's
 * (messages/email.ts: the Swedish e-mails, sent through SES). A second channel is another
 * implementation of this port, not a change in the use cases.
 */
import type { Application } from '#model/application';
import type { Milestone, Programme } from '#model/programme';
import type { ProgrammeMessage } from '#model/programmeMessage';

/**
 * What became of one message: sent, refused for good, or to be tried again later: after a passing
 * fault, or because the account's sending rate was reached (`throttled`, which is no failed attempt).
 */
export type SendOutcome = { messageId: string } | { failed: string } | { retryLater: string; throttled?: boolean };

/** Why a fresh private link is sent: the address applied again, or someone asked for one. */
export type LinkReason = 'appliedAgain' | 'requested';

export interface Messages {
  /** the first application's receipt, with the private link */
  receipt(programme: Programme, application: Application, secret: string): Promise<SendOutcome>;
  /** a fresh private link; the old one no longer works */
  freshLink(programme: Programme, application: Application, secret: string, reason: LinkReason): Promise<SendOutcome>;
  applicationChanged(programme: Programme, application: Application): Promise<SendOutcome>;
  applicationWithdrawn(programme: Programme, application: Application, now: Date): Promise<SendOutcome>;
  /** an administrator registered the person directly, with their private link */
  registered(programme: Programme, application: Application, secret: string): Promise<SendOutcome>;
  /** the decision: published, or (with `changedAt`) changed after it was published */
  decision(programme: Programme, application: Application, changedAt?: Date): Promise<SendOutcome>;
  /** a reserve got a seat */
  promoted(programme: Programme, application: Application): Promise<SendOutcome>;
  /** a watcher's confirmation link */
  confirmWatch(programme: Programme, email: string, token: string): Promise<SendOutcome>;
  /** to a confirmed watcher, with their unsubscribe token */
  windowOpens(programme: Programme, email: string, unsubscribeToken: string): Promise<SendOutcome>;
  closesSoon(programme: Programme, email: string, days: number, unsubscribeToken: string): Promise<SendOutcome>;
  /** to a head: their units with undecided applications */
  decisionDue(programme: Programme, head: { email: string; name: string }, units: { name: string; undecided: number }[]): Promise<SendOutcome>;
  /** to the administration's contact, the day before the deadline: the units whose heads have not decided */
  undecidedDigest(programme: Programme, contactEmail: string, units: { name: string; head: string; undecided: number }[]): Promise<SendOutcome>;
  milestoneDue(programme: Programme, milestone: Milestone, days: number, participant: { email: string; name: string }): Promise<SendOutcome>;
  /** to a head: who in their units is not done */
  milestoneOverdue(
    programme: Programme,
    milestone: Milestone,
    head: { email: string; name: string },
    units: { name: string; participants: string[] }[],
  ): Promise<SendOutcome>;
  /** a message staff wrote, to one of its audience; a watcher's with their unsubscribe token */
  programmeMessage(
    programme: Programme,
    message: Pick<ProgrammeMessage, 'audience' | 'subject' | 'body' | 'by'>,
    recipient: { email: string; unsubscribeToken?: string },
  ): Promise<SendOutcome>;
}

/** A message that must go now (a receipt, a decision): a failure fails the request, as a failed write does. */
export async function told(outcome: Promise<SendOutcome>): Promise<void> {
  const result = await outcome;
  if ('messageId' in result) return;
  throw new Error(`e-mail not sent: ${'failed' in result ? result.failed : result.retryLater}`);
}
