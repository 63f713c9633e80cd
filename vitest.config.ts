import { defineConfig } from 'vitest/config';
import { findChromium } from './test/helpers/chromium.ts';

const shared = {
  // Each file starts its own local platform (DynamoDB Local is a JVM): one file per core.
  pool: 'forks',
  testTimeout: 60_000,
  hookTimeout: 120_000,
  env: { SATSNING_LOG_LEVEL: 'silent' },
  // A page's first call loads its function's module: on a loaded 2-core machine that can take
  // longer than vitest's 1 s default for expect.poll.
  expect: { poll: { timeout: 10_000 } },
} as const;

export default defineConfig({
  test: {
    maxWorkers: 2,
    projects: [
      { test: { ...shared, name: 'api', include: ['test/**/*.test.ts'], exclude: ['test/web/**'] } },
      // The pages in Chromium; without one, a single failing test says how to get one.
      { test: { ...shared, name: 'web', include: findChromium() ? ['test/web/**/*.test.ts'] : ['test/helpers/noChromium.check.ts'] } },
    ],
  },
});
