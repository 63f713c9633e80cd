/**
 * Bounces and complaints: SES publishes them through the configuration set to SNS, and the
 * feedback function records the address as suppressed. Notification runs send nothing more to a
 * suppressed address (the delivery is marked failed, `suppressed`); administrators see the list
 * and may lift a suppression once the address works again. A transient bounce (a full mailbox)
 * suppresses nothing: SES retries those itself.
 */
import { requireAdmin, type Actor } from '#domain/access';
import { emailHash } from '#domain/application';
import { suppressionNotFound } from '#domain/errors';
import type { Page } from '#domain/exports';

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
  /** false when there was none */
  lift(emailHash: string): Promise<boolean>;
}

export interface SuppressionDeps {
  suppressions: SuppressionStore;
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

/** Record what one SES message reports; returns how many addresses were suppressed. */
export async function recordFeedback(deps: SuppressionDeps, message: unknown, now: Date): Promise<number> {
  const suppressions = suppressionsOf(message, now);
  for (const suppression of suppressions) await deps.suppressions.suppress(suppression);
  return suppressions.length;
}

export async function listSuppressions(deps: SuppressionDeps, actor: Actor, limit: number, cursor: string | undefined) {
  requireAdmin(actor);
  return deps.suppressions.suppressions(limit, cursor);
}

export async function liftSuppression(deps: SuppressionDeps, actor: Actor, hash: string) {
  requireAdmin(actor);
  if (!(await deps.suppressions.lift(hash))) throw suppressionNotFound();
}
