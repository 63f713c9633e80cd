/**
 * "Ny omgång" in the browser: from the overview, the programme form opens with the copy, every
 * date moved, for the administrator to review and publish.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPlatform, type TestPlatform } from '../helpers/platform.ts';
import { accessibilityViolations, pageForTests, signIn } from '../helpers/browser.ts';
import { as, programmeWithApplicants } from '../helpers/decisions.ts';

describe('the next round in the browser', () => {
  let platform: TestPlatform;

  beforeAll(async () => {
    platform = await startTestPlatform();
    await programmeWithApplicants(platform, 'runda-2027', { sylteskolan: 1 });
  }, 120_000);
  afterAll(async () => {
    await platform?.stop();
  });
  const page = pageForTests({ viewport: { width: 1280, height: 900 } });

  it('opens the copy in the programme form, its dates moved, and moves them again on request', async () => {
    // Act
    await signIn(page, platform.url, 'admin@example.se', 'Administratör på utbildningsförvaltningen');
    await page.goto(`${platform.url}/admin.html?programme=runda-2027`);
    await page.getByRole('link', { name: 'Ny omgång' }).click();

    // Assess: a year of weeks later, the same weekday and time
    await page.getByRole('heading', { name: 'Ny omgång: Nyckelpersoner för skolutveckling', level: 1 }).waitFor();
    expect(await page.getByLabel('Kortnamn i adressen').inputValue()).toBe('runda-2028');
    expect(await page.getByLabel('Ansökan öppnar').inputValue()).toBe('2028-01-20T00:00');
    expect(await page.getByLabel('Satsningen börjar').inputValue()).toBe('2028-04-17');
    expect(await page.locator('main').textContent()).toContain('inga ansökningar, deltagare, lärgrupper eller bevakare');
    expect(await accessibilityViolations(page)).toEqual([]);

    // Act and assess: two years instead
    await page.getByLabel('Flytta datumen så här många veckor').fill('104');
    await page.getByRole('button', { name: 'Flytta datumen' }).click();
    await expect.poll(() => page.getByLabel('Kortnamn i adressen').inputValue()).toBe('runda-2029');
    expect(await page.getByLabel('Ansökan öppnar').inputValue()).toBe('2029-01-18T00:00');
  });

  it('publishes the copy from the form, as the next round of the first', async () => {
    // Act
    await page.getByRole('button', { name: 'Publicera satsningen' }).click();

    // Assess
    await page.getByText('Satsningen är publicerad.', { exact: false }).waitFor();
    const overview = await as(platform, 'admin', 'GET', '/api/programmes/runda-2029/overview');
    expect(overview.body.programme.copiedFrom).toBe('runda-2027');
    await page.goto(`${platform.url}/admin.html?programme=runda-2029`);
    await page.getByText('Nästa omgång av', { exact: false }).getByRole('link', { name: 'runda-2027' }).waitFor();
  });
});
