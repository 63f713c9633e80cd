/**
 * Publishing the decisions early surprises nobody: the page says how many applicants on which
 * units have no decision and what they will be told, asks once more, and afterwards shows only
 * the published state.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPlatform, type TestPlatform } from '../helpers/platform.ts';
import { accessibilityViolations, pageForTests, signIn } from '../helpers/browser.ts';
import { decide, heads, programmeWithApplicants, type Applicant } from '../helpers/decisions.ts';

describe('publishing the decisions in the browser', () => {
  let platform: TestPlatform;
  let applicants: Applicant[];

  beforeAll(async () => {
    platform = await startTestPlatform();
    applicants = await programmeWithApplicants(platform, 'publicera-2027', { sylteskolan: 2, 'forskolan-solrosen': 1 });
    // Sylteskolan's head decides on one of two; Solrosen's on none.
    expect((await decide(platform, heads.sylteskolan, applicants[0]!.id, 'appoint')).status).toBe(200);
  }, 120_000);
  afterAll(async () => {
    await platform?.stop();
  });
  const page = pageForTests({ viewport: { width: 1280, height: 900 } });

  it('names the applicants without a decision, and what they will be told, before it publishes', async () => {
    // Act
    await signIn(page, platform.url, 'admin@example.se', 'Administratör på utbildningsförvaltningen');
    await page.goto(`${platform.url}/admin.html?programme=publicera-2027`);
    await page.getByRole('button', { name: 'Publicera besluten nu …' }).click();

    // Assess: asked once more, with the figures
    const question = page.getByRole('group', { name: 'Publicera besluten nu?' });
    await question.waitFor();
    const text = await question.textContent();
    expect(text).toContain('2 sökande på 2 enheter har inget beslut. De får besked om att de inte blev utsedda den här gången');
    expect(await question.getByRole('listitem').allTextContents()).toEqual(['Sylteskolan: 1 utan beslut', 'Förskolan Solrosen: 1 utan beslut']);
    expect(text).toContain('inom ett par minuter');
    expect(await accessibilityViolations(page)).toEqual([]);

    // Act and assess: cancelling publishes nothing
    await question.getByRole('button', { name: 'Avbryt' }).click();
    await page.getByRole('button', { name: 'Publicera besluten nu …' }).waitFor();
    const overview = await platform.call('GET', '/api/programmes/publicera-2027/overview', { token: await platform.tokenFor('admin@example.se', ['admin']) });
    expect(overview.body.programme.decisionsPublished).toBe(false);
  });

  it('publishes when asked twice, and then shows only the published state', async () => {
    // Act
    await page.getByRole('button', { name: 'Publicera besluten nu …' }).click();
    await page.getByRole('button', { name: 'Ja, publicera besluten' }).click();

    // Assess
    await page.getByText('Besluten publicerades', { exact: false }).waitFor();
    expect(await page.getByRole('heading', { name: 'Har inte beslutat än' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: /Publicera besluten/ }).count()).toBe(0);
    expect(await page.locator('main').textContent()).not.toContain('Rektorer och förskolechefer beslutar');
    expect(await accessibilityViolations(page)).toEqual([]);
  });
});
