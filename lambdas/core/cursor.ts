/**
 * Cursors handed to clients for the next page: JSON in base64url. What a cursor holds (a
 * DynamoDB key, an export's position) is its reader's to check; a changed one reads as undefined.
 */
import * as z from 'zod/mini';
import { wholeNumberUpTo } from '#text/sv';

/** A whole number 1 to `max` in a query's digits (`fallback` when absent). */
export const wholeNumberQuery = (max: number, fallback: number) =>
  z._default(
    z.pipe(
      z.string().check(z.regex(new RegExp(`^\\d{1,${String(max).length}}$`), wholeNumberUpTo(max))),
      z.transform((value: string) => Number(value)),
    ).check(z.gte(1), z.lte(max)),
    fallback,
  );

/** A paged read's query fields: `cursor`, and `limit`, 1 to `max` (`fallback` when absent). */
export const pagingFields = (max: number, fallback: number) => ({
  cursor: z.optional(z.string().check(z.maxLength(2000))),
  limit: wholeNumberQuery(max, fallback),
});

export function encodeCursor(value: unknown): string {
  return Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');
}

export function readCursor(cursor: string): unknown {
  try {
    return JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
}
