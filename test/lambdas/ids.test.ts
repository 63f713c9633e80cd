/**
 * Ids appear in links, in the API and in the CSV exports: an id must read the same in a
 * spreadsheet, where a cell starting with `-` is taken for a formula (the exports guard it with `'`).
 */
import { describe, expect, it } from 'vitest';
import { randomIds } from '#adapters/ids';

describe('ids', () => {
  it('start with a letter and are URL-safe, 16 characters, and all different', () => {
    // Act: with 64 possible first characters, 10,000 ids would start with `-` or `_` about 300 times
    const ids = Array.from({ length: 10_000 }, () => randomIds.newId());
    // Assess
    expect(ids.filter((id) => !/^[A-Za-z][A-Za-z0-9_-]{15}$/.test(id))).toEqual([]);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
