/** Chromium driven by playwright-core, and axe-core run inside the page. */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import { chromium, type Browser, type Page } from 'playwright-core';
import { findChromium, noChromiumMessage } from './chromium.ts';

const require = createRequire(import.meta.url);

export function launchBrowser(): Promise<Browser> {
  const executablePath = findChromium();
  if (!executablePath) throw new Error(noChromiumMessage);
  return chromium.launch({
    executablePath,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/** WCAG 2.1 A and AA violations on the page as it is now. */
export async function accessibilityViolations(page: Page): Promise<{ id: string; help: string; nodes: string[] }[]> {
  // Evaluated through the DevTools protocol, which the page's CSP does not govern (a script tag would be refused).
  await page.evaluate(axeSource);
  return page.evaluate(async () => {
    const result = await (window as any).axe.run(document, { runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] });
    return result.violations.map((violation: any) => ({
      id: violation.id,
      help: violation.help,
      nodes: violation.nodes.map((node: any) => node.target.join(' ')),
    }));
  });
}

/** What a page shows where a script wrote a missing value as text: "null", "undefined", "NaN". */
export async function strayValues(page: Page): Promise<string[]> {
  return (await page.locator('main').innerText()).match(/\b(?:null|undefined|NaN)\b|\[object Object\]/g) ?? [];
}

/** Sign in on the local sign-in page as `email`, in the role whose radio is labelled `role`. */
/** Fill in the application form as a person would, by the fields' labels (leaving out a question not given). */
export async function fillApplication(page: Page, answers: { name: string; email: string; certified?: 'Ja' | 'Nej'; subjects: string; motivation: string }) {
  await page.getByLabel('Namn').fill(answers.name);
  await page.getByLabel('E-postadress', { exact: true }).fill(answers.email);
  await page.getByLabel('Enhet där du arbetar').selectOption('sylteskolan');
  await page.getByRole('radio', { name: 'Lärare', exact: true }).check();
  if (answers.certified) await page.getByRole('radio', { name: answers.certified }).check();
  await page.getByLabel('Skolformer eller ämnen').fill(answers.subjects);
  await page.getByLabel('Varför vill du bli nyckelperson?').fill(answers.motivation);
  await page.getByLabel('Jag har läst hur mina personuppgifter behandlas').check();
}

/**
 * Sign in as the pages do in AWS: the authorization-code flow with PKCE, through the local
 * stand-in for Cognito's hosted UI (local/authorizationServer.ts). From `/logga-in.html` (with
 * `?next=…` where the test came from), or from the page the browser is on when `start` is false.
 */
export async function signIn(page: Page, siteUrl: string, email: string, role: string, { start = true } = {}) {
  if (start) await page.goto(`${siteUrl}/logga-in.html`);
  await page.getByRole('button', { name: 'Logga in med kommunens konto' }).click();
  await page.waitForURL((url) => url.pathname === '/oauth2/authorize');
  await page.getByLabel('E-postadress').fill(email);
  await page.getByRole('radio', { name: role }).check();
  await page.getByRole('button', { name: 'Logga in', exact: true }).click();
  await page.waitForURL((url) => !url.pathname.endsWith('/logga-in.html') && !url.pathname.startsWith('/oauth2/'));
}

/** A page that breaks its own Content-Security-Policy: Chromium refuses the script or style, and says so on the console. */
export function reportCspBreaches(page: Page, breaches: string[]): void {
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) breaches.push(message.text());
  });
}

/**
 * The test file's page, phone-sized unless `options` say otherwise. Chromium starts before the
 * file's tests (after the hooks registered before this call, such as starting the platform) and
 * stops after them; each test fails on an uncaught script error in the page, since a page whose
 * script died shows less than it should, and on any breach of the page's Content-Security-Policy
 * (a refused inline script or style). Returned at once, standing in for the page opened then.
 */
export function pageForTests(options: Parameters<Browser['newPage']>[0] = {}): Page {
  let browser: Browser | undefined;
  let page: Page | undefined;
  const errors: string[] = [];
  beforeAll(async () => {
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 390, height: 844 }, ...options });
    page.on('pageerror', (error) => errors.push(error.message));
    reportCspBreaches(page, errors);
  }, 60_000);
  afterEach(() => {
    expect(errors.splice(0)).toEqual([]);
  });
  afterAll(async () => {
    await browser?.close();
  });
  return new Proxy({} as Page, {
    get(_, property) {
      if (!page) throw new Error('the page opens before the first test');
      const value = Reflect.get(page, property, page);
      return typeof value === 'function' ? value.bind(page) : value;
    },
  });
}
