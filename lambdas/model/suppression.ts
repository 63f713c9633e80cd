/**
 * Bounces and complaints: SES publishes them through the configuration set to SNS, and the
 * feedback function records the address as suppressed. Notification runs send nothing more to a
 * suppressed address (the delivery is marked failed, `suppressed`); administrators see the list
 * and may lift a suppression once the address works again. A transient bounce (a full mailbox)
 * suppresses nothing: SES retries those itself.
 *
 * SES keeps a suppression list of its own (the account's) and drops mail to the addresses on it,
 * reporting each dropped message as a bounce. Lifting a suppression therefore takes the address
 * off that list first: else the next mail would be dropped, and its bounce suppress it again.
 */
import { emailHash } from '#model/application';
import type { Page } from '#model/exports';

export interface Suppression {
  emailHash: string;
  email: string;
  reason: 'bounce' | 'complaint';
  /** SES's words: the bounce subtype or the complaint's feedback type */
  detail: string;
  /** when SES reported it */
  at: string;
}

export interface SuppressionStore {
  /** record (or refresh) a suppression */
  suppress(suppression: Suppression): Promise<void>;
  /** newest first */
  suppressions(limit: number, cursor: string | undefined): Promise<Page<Suppression>>;
  find(emailHash: string): Promise<Suppression | undefined>;
  /** of these address hashes, the suppressed ones (batch reads) */
  suppressedAmong(emailHashes: string[]): Promise<Set<string>>;
  lift(emailHash: string): Promise<void>;
}

/** The sending service's own suppression list (in AWS, SES's list for the account). */
export interface SenderSuppressionList {
  /** take the address off the list; done, too, if it was not on it */
  remove(email: string): Promise<void>;
}

interface Recipient {
  emailAddress?: unknown;
}

/**
 * The suppressions an SES message asks for. Both shapes SES sends are read: event publishing
 * (`eventType`, from a configuration set) and identity notifications (`notificationType`).
 */
export function suppressionsOf(message: unknown, now: Date): Suppression[] {
  if (!message || typeof message !== 'object') return [];
  const event = message as Record<string, any>;
  const type = event.eventType ?? event.notificationType;
  const addresses = (recipients: unknown) =>
    (Array.isArray(recipients) ? (recipients as Recipient[]) : [])
      .map((recipient) => (typeof recipient?.emailAddress === 'string' ? recipient.emailAddress.trim().toLowerCase() : ''))
      .filter((address) => address.includes('@'));
  const at = (timestamp: unknown) => (typeof timestamp === 'string' && !Number.isNaN(Date.parse(timestamp)) ? new Date(timestamp).toISOString() : now.toISOString());
  if (type === 'Bounce' && event.bounce?.bounceType === 'Permanent') {
    return addresses(event.bounce.bouncedRecipients).map((email) => ({
      emailHash: emailHash(email),
      email,
      reason: 'bounce',
      detail: String(event.bounce.bounceSubType ?? 'General'),
      at: at(event.bounce.timestamp),
    }));
  }
  if (type === 'Complaint') {
    return addresses(event.complaint?.complainedRecipients).map((email) => ({
      emailHash: emailHash(email),
      email,
      reason: 'complaint',
      detail: String(event.complaint?.complaintFeedbackType ?? 'abuse'),
      at: at(event.complaint?.timestamp),
    }));
  }
  return [];
}
