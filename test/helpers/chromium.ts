/** Where the browser tests find Chromium, and what to do when there is none (read by vitest.config.ts too). */
import { existsSync } from 'node:fs';
import { chromium } from 'playwright-core';

export const noChromiumMessage =
  'Webbläsartesterna behöver Chromium och hittade ingen: installera den (Debian: apt-get install chromium; annars npx playwright install chromium) eller ange dess sökväg i CHROMIUM_PATH.';

/**
 * The Chromium to run: CHROMIUM_PATH, then one that Playwright has installed, then Debian's. A
 * CHROMIUM_PATH that names nothing is an error, not a reason to quietly run another browser.
 */
export function findChromium(): string | undefined {
  const candidates = process.env.CHROMIUM_PATH ? [process.env.CHROMIUM_PATH] : [chromium.executablePath(), '/usr/bin/chromium'];
  return candidates.find((path) => existsSync(path));
}
