/**
 * Watchers: anyone may ask to be told about a programme's dates. Double opt-in: the request only
 * sends a confirmation link, and only confirmed watchers get mail. Every mail carries a one-click
 * unsubscribe link (RFC 8058) that stops all mail from that programme at once. Tokens are random
 * and stored only as hashes; the answer to a request never tells who watches what.
 */
import { randomBytes } from 'node:crypto';
import * as z from 'zod/mini';
import { emailHash, hashSecret, programmeOf, send, type ApplicationDeps, type ProgrammeReader } from '#domain/application';
import { tokenNotFound } from '#domain/errors';
import { emailAddress } from '#domain/programme';
import { confirmWatchMail } from '#mail/notifications';
import { sitePaths } from '#site';

export const watchSchema = /* @__PURE__ */ z.lazy(() => z.strictObject({ email: emailAddress() }));
export const tokenSchema = /* @__PURE__ */ z.lazy(() => z.strictObject({ token: z.string().check(z.minLength(20), z.maxLength(200)) }));

export interface Watcher {
  programmeId: string;
  email: string;
  emailHash: string;
  status: 'pending' | 'confirmed' | 'unsubscribed';
  createdAt: string;
  confirmedAt?: string;
  unsubscribedAt?: string;
}

export interface WatcherToken {
  programmeId: string;
  emailHash: string;
  purpose: 'confirm' | 'unsubscribe';
  /** epoch seconds: the table's TTL removes it, and it is refused after */
  expiresAt: number;
}

export interface WatcherStore {
  get(programmeId: string, emailHash: string): Promise<Watcher | undefined>;
  put(watcher: Watcher): Promise<void>;
  putToken(tokenHash: string, token: WatcherToken): Promise<void>;
  getToken(tokenHash: string): Promise<WatcherToken | undefined>;
  /** confirmed watchers of a programme (Query on gsi1) */
  confirmed(programmeId: string): Promise<Watcher[]>;
  /** every watcher of a programme, whatever their status, deleted; returns how many */
  eraseAll(programmeId: string): Promise<number>;
}

export interface WatcherDeps extends Pick<ApplicationDeps, 'mailer' | 'siteUrl' | 'mailCap'> {
  programmes: ProgrammeReader;
  watchers: WatcherStore;
}

const confirmDays = 7;
/** unsubscribe links keep working for about a year after the mail */
const unsubscribeDays = 400;

export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

/** A fresh unsubscribe token for one mail to a watcher; returns the link's token. */
export async function unsubscribeToken(deps: Pick<WatcherDeps, 'watchers'>, watcher: Watcher, now: Date): Promise<string> {
  const token = newToken();
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
  const token = newToken();
  await deps.watchers.putToken(hashSecret(token), {
    programmeId,
    emailHash: hash,
    purpose: 'confirm',
    expiresAt: Math.floor(now.getTime() / 1000) + confirmDays * 86_400,
  });
  await deps.watchers.put({ programmeId, email, emailHash: hash, status: 'pending', createdAt: existing?.createdAt ?? now.toISOString() });
  await send(deps, email, confirmWatchMail(programme, `${deps.siteUrl}${sitePaths.confirmWatch(token)}`));
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
