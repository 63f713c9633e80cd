/**
 * Cursors handed to clients for the next page: JSON in base64url. What a cursor holds (a
 * DynamoDB key, an export's position) is its reader's to check; a changed one reads as undefined.
 */
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
