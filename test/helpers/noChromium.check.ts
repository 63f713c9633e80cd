/**
 * Run instead of the browser tests when no Chromium is found (vitest.config.ts): one failing test
 * that says how to get one, rather than every browser test file failing on its own or being
 * skipped without a word. The other tests run as usual.
 */
import { it } from 'vitest';
import { noChromiumMessage } from './chromium.ts';

it('the browser tests need Chromium', () => {
  const error = new Error(noChromiumMessage);
  error.stack = noChromiumMessage;
  throw error;
});
