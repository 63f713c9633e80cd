/**
 * Watchers: anyone may ask to be told about a programme's dates. Double opt-in: the request only
 * sends a confirmation link, and only confirmed watchers get mail. Every mail carries a one-click
 * unsubscribe link (RFC 8058) that stops all mail from that programme at once. Tokens are random
 * and stored only as hashes; the answer to a request never tells who watches what.
 */
import { tokenNotFound } from '#core/errors';
import { emailHash, hashSecret } from '#model/application';
import type { ProgrammeReader } from '#model/programme';
import { type Watcher, type WatcherStore, type WatcherToken, confirmDays, unsubscribeDays } from '#model/watcher';
import type { ApplicationDeps } from '#usecases/applications/apply';
import { programmeOf } from '#usecases/lookups';
import { type Messages, told } from '#model/messages';

export interface WatcherDeps extends Pick<ApplicationDeps, 'mailCap' | 'ids'> {
  messages: Pick<Messages, 'confirmWatch'>;
  programmes: ProgrammeReader;
  watchers: WatcherStore;
}

/** A fresh unsubscribe token for one mail to a watcher; returns the link's token. */
export async function unsubscribeToken(deps: Pick<WatcherDeps, 'watchers' | 'ids'>, watcher: Watcher, now: Date): Promise<string> {
  const token = deps.ids.secret();
  await deps.watchers.putToken(hashSecret(token), {
    programmeId: watcher.programmeId,
    emailHash: watcher.emailHash,
    purpose: 'unsubscribe',
    expiresAt: Math.floor(now.getTime() / 1000) + unsubscribeDays * 86_400,
  });
  return token;
}

/** `POST /api/programmes/{programmeId}/watchers`: always "accepted", whatever the address. */
export async function watch(deps: WatcherDeps, programmeId: string, email: string, now: Date): Promise<void> {
  const programme = await programmeOf(deps, programmeId);
  const hash = emailHash(email);
  // The cap first, whatever the address's state: the same work either way. A pending watcher asking
  // again within the interval gets nothing new; the link already mailed still works.
  if (!(await deps.mailCap.take(hash, programmeId, now))) return;
  const existing = await deps.watchers.get(programmeId, hash);
  if (existing?.status === 'confirmed') return;
  const token = deps.ids.secret();
  await deps.watchers.putToken(hashSecret(token), {
    programmeId,
    emailHash: hash,
    purpose: 'confirm',
    expiresAt: Math.floor(now.getTime() / 1000) + confirmDays * 86_400,
  });
  await deps.watchers.put({ programmeId, email, emailHash: hash, status: 'pending', createdAt: existing?.createdAt ?? now.toISOString() });
  await told(deps.messages.confirmWatch(programme, email, token));
}

async function watcherOf(deps: WatcherDeps, token: string, purposes: WatcherToken['purpose'][], now: Date) {
  const stored = await deps.watchers.getToken(hashSecret(token));
  if (!stored || !purposes.includes(stored.purpose) || stored.expiresAt * 1000 < now.getTime()) throw tokenNotFound();
  const watcher = await deps.watchers.get(stored.programmeId, stored.emailHash);
  if (!watcher) throw tokenNotFound();
  return watcher;
}

/** `POST /api/watchers/confirm` */
export async function confirmWatch(deps: WatcherDeps, token: string, now: Date) {
  const watcher = await watcherOf(deps, token, ['confirm'], now);
  const programme = await programmeOf(deps, watcher.programmeId);
  if (watcher.status !== 'confirmed') {
    await deps.watchers.put({ ...watcher, status: 'confirmed', confirmedAt: now.toISOString() });
  }
  return { programmeId: programme.id, title: programme.title, status: 'confirmed' as const };
}

/** `POST /api/watchers/unsubscribe`: stops all mail from the programme to this address. */
export async function unsubscribe(deps: WatcherDeps, token: string, now: Date) {
  // The confirmation link's token also stops it: "it was not me" needs no second mail.
  const watcher = await watcherOf(deps, token, ['unsubscribe', 'confirm'], now);
  const programme = await programmeOf(deps, watcher.programmeId);
  if (watcher.status !== 'unsubscribed') {
    await deps.watchers.put({ ...watcher, status: 'unsubscribed', unsubscribedAt: now.toISOString() });
  }
  return { programmeId: programme.id, title: programme.title, status: 'unsubscribed' as const };
}
