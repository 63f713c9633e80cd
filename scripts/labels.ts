/**
 * `npm run labels`: web/js/labels.js, the words for values that the pages show, written from
 * lambdas/text/sv.ts, so that a page, an export and an e-mail name a value alike.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { labels } from '#text/sv';

export const labelsPath = join(import.meta.dirname, '..', 'web', 'js', 'labels.js');

export function labelsModule(): string {
  return [
    '// Written by `npm run labels` from lambdas/text/sv.ts: change the words there, then run it.',
    '',
    '/** Words for values (statuses, decisions, roles, kinds, phases), as the exports and e-mails spell them. */',
    `export const labels = ${JSON.stringify(labels, null, 2)};`,
    '',
  ].join('\n');
}

if (process.argv[1] && import.meta.filename === process.argv[1]) {
  writeFileSync(labelsPath, labelsModule());
  console.log('Wrote web/js/labels.js');
}
