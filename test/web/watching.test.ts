/** A visitor watches a programme from its page, confirms from the mail, and later unsubscribes. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { platformWithProgramme, type TestPlatform } from '../helpers/platform.ts';
import { accessibilityViolations, pageForTests, strayValues } from '../helpers/browser.ts';

describe('watching a programme in the browser', () => {
  let platform: TestPlatform;

  beforeAll(async () => {
    platform = await platformWithProgramme('2027-01-10T10:00:00+01:00');
  }, 120_000);
  afterAll(async () => {
    await platform?.stop();
  });
  const page = pageForTests();

  it('subscribes from the programme page and confirms from the link in the mail', async () => {
    // Act: the Bevaka form
    await page.goto(`${platform.url}/satsning/nyckelpersoner-2027`);
    const watch = page.getByRole('region', { name: 'Bevaka satsningen' });
    await watch.getByLabel('E-postadress för bevakningen').fill('nyfiken@example.se');
    await watch.getByRole('button', { name: 'Bevaka' }).click();
    await expect.poll(() => watch.getByRole('status').textContent()).toContain('får adressen ett mejl med en länk för att bekräfta');
    expect(await strayValues(page)).toEqual([]);
    expect(await accessibilityViolations(page)).toEqual([]);
    // Act: the confirmation link
    const mail = (await platform.mail())[0];
    const link = /http:\/\/\S+\/bevaka\.html\?token=[\w-]+/.exec(mail.text)![0];
    await page.goto(link.replace(/^http:\/\/127\.0\.0\.1:\d+/, platform.url));
    expect(await strayValues(page)).toEqual([]);
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Bekräfta bevakning' }).click();
    // Assess
    await expect.poll(() => page.getByRole('status').textContent()).toContain('Du bevakar nu Nyckelpersoner för skolutveckling');
    const run = await platform.call('POST', '/_local/notify', { body: { at: '2027-01-21T08:00:00+01:00' } });
    expect(run.body.sent).toBe(1);
  });

  it('unsubscribes from the page behind the link in a reminder', async () => {
    const mail = (await platform.mail())[0];
    expect(mail.subject).toMatch(/^Nu kan du söka/);
    const link = /http:\/\/\S+\/avsluta-bevakning\.html\?token=[\w-]+/.exec(mail.text)![0];
    await page.goto(link.replace(/^http:\/\/127\.0\.0\.1:\d+/, platform.url));
    expect(await strayValues(page)).toEqual([]);
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Avsluta bevakning' }).click();
    await expect.poll(() => page.getByRole('status').textContent()).toContain('Du får inga fler mejl');
    const run = await platform.call('POST', '/_local/notify', { body: { at: '2027-03-21T08:00:00+01:00' } });
    expect(run.body.sent).toBe(0);
  });
});
