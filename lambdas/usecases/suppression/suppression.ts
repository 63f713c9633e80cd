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
import { suppressionNotFound } from '#core/errors';
import { type Actor, requireAdmin } from '#model/access';
import { type SenderSuppressionList, type SuppressionStore, suppressionsOf } from '#model/suppression';

export interface SuppressionDeps {
  suppressions: SuppressionStore;
  senderSuppressions: SenderSuppressionList;
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

/**
 * The sender's list first, then ours: if the sender refuses, the suppression is still listed and
 * the administrator can try again; nothing is lifted halfway.
 */
export async function liftSuppression(deps: SuppressionDeps, actor: Actor, hash: string) {
  requireAdmin(actor);
  const suppression = await deps.suppressions.find(hash);
  if (!suppression) throw suppressionNotFound();
  await deps.senderSuppressions.remove(suppression.email);
  await deps.suppressions.lift(hash);
}
