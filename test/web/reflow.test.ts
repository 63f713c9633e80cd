/**
 * Every page on a phone 320 px wide, on the demo data (long Swedish words, long e-mail addresses):
 * nothing needs sideways scrolling but the data tables, which scroll in their own region (WCAG
 * 2.1 1.4.10). Each page is loaded as the user who would open it; none may leave a script error,
 * and axe checks each at this width too. On a desktop, the administrator's tables fit whole.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startTestPlatform, type TestPlatform } from '../helpers/platform.ts';
import { accessibilityViolations, pageForTests, signIn, strayValues } from '../helpers/browser.ts';
import { applicationBody, privateLinkIn } from '../helpers/fixtures.ts';
import { demoProgrammes, seedDemoData } from '#local/seed';

/** How far the page reaches past the screen's right edge, in CSS pixels, and what sticks out. */
async function sidewaysOverflow(page: Page): Promise<{ pixels: number; text: string[] }> {
  return page.evaluate(() => {
    const width = window.innerWidth;
    const text: string[] = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (node.parentElement?.closest('.table-wrap, .visually-hidden')) continue;
      const range = document.createRange();
      range.selectNodeContents(node);
      if ([...range.getClientRects()].some((rect) => rect.right > width + 0.5)) text.push(node.textContent!.trim());
    }
    return { pixels: document.documentElement.scrollWidth - width, text };
  });
}

describe('every page on a narrow phone', () => {
  let platform: TestPlatform;
  const demo = demoProgrammes(new Date()).map((programme) => programme.id);
  const pilot = demo.find((id) => id.startsWith('kollegialt-larande-pilot-'))!;
  const firstRound = demo.find((id) => id.startsWith('nyckelpersoner-omgang-1-'))!;

  beforeAll(async () => {
    platform = await startTestPlatform({ seed: seedDemoData });
  }, 120_000);
  afterAll(async () => {
    await platform?.stop();
  });
  const page = pageForTests({ viewport: { width: 320, height: 640 } });

  async function expectToFit(path: string) {
    await page.goto(`${platform.url}${path}`);
    await page.waitForLoadState('networkidle');
    expect({ path, ...(await sidewaysOverflow(page)) }).toEqual({ path, pixels: 0, text: [] });
    expect(await strayValues(page)).toEqual([]);
    expect(await accessibilityViolations(page)).toEqual([]);
  }

  const signInAs = (email: string, role: string) => signIn(page, platform.url, email, role);

  it('fits the public pages', async () => {
    const { body } = await platform.call('GET', '/api/programmes');
    expect(body.items.length).toBeGreaterThan(0);
    for (const path of ['/', '/tillganglighet.html', '/logga-in.html', '/bevaka.html', '/finns-inte', ...body.items.map((programme: { id: string }) => `/satsning/${programme.id}`)]) {
      await expectToFit(path);
    }
  });

  it('fits an applicant’s receipt and private page', async () => {
    const email = 'maximiliana.langnamnsdotter-gustafsson@example.se';
    const applied = await platform.call('POST', '/api/programmes/nyckelpersoner-2027/applications', { body: applicationBody({ email, name: 'Maximiliana Långnamnsdotter-Gustafsson' }) });
    expect(applied.status).toBe(202);
    const link = privateLinkIn(await platform.mail(), email);
    await expectToFit(`/ansokan/${link.id}#${link.secret}`);
    await page.evaluate((receipt) => sessionStorage.setItem('receipt', JSON.stringify(receipt)), { email, title: 'Nyckelpersoner för skolutveckling', programmeId: 'nyckelpersoner-2027' });
    await expectToFit('/kvitto.html');
  });

  it('fits a head’s pages', async () => {
    await signInAs('rektor.sylteskolan@example.se', 'Rektor eller förskolechef');
    for (const path of ['/beslut.html', '/framsteg.html', `/framsteg.html?programme=${pilot}`, `/meddelanden.html?programme=${pilot}`]) await expectToFit(path);
    await page.getByRole('button', { name: 'Logga ut' }).click();
  });

  it('fits the administrator’s pages, with the heads’ addresses', async () => {
    await signInAs('admin@example.se', 'Administratör på utbildningsförvaltningen');
    await expectToFit('/admin.html');
    expect(await page.getByRole('link', { name: 'forskolechef.solrosen@example.se' }).count()).toBe(1);
    // the programme form, new and with the demo's twenty units
    await expectToFit('/redigera.html');
    await page.getByText('Fyll i enheterna från en lista (CSV)').click();
    expect(await sidewaysOverflow(page)).toEqual({ pixels: 0, text: [] });
    await expectToFit('/redigera.html?programme=nyckelpersoner-2027');
    expect(await page.getByRole('group', { name: 'Enhet 20' }).count()).toBe(1);
    // a unit's page: the late registration and a leaving question opened
    await expectToFit(`/beslut.html?programme=${pilot}&unit=sylteskolan`);
    await page.getByText('Registrera en deltagare i efterhand').click();
    await page.getByRole('button', { name: /har lämnat satsningen …$/ }).first().click();
    expect(await page.getByRole('group', { name: /^Har .+ lämnat satsningen\?/ }).textContent()).toContain('Satsningen har börjat, så platsen räknas som använd och går inte till någon annan.');
    expect(await sidewaysOverflow(page)).toEqual({ pixels: 0, text: [] });
    await expectToFit('/framsteg.html?programme=kollegialt-larande-2027');
    // the messages, with the demo's sent one opened
    await expectToFit(`/meddelanden.html?programme=${firstRound}`);
    await page.locator('#sent-list summary').first().click();
    expect(await sidewaysOverflow(page)).toEqual({ pixels: 0, text: [] });
    // the pilot under way: the chart, the tables, a unit person by person, the learning groups and their forms opened
    await expectToFit(`/framsteg.html?programme=${pilot}&unit=sylteskolan`);
    expect(await page.getByRole('heading', { name: 'Deltagare på Sylteskolan' }).count()).toBe(1);
    await page.evaluate(() => document.querySelectorAll('details').forEach((details) => (details.open = true)));
    expect(await page.locator('details[open]').count()).toBeGreaterThan(3);
    expect(await sidewaysOverflow(page)).toEqual({ pixels: 0, text: [] });
  });

  it('shows the administrator’s tables whole on a desktop screen, without their own scrolling', async () => {
    await page.setViewportSize({ width: 1280, height: 800 });
    try {
      for (const path of ['/admin.html?programme=' + firstRound, `/framsteg.html?programme=${pilot}`]) {
        await page.goto(`${platform.url}${path}`);
        await page.waitForLoadState('networkidle');
        const clipped = await page.evaluate(() =>
          [...document.querySelectorAll('.table-wrap')].filter((wrap) => wrap.scrollWidth > wrap.clientWidth).map((wrap) => wrap.getAttribute('aria-labelledby')),
        );
        expect(await page.locator('.table-wrap').count()).toBeGreaterThan(0);
        expect({ path, clipped }).toEqual({ path, clipped: [] });
      }
    } finally {
      await page.setViewportSize({ width: 320, height: 640 });
    }
  });
});
