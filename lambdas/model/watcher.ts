/**
 * Watchers: anyone may ask to be told about a programme's dates. Double opt-in: the request only
 * sends a confirmation link, and only confirmed watchers get mail. Every mail carries a one-click
 * unsubscribe link (RFC 8058) that stops all mail from that programme at once. Tokens are random
 * and stored only as hashes; the answer to a request never tells who watches what.
 */
import * as z from 'zod/mini';
import { emailAddress } from '#model/programme';

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

export const confirmDays = 7;

/** unsubscribe links keep working for about a year after the mail */
export const unsubscribeDays = 400;
