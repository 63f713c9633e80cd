import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { platformWithProgramme, type TestPlatform } from '../helpers/platform.ts';
import { privateLinkIn } from '../helpers/fixtures.ts';
import { accessibilityViolations, fillApplication, pageForTests, strayValues } from '../helpers/browser.ts';

describe('applying in the browser', () => {
  let platform: TestPlatform;

  beforeAll(async () => {
    platform = await platformWithProgramme('2027-02-01T09:00:00+01:00');
  });
  afterAll(async () => {
    await platform?.stop();
  });
  // A phone-sized window: the form must work there.
  const page = pageForTests();

  it('has an accessibility check that finds violations where there are some', async () => {
    await page.setContent('<html><body><input type="text"><img src="x.png"></body></html>');
    const ids = (await accessibilityViolations(page)).map((violation) => violation.id);
    expect(ids).toEqual(expect.arrayContaining(['html-has-lang', 'label', 'image-alt']));
  });

  it('lists the programme on the start page, accessibly', async () => {
    await page.goto(`${platform.url}/`);
    await page.getByRole('link', { name: 'Nyckelpersoner för skolutveckling' }).waitFor();
    expect(await strayValues(page)).toEqual([]);
    expect(await accessibilityViolations(page)).toEqual([]);
  });

  it('shows the browser’s and the server’s errors beside the fields, with a summary', async () => {
    // Prepare
    await page.goto(`${platform.url}/satsning/nyckelpersoner-2027`);
    await page.getByLabel('Namn').waitFor();
    expect(await strayValues(page)).toEqual([]);
    expect(await accessibilityViolations(page)).toEqual([]);
    // Act: submit empty
    await page.getByRole('button', { name: 'Skicka ansökan' }).click();
    // Assess
    const summary = page.getByRole('alert');
    await expect.poll(() => summary.textContent()).toContain('Skriv ditt namn.');
    expect(await page.getByLabel('Namn').getAttribute('aria-invalid')).toBe('true');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('error-summary');
    expect(await strayValues(page)).toEqual([]);
    expect(await accessibilityViolations(page)).toEqual([]);
  });

  it('shows the server’s field errors where the browser’s check passed', async () => {
    // Prepare: an address the browser's simple check lets through and the server refuses
    await page.goto(`${platform.url}/satsning/nyckelpersoner-2027`);
    await fillApplication(page, { name: 'Per Holm', email: 'per@example.s', certified: 'Nej', subjects: 'Idrott', motivation: 'För att utveckla undervisningen.' });
    // Act
    await page.getByRole('button', { name: 'Skicka ansökan' }).click();
    // Assess
    await page.locator('#email-error').waitFor();
    expect(await page.textContent('#email-error')).toContain('Ange en giltig e-postadress');
    expect(await page.getByLabel('E-postadress', { exact: true }).getAttribute('aria-describedby')).toContain('email-error');
    expect(await platform.mail()).toEqual([]);
  });

  it('tells an applicant whose connection drops to try again, and the second try goes through', async () => {
    // Prepare: the connection drops on the first send (a fault the local platform cannot make)
    await page.goto(`${platform.url}/satsning/nyckelpersoner-2027`);
    await fillApplication(page, { name: 'Nils Nät', email: 'nils.nat@example.se', certified: 'Ja', subjects: 'Teknik åk 7–9', motivation: 'Jag vill utveckla undervisningen.' });
    await page.route('**/api/programmes/*/applications', (route) => route.abort('internetdisconnected'), { times: 1 });
    // Act
    await page.getByRole('button', { name: 'Skicka ansökan' }).click();
    // Assess: a plain message, and the button can be pressed again
    await expect.poll(() => page.locator('#error-summary').textContent()).toContain('Vi fick inget svar från servern. Kontrollera att du är ansluten till internet och försök igen.');
    expect(await page.getByRole('button', { name: 'Skicka ansökan' }).isEnabled()).toBe(true);
    expect(await strayValues(page)).toEqual([]);
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Skicka ansökan' }).click();
    await page.waitForURL('**/kvitto.html');
    expect(privateLinkIn(await platform.mail(), 'nils.nat@example.se').id).toBeTruthy();
  });

  it('answers someone who sends the form again as it answers a first application, mailing nothing new at once', async () => {
    // Prepare: Nils applied a moment ago (above), and his receipt has the link
    const before = (await platform.mail()).length;
    const receipt = privateLinkIn(await platform.mail(), 'nils.nat@example.se');
    await page.goto(`${platform.url}/satsning/nyckelpersoner-2027`);
    await fillApplication(page, { name: 'Nils Nät', email: 'nils.nat@example.se', certified: 'Ja', subjects: 'Teknik åk 7–9', motivation: 'Jag vill utveckla undervisningen.' });
    // Act
    await page.getByRole('button', { name: 'Skicka ansökan' }).click();
    // Assess: the same receipt page as for anyone (nobody learns whether the address had applied);
    // nothing new is mailed within the ten minutes, and the receipt's link works
    await page.waitForURL('**/kvitto.html');
    expect(await page.textContent('#receipt')).toContain('Vi har skickat ett mejl till nils.nat@example.se');
    expect(await page.textContent('main')).toContain('Hade du redan ansökt med samma adress får du en ny länk');
    expect(await accessibilityViolations(page)).toEqual([]);
    expect((await platform.mail()).length).toBe(before);
    expect((await platform.call('GET', `/api/applications/${receipt.id}`, { token: receipt.secret })).status).toBe(200);
  });

  it('applies, reads the receipt, and edits and withdraws through the private link', async () => {
    // Prepare: fill in the form, with markup in the name that must stay text
    await page.goto(`${platform.url}/satsning/nyckelpersoner-2027`);
    await fillApplication(page, { name: '<b>Eva</b> Ek', email: 'eva.ek@example.se', certified: 'Ja', subjects: 'Matematik åk 4–6', motivation: 'Jag vill leda kollegialt lärande.' });
    // Act
    await page.getByRole('button', { name: 'Skicka ansökan' }).click();
    // Assess: the receipt page, then the receipt mail
    await page.waitForURL('**/kvitto.html');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Tack för din ansökan');
    expect(await page.textContent('#receipt')).toContain('eva.ek@example.se');
    expect(await strayValues(page)).toEqual([]);
    expect(await accessibilityViolations(page)).toEqual([]);
    const link = privateLinkIn(await platform.mail(), 'eva.ek@example.se');

    // The private page shows the application, name as text
    await page.goto(`${platform.url}/ansokan/${link.id}#${link.secret}`);
    await page.getByText('Matematik åk 4–6').first().waitFor();
    expect(await page.textContent('#application')).toContain('<b>Eva</b> Ek');
    expect(await page.locator('#application b').count()).toBe(0);
    // The fixture's last day is 31 December 2028.
    expect(await page.textContent('#application')).toContain('Ansökan och allt som hör till den raderas 30 januari 2029, 30 dagar efter satsningens sista dag.');
    expect(await strayValues(page)).toEqual([]);
    expect(await accessibilityViolations(page)).toEqual([]);

    // Edit
    await page.getByLabel('Skolformer eller ämnen').fill('Svenska åk 1–3');
    await page.getByRole('button', { name: 'Spara ändringarna' }).click();
    await page.getByText('Dina ändringar är sparade.').waitFor();
    expect(await page.textContent('#application')).toContain('Svenska åk 1–3');
    const { body: stored } = await platform.call('GET', `/api/applications/${link.id}`, { token: link.secret });
    expect(stored.subjects).toBe('Svenska åk 1–3');

    // Withdraw, with confirmation; "no" keeps it
    await page.getByRole('button', { name: 'Återkalla ansökan …' }).click();
    await page.getByRole('button', { name: 'Nej, behåll ansökan' }).click();
    expect((await platform.call('GET', `/api/applications/${link.id}`, { token: link.secret })).body.status).toBe('submitted');
    await page.getByRole('button', { name: 'Återkalla ansökan …' }).click();
    expect(await strayValues(page)).toEqual([]);
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Ja, återkalla' }).click();
    await page.getByText('Din ansökan är återkallad.').waitFor();
    expect((await platform.call('GET', `/api/applications/${link.id}`, { token: link.secret })).body.status).toBe('withdrawn');
    expect(await page.locator('#edit').isHidden()).toBe(true);
  });

  it('says plainly when a private link is wrong', async () => {
    await page.goto(`${platform.url}/ansokan/finns-inte#fel`);
    await page.getByText('Vi hittar ingen ansökan med den här länken.').waitFor();
    expect(await strayValues(page)).toEqual([]);
    expect(await accessibilityViolations(page)).toEqual([]);
  });

  it('publishes an accessible accessibility statement and 404 page', async () => {
    await page.goto(`${platform.url}/tillganglighet.html`);
    // a soft hyphen (U+00AD) marks where the word may break on a phone; it is not read out
    expect((await page.getByRole('heading', { level: 1 }).textContent())?.replaceAll('\u00ad', '')).toBe('Tillgänglighetsredogörelse');
    expect(await strayValues(page)).toEqual([]);
    expect(await accessibilityViolations(page)).toEqual([]);
    const missing = await page.goto(`${platform.url}/finns-inte.html`);
    expect(missing?.status()).toBe(404);
    expect(await strayValues(page)).toEqual([]);
    expect(await accessibilityViolations(page)).toEqual([]);
  });

  it('lets a participant who lost the link find the running programme and ask for a new link', async () => {
    // Prepare: Nils applied in February (above); in May the programme is under way
    await platform.setClock('2027-05-20T10:00:00+02:00');
    await page.goto(`${platform.url}/`);
    const running = page.getByRole('region', { name: 'Pågående och kommande' });
    await running.getByRole('link', { name: 'Nyckelpersoner för skolutveckling' }).click();
    const section = page.getByRole('region', { name: 'Har du tappat länken till din ansökan?' });
    await section.waitFor();
    expect(await page.getByRole('region', { name: 'Ansök', exact: true }).count()).toBe(0);

    // Act: a wrong address first, then his
    await section.getByLabel('E-postadressen du sökte med').fill('nils.nat@example');
    await section.getByRole('button', { name: 'Skicka en ny länk' }).click();
    await expect.poll(() => section.locator('.field-error').textContent()).toBe('Fel: Ange en giltig e-postadress, till exempel namn@example.se.');
    expect(await accessibilityViolations(page)).toEqual([]);
    await section.getByLabel('E-postadressen du sökte med').fill('nils.nat@example.se');
    await section.getByRole('button', { name: 'Skicka en ny länk' }).click();

    // Assess: the page says what happens without saying whether he applied; the mail's link opens his page
    await expect.poll(() => section.getByRole('status').textContent()).toContain('Om nils.nat@example.se har en ansökan till satsningen får adressen ett mejl med en ny länk');
    expect(await section.locator('.field-error').count()).toBe(0);
    expect(await strayValues(page)).toEqual([]);
    expect(await accessibilityViolations(page)).toEqual([]);
    const mail = (await platform.mail()).find((candidate: { to: string[] }) => candidate.to.includes('nils.nat@example.se'));
    expect(mail.subject).toBe('Länk till din ansökan: Nyckelpersoner för skolutveckling');
    const link = privateLinkIn([mail], 'nils.nat@example.se');
    await page.goto(`${platform.url}/ansokan/${link.id}#${link.secret}`);
    await page.getByText('Teknik åk 7–9').first().waitFor();
    await platform.setClock('2027-02-01T09:00:00+01:00');
  });
});
