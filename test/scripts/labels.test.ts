/**
 * The words the pages show for values are the server's: web/js/labels.js is written from
 * lambdas/text/sv.ts, names every value the model knows, and no page spells a value's word itself.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { labels } from '#text/sv';
import { roles } from '#model/application';
import { decisionValues } from '#model/decision';
import { milestoneKinds, unitKinds } from '#model/programme';
import { phases } from '#model/group';
import { progressStatuses } from '#model/progress';
import { applicantGroups, audiences } from '#model/programmeMessage';
import { labelsModule, labelsPath } from '../../scripts/labels.ts';

const pages = join(import.meta.dirname, '..', '..', 'web', 'js');

describe('the labels the pages share with the server', () => {
  it('are web/js/labels.js as npm run labels writes it from lambdas/text/sv.ts', () => {
    expect(readFileSync(labelsPath, 'utf8')).toBe(labelsModule());
  });

  it('name every value of the model, and no other', () => {
    const keys = (words: object) => Object.keys(words).sort();
    expect(keys(labels.role)).toEqual([...roles].sort());
    expect(keys(labels.unitKind)).toEqual([...unitKinds].sort());
    expect(keys(labels.milestoneKind)).toEqual([...milestoneKinds].sort());
    expect(keys(labels.decision)).toEqual([...decisionValues].sort());
    expect(keys(labels.phase)).toEqual([...phases].sort());
    expect(keys(labels.progress)).toEqual([...progressStatuses].sort());
    expect(keys(labels.audience)).toEqual([...audiences].sort());
    expect(keys(labels.applicantGroup)).toEqual([...applicantGroups].sort());
  });

  it('are spelled out by no page itself', () => {
    // Prepare: every value's word, as a page would write it beside its key (`appoint: 'Utsedd'`) or as a pair
    const groups = (Object.values(labels) as unknown[]).filter((words): words is Record<string, string> => typeof words === 'object');
    const spellings = groups.flatMap((words) => Object.entries(words).flatMap(([key, word]) => [`${key}: '${word}'`, `'${key}', '${word}'`]));

    // Act
    const found = readdirSync(pages)
      .filter((file) => file.endsWith('.js') && file !== 'labels.js')
      .flatMap((file) => spellings.filter((spelling) => readFileSync(join(pages, file), 'utf8').includes(spelling)).map((spelling) => `${file}: ${spelling}`));

    // Assess
    expect(spellings.length).toBeGreaterThan(25);
    expect(found).toEqual([]);
  });
});
