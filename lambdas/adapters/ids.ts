/** Random ids and secrets from the platform's CSPRNG. */
import { randomBytes } from 'node:crypto';
import type { IdSource } from '#core/ids';

export const randomIds: IdSource = {
  // 94 random bits: unguessable enough that ids reveal nothing, short enough for a link. The first
  // character is a letter (A–P): an id starting with `-` would read as a formula in a spreadsheet,
  // so the exports would print it with a guarding `'`, and it would not match the id elsewhere.
  newId: () => {
    const bytes = randomBytes(12);
    bytes[0]! &= 0x3f;
    return bytes.toString('base64url');
  },
  // 256 bits: the private link's secret (stored only as its SHA-256)
  secret: () => randomBytes(32).toString('base64url'),
};
