/**
 * The privacy notice: a page that says who is responsible, why and with what right, what is kept
 * and for how long, the person's rights, the data protection officer and IMY; linked from the
 * form, the receipt page, the accessibility statement and every page's footer.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { platformWithProgramme, type TestPlatform } from '../helpers/platform.ts';
import { accessibilityViolations, pageForTests, strayValues } from '../helpers/browser.ts';
import { defaultSettings } from '../../lib/config.ts';

describe('the privacy notice', () => {
  let platform: TestPlatform;

  beforeAll(async () => {
    platform = await platformWithProgramme('2027-02-01T09:00:00+01:00');
  }, 120_000);
  afterAll(async () => {
    await platform?.stop();
  });
  const page = pageForTests();

  it('says who is responsible, on what basis, for how long, and where to turn', async () => {
    // Act
    await page.goto(`${platform.url}/personuppgifter.html`);

    // Assess
    await page.getByRole('heading', { name: 'Så behandlar vi dina personuppgifter', level: 1 }).waitFor();
    const text = (await page.locator('main').textContent()) ?? '';
    const { controller, dataProtectionOfficer, contact } = defaultSettings.organisation;
    expect(text).toContain(`${controller} är personuppgiftsansvarig`);
    expect(text).toContain('artikel 6.1 e');
    expect(text).toContain('Vi ber därför inte om ditt samtycke');
    expect(text).toContain('raderas 30 dagar efter satsningens sista dag');
    expect(text).toContain('spärrlista');
    expect(text).toContain(dataProtectionOfficer);
    expect(text).toContain(contact);
    expect(await page.getByRole('link', { name: 'www.imy.se' }).getAttribute('href')).toBe('https://www.imy.se/');
    expect(await strayValues(page)).toEqual([]);
    expect(await accessibilityViolations(page)).toEqual([]);
  });

  it('is linked from the form, beside the box that says it was read, and from every page’s footer', async () => {
    // Act
    await page.goto(`${platform.url}/satsning/nyckelpersoner-2027`);
    const notice = page.getByRole('group', { name: 'Personuppgifter' });

    // Assess
    await notice.getByRole('checkbox', { name: 'Jag har läst hur mina personuppgifter behandlas' }).waitFor();
    expect(await notice.getByRole('link', { name: /Så behandlar vi dina personuppgifter/ }).getAttribute('href')).toBe('/personuppgifter.html');
    for (const path of ['/', '/kvitto.html', '/tillganglighet.html']) {
      await page.goto(`${platform.url}${path}`);
      expect(await page.locator('footer').getByRole('link', { name: 'Så behandlar vi dina personuppgifter' }).getAttribute('href')).toBe('/personuppgifter.html');
    }
    await page.goto(`${platform.url}/kvitto.html`);
    expect(await page.locator('main').getByRole('link', { name: 'Så behandlar vi dina personuppgifter' }).count()).toBe(1);
  });
});
