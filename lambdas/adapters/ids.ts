/** Random ids and secrets from the platform's CSPRNG. */
import { randomBytes } from 'node:crypto';
import type { IdSource } from '#domain/ports';

export const randomIds: IdSource = {
  // 96 bits: unguessable enough that ids reveal nothing, short enough for a link
  newId: () => randomBytes(12).toString('base64url'),
  // 256 bits: the private link's secret (stored only as its SHA-256)
  secret: () => randomBytes(32).toString('base64url'),
};
