/**
 * A head in the browser: signs in through the local stand-in for Cognito's hosted UI (the
 * authorization-code flow with PKCE, as in AWS), sees only their own unit, and appoints
 * an applicant. The administrator's overview, its blocked addresses and the sign-in page are
 * checked with axe too.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPlatform, type TestPlatform } from '../helpers/platform.ts';
import { accessibilityViolations, pageForTests, signIn, strayValues } from '../helpers/browser.ts';
import { calendar, heads, programmeWithApplicants, unitList, type Applicant } from '../helpers/decisions.ts';
import { privateLinkIn } from '../helpers/fixtures.ts';

describe('deciding in the browser', () => {
  let platform: TestPlatform;
  let applicants: Applicant[];

  beforeAll(async () => {
    platform = await startTestPlatform();
    applicants = await programmeWithApplicants(platform, 'nyckelpersoner-2027', { sylteskolan: 2, 'forskolan-solrosen': 1 });
  }, 120_000);
  afterAll(async () => {
    await platform?.stop();
  });
  const page = pageForTests();

  it('sends a visitor who is not signed in to the sign-in page, and on to the sign-in form; both are accessible', async () => {
    await page.goto(`${platform.url}/beslut.html`);
    await page.waitForURL(/\/logga-in\.html\?next=%2Fbeslut\.html/);
    await page.getByRole('button', { name: 'Logga in med kommunens konto' }).waitFor();
    expect(await strayValues(page)).toEqual([]);
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Logga in med kommunens konto' }).click();
    await page.waitForURL((url) => url.pathname === '/oauth2/authorize');
    const authorize = new URL(page.url()).searchParams;
    expect(authorize.get('code_challenge_method')).toBe('S256');
    expect(authorize.get('redirect_uri')).toBe(`${platform.url}/logga-in.html`);
    // An address that is none is said beside its field, and nothing else happens
    await page.getByLabel('E-postadress').fill('inte en adress');
    await page.getByRole('button', { name: 'Logga in', exact: true }).click();
    await page.getByRole('alert').getByRole('link', { name: 'E-postadress: Ange en giltig e-postadress, till exempel rektor.sylteskolan@example.se.' }).waitFor();
    expect(await strayValues(page)).toEqual([]);
    expect(await accessibilityViolations(page)).toEqual([]);
  });

  it('tells someone signing in when the sign-in does not answer', async () => {
    // Prepare: the token's answer lost on the way (a dropped connection cannot be made real here)
    await page.route('**/oauth2/token', (route) => route.abort('connectionrefused'));
    try {
      // Act
      await page.getByLabel('E-postadress').fill(heads.sylteskolan);
      await page.getByRole('radio', { name: 'Rektor eller förskolechef' }).check();
      await page.getByRole('button', { name: 'Logga in', exact: true }).click();
      // Assess: said on the sign-in page, which offers to start again
      await page.getByRole('status').getByText('Vi fick inget svar från inloggningen.', { exact: false }).waitFor();
      expect(page.url()).toContain('/logga-in.html');
      await page.getByRole('button', { name: 'Logga in med kommunens konto' }).waitFor();
    } finally {
      await page.unroute('**/oauth2/token');
    }
  });

  it('lets a head sign in, see only their unit, and appoint an applicant', async () => {
    // Act: sign in as Sylteskolan's head
    await signIn(page, platform.url, heads.sylteskolan, 'Rektor eller förskolechef', { start: false });
    await page.waitForURL(/\/beslut\.html$/);
    await page.getByRole('heading', { name: 'Sylteskolan', level: 2 }).waitFor();
    // Assess: only Sylteskolan's applicants, with their answers and the seats
    const names = await page.getByRole('heading', { level: 3 }).allTextContents();
    expect(names.map((name) => name.replace(/\s*Inte beslutad$/, '')).sort()).toEqual(['Sökande sylteskolan 1', 'Sökande sylteskolan 2']);
    expect(await page.getByRole('heading', { name: 'Förskolan Solrosen' }).count()).toBe(0);
    await expect.poll(() => page.locator('.seats').first().textContent()).toBe('0 av 8 platser tillsatta – 8 kvar.');
    expect(await strayValues(page)).toEqual([]);
    expect(await accessibilityViolations(page)).toEqual([]);

    // Act: appoint the first applicant, with a note
    const form = page.getByRole('form', { name: 'Beslut om Sökande sylteskolan 1' });
    await form.getByRole('radio', { name: 'Utse till nyckelperson' }).check();
    await form.getByLabel('Hälsning till den sökande (valfritt)').fill('Välkommen!');
    await form.getByRole('button', { name: 'Spara beslut' }).click();

    // Assess: the page says so, the seats count, and the API agrees
    await expect.poll(() => page.getByRole('status').textContent()).toBe('Sparat: Sökande sylteskolan 1 – Utsedd.');
    await expect.poll(() => page.locator('.seats').first().textContent()).toBe('1 av 8 platser tillsatta – 7 kvar.');
    const list = await unitList(platform, 'nyckelpersoner-2027', 'sylteskolan');
    const first = list.items.find((item: { email: string }) => item.email === applicants[0]!.email);
    expect(first.decision).toMatchObject({ value: 'appoint', note: 'Välkommen!', by: heads.sylteskolan });
    expect(await strayValues(page)).toEqual([]);
    expect(await accessibilityViolations(page)).toEqual([]);
  });

  it('shows an administrator the overview per unit, with the heads who have not decided', async () => {
    // Prepare: sign out and in as an administrator
    await page.getByRole('button', { name: 'Logga ut' }).click();
    await page.waitForURL(/\/logga-in\.html\?utloggad=1/);
    await signIn(page, platform.url, 'admin@example.se', 'Administratör på utbildningsförvaltningen', { start: false });
    await page.waitForURL(/\/admin\.html$/);
    // Assess
    await page.getByRole('heading', { name: 'Har inte beslutat än' }).waitFor();
    const row = page.getByRole('row', { name: /Sylteskolan/ });
    expect((await row.getByRole('cell').allTextContents()).slice(0, 7)).toEqual(['2', '1', '0', '0', '1', '8', '7']);
    const waiting = await page.getByRole('listitem').filter({ hasText: 'utan beslut' }).allTextContents();
    expect(waiting).toHaveLength(2);
    expect(waiting.join(' ')).toContain('Maria Lind (Sylteskolan): 1 sökande utan beslut');
    expect(waiting.join(' ')).toContain('Camilla Öberg (Förskolan Solrosen): 1 sökande utan beslut');
    // The fixture's last day is 31 December 2028: the personal data goes 30 days later.
    await page.getByText('raderas den 30 januari 2029 kl. 03.00, 30 dagar efter satsningens sista dag').waitFor();
    expect(await strayValues(page)).toEqual([]);
    expect(await accessibilityViolations(page)).toEqual([]);
  });

  it('lets an administrator erase an application, after asking once more', async () => {
    // Prepare: the administrator opens Förskolan Solrosen, with its one applicant
    const person = applicants[2]!;
    await page.goto(`${platform.url}/beslut.html?programme=nyckelpersoner-2027&unit=forskolan-solrosen`);
    const ask = page.getByRole('button', { name: 'Radera ansökan från Sökande forskolan-solrosen 1 …' });
    await ask.click();
    const question = page.getByRole('group', { name: /^Radera ansökan från Sökande forskolan-solrosen 1 för gott\?/ });
    await question.waitFor();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe(`a-${person.id}-erase-question`);
    expect(await accessibilityViolations(page)).toEqual([]);

    // Act: not now, and then yes
    await question.getByRole('button', { name: 'Avbryt' }).click();
    expect(await question.isHidden()).toBe(true);
    expect(await ask.evaluate((button) => button === document.activeElement)).toBe(true);
    expect((await platform.call('GET', `/api/applications/${person.id}`, { token: person.secret })).status).toBe(200);
    await ask.click();
    await question.getByRole('button', { name: 'Radera', exact: true }).click();

    // Assess
    await expect.poll(() => page.getByRole('status').textContent()).toBe('Ansökan från Sökande forskolan-solrosen 1 är raderad.');
    await page.getByText('Ingen från enheten har sökt.').waitFor();
    // The unit's heading, which names its programme too
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Förskolan SolrosenNyckelpersoner för skolutveckling');
    expect((await platform.call('GET', `/api/applications/${person.id}`, { token: person.secret })).status).toBe(404);
    expect(await strayValues(page)).toEqual([]);
  });

  it('lets an administrator register a late participant, and record that a participant left', async () => {
    // Prepare: the administrator opens Sylteskolan (one appointed, one undecided), in the decision period
    await page.goto(`${platform.url}/beslut.html?programme=nyckelpersoner-2027&unit=sylteskolan`);
    await page.getByText('Registrera en deltagare i efterhand').click();
    const form = page.getByRole('form', { name: 'Registrera en deltagare på Sylteskolan' });

    // Act: send the form empty
    await form.getByRole('button', { name: 'Registrera deltagaren' }).click();
    // Assess: the server's messages, each beside its field, and nothing registered
    await page.getByRole('alert').getByRole('link').first().waitFor();
    expect(await form.getByLabel('Namn').getAttribute('aria-invalid')).toBe('true');
    expect(await form.getByRole('group', { name: 'Har personen lärar- eller förskollärarlegitimation?' }).locator('.field-error').count()).toBe(1);
    expect(await accessibilityViolations(page)).toEqual([]);
    expect((await unitList(platform, 'nyckelpersoner-2027', 'sylteskolan')).items).toHaveLength(2);

    // Act: fill it in and register
    await form.getByLabel('Namn').fill('Elin Sen');
    await form.getByLabel('E-postadress').fill('elin.sen@example.se');
    await form.getByRole('radio', { name: 'Lärare', exact: true }).check();
    await form.getByRole('group', { name: 'Har personen lärar- eller förskollärarlegitimation?' }).getByRole('radio', { name: 'Ja' }).check();
    await form.getByLabel('Skolformer eller ämnen').fill('Matematik åk 7–9');
    await form.getByLabel('Varför ska personen delta?').fill('Började på skolan i mars och tar över efter en kollega.');
    await form.getByRole('button', { name: 'Registrera deltagaren' }).click();

    // Assess: appointed at once, a seat taken, the keyboard on the new person, and mailed the link
    await expect.poll(() => page.getByRole('status').textContent())
      .toBe('Registrerad: Elin Sen deltar för Sylteskolan och har fått ett mejl med länken till sin sida.');
    const heading = page.getByRole('heading', { name: /^Elin Sen/, level: 3 });
    expect(await heading.textContent()).toBe('Elin Sen Utsedd');
    expect(await heading.evaluate((node) => node === document.activeElement)).toBe(true);
    const person = page.getByRole('article', { name: /^Elin Sen/ });
    // Before the programme starts, being appointed is all there is to say: no participation yet.
    expect(await person.getByRole('term').allTextContents()).not.toContain('Deltagande');
    await expect.poll(() => page.locator('.seats').first().textContent()).toBe('2 av 8 platser tillsatta – 6 kvar.');
    expect(privateLinkIn(await platform.mail(), 'elin.sen@example.se').secret).toBeTruthy();

    // Act: she leaves before the programme starts, asked once more
    await person.getByRole('button', { name: 'Elin Sen har lämnat satsningen …' }).click();
    const question = page.getByRole('group', { name: /^Har Elin Sen lämnat satsningen\?/ });
    expect(await question.textContent()).toContain('Platsen går tillbaka till enheten');
    expect(await accessibilityViolations(page)).toEqual([]);
    await question.getByRole('button', { name: 'Ja, har lämnat' }).click();

    // Assess: the seat is back, the page and the API say she left, and the keyboard stays on her
    await expect.poll(() => page.getByRole('status').textContent()).toBe('Sparat: Elin Sen har lämnat satsningen.');
    await expect.poll(() => page.locator('.seats').first().textContent()).toBe('1 av 8 platser tillsatta – 7 kvar.');
    expect(await heading.textContent()).toBe('Elin Sen Har lämnat');
    expect(await heading.evaluate((node) => node === document.activeElement)).toBe(true);
    expect(await person.getByRole('definition').allTextContents()).toContain('Har lämnat satsningen (28 mars 2027)');
    expect(await person.getByRole('button', { name: /har lämnat satsningen/ }).count()).toBe(0);
    const listed = (await unitList(platform, 'nyckelpersoner-2027', 'sylteskolan')).items.find((item: { name: string }) => item.name === 'Elin Sen');
    expect(listed.participant).toMatchObject({ status: 'left', registeredLate: true });
    // Her seat went back before the start: she would be appointed again, not "back".
    expect(await person.getByRole('button', { name: 'Elin Sen deltar igen' }).count()).toBe(0);
    expect(await strayValues(page)).toEqual([]);
    expect(await accessibilityViolations(page)).toEqual([]);
  });

  it('lets an administrator record that a participant who left after the start takes part again', async () => {
    // Prepare: the programme has started; the administrator signs in again on the new day
    await platform.setClock('2027-05-20T10:00:00+02:00');
    const path = '/beslut.html?programme=nyckelpersoner-2027&unit=sylteskolan';
    await signIn(page, platform.url, 'admin@example.se', 'Administratör på utbildningsförvaltningen');
    await page.goto(`${platform.url}${path}`);
    const person = page.getByRole('article', { name: /^Sökande sylteskolan 1/ });
    const heading = person.getByRole('heading', { level: 3 });
    // A participant is not un-appointed once the programme has started: no decision to change.
    await heading.waitFor();
    expect(await person.getByRole('form').count()).toBe(0);
    await person.getByRole('button', { name: 'Sökande sylteskolan 1 har lämnat satsningen …' }).click();
    const question = page.getByRole('group', { name: /^Har Sökande sylteskolan 1 lämnat satsningen\?/ });
    expect(await question.textContent()).toContain('kommer personen tillbaka kan du ange att hen deltar igen');
    await question.getByRole('button', { name: 'Ja, har lämnat' }).click();
    await expect.poll(() => heading.textContent()).toBe('Sökande sylteskolan 1 Har lämnat');
    // The seat stays used while she is away.
    expect(await page.locator('.seats').first().textContent()).toBe('1 av 8 platser tillsatta – 7 kvar.');
    await platform.setClock('2027-09-06T08:00:00+02:00');
    await signIn(page, platform.url, 'admin@example.se', 'Administratör på utbildningsförvaltningen');
    await page.goto(`${platform.url}${path}`);

    // Act
    await person.getByRole('button', { name: 'Sökande sylteskolan 1 deltar igen' }).click();

    // Assess: the page and the API say she takes part again, on the same seat; the keyboard stays on her
    await expect.poll(() => page.getByRole('status').textContent()).toBe('Sparat: Sökande sylteskolan 1 deltar i satsningen igen.');
    await expect.poll(() => heading.textContent()).toBe('Sökande sylteskolan 1 Utsedd');
    expect(await heading.evaluate((node) => node === document.activeElement)).toBe(true);
    expect(await person.getByRole('definition').allTextContents()).toContain('Deltar sedan 19 april 2027, tillbaka efter uppehåll sedan 6 september 2027');
    expect(await page.locator('.seats').first().textContent()).toBe('1 av 8 platser tillsatta – 7 kvar.');
    expect(await person.getByRole('button', { name: 'Sökande sylteskolan 1 har lämnat satsningen …' }).count()).toBe(1);
    const listed = (await unitList(platform, 'nyckelpersoner-2027', 'sylteskolan')).items.find((item: { email: string }) => item.email === applicants[0]!.email);
    expect(listed.participant).toMatchObject({ status: 'active', leftAt: null, rejoinedAt: '2027-09-06T06:00:00.000Z' });
    expect(await strayValues(page)).toEqual([]);
    expect(await accessibilityViolations(page)).toEqual([]);
    await platform.setClock(calendar.closes);
    await signIn(page, platform.url, 'admin@example.se', 'Administratör på utbildningsförvaltningen');
  });

  it('tells an administrator that a decision changed after the decisions are out is mailed to the person', async () => {
    // Prepare: past the deadline (the decisions are out); Sökande sylteskolan 2 was never decided
    await platform.setClock('2027-04-14T10:00:00+02:00');
    await signIn(page, platform.url, 'admin@example.se', 'Administratör på utbildningsförvaltningen');
    await page.goto(`${platform.url}/beslut.html?programme=nyckelpersoner-2027&unit=sylteskolan`);
    const form = page.getByRole('form', { name: 'Beslut om Sökande sylteskolan 2' });
    await form.waitFor();
    expect(await form.getByText('Besluten är meddelade: ändrar du beslutet får personen genast ett mejl om det').count()).toBe(1);
    expect(await accessibilityViolations(page)).toEqual([]);

    // Act
    await form.getByRole('radio', { name: 'Utse till nyckelperson' }).check();
    await form.getByRole('button', { name: 'Spara beslut' }).click();

    // Assess: the page says a mail goes out, and it has
    await expect.poll(() => page.getByRole('status').textContent()).toBe(
      'Sparat: Sökande sylteskolan 2 – Utsedd. Sökande sylteskolan 2 får ett mejl om det ändrade beslutet.',
    );
    const mail = (await platform.mail()).find((sent: { to: string[] }) => sent.to.includes(applicants[1]!.email));
    expect(mail.subject).toBe('Beslutet om din ansökan har ändrats: Nyckelpersoner för skolutveckling');
    await platform.setClock(calendar.closes);
    await signIn(page, platform.url, 'admin@example.se', 'Administratör på utbildningsförvaltningen');
  });

  it('takes the person from the decision mail to the form for a new link, if the first mail is lost', async () => {
    // Prepare: the changed decision's mail (above) cannot carry the private link, only its way back
    await platform.setClock('2027-04-14T10:05:00+02:00');
    const mail = (await platform.mail()).find((sent: { to: string[] }) => sent.to.includes(applicants[1]!.email));
    const lostLink = /Be om en ny länk:\n(\S+)/.exec(mail.text)?.[1];
    expect(lostLink).toBe(`${platform.url}/satsning/nyckelpersoner-2027#lost-link`);

    // Act
    await page.goto(lostLink!);

    // Assess: the form is where the page opens, its heading focused; it mails a new link
    const heading = page.getByRole('heading', { name: 'Har du tappat länken till din ansökan?' });
    await expect.poll(() => heading.evaluate((element) => element === document.activeElement)).toBe(true);
    expect(await heading.evaluate((element) => element.getBoundingClientRect().top)).toBeLessThan(844);
    const section = page.getByRole('region', { name: 'Har du tappat länken till din ansökan?' });
    await section.getByLabel('E-postadressen du sökte med').fill(applicants[1]!.email);
    await section.getByRole('button', { name: 'Skicka en ny länk' }).click();
    await expect.poll(async () => (await platform.mail())[0].subject).toBe('Länk till din ansökan: Nyckelpersoner för skolutveckling');
    expect(await accessibilityViolations(page)).toEqual([]);
    await platform.setClock(calendar.closes);
  });

  it('tells an administrator in Swedish why each address is blocked, and lifts a block', async () => {
    // Prepare: SES reports a bounce and a complaint
    for (const [type, email] of [['bounce', 'borta@example.se'], ['complaint', 'arg@example.se']]) {
      expect((await platform.call('POST', '/_local/ses-feedback', { body: { type, email } })).status).toBe(200);
    }
    await page.goto(`${platform.url}/admin.html`);
    const blocked = page.locator('#suppression-list li');
    await blocked.first().waitFor();
    // Assess: SES's own words (General, abuse) are not what the administrator reads
    const texts = await blocked.allTextContents();
    expect(texts).toHaveLength(2);
    expect(texts.find((text) => text.includes('borta@example.se'))).toMatch(/Studsade .+: adressen finns inte eller tar inte emot e-post\./);
    expect(texts.find((text) => text.includes('arg@example.se'))).toMatch(/Mottagaren klagade .+: brevet markerades som skräppost\./);
    expect(texts.join(' ')).not.toMatch(/General|abuse/);
    expect(await strayValues(page)).toEqual([]);
    expect(await accessibilityViolations(page)).toEqual([]);
    // Act
    await page.getByRole('button', { name: 'Häv spärren för borta@example.se' }).click();
    // Assess
    await expect.poll(() => page.getByRole('status').textContent()).toBe('Spärren för borta@example.se är hävd.');
    await expect.poll(() => blocked.allTextContents()).toEqual([expect.stringContaining('arg@example.se')]);
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('suppressions-title');
    const listed = await platform.call('GET', '/api/suppressions?limit=10', { token: await platform.tokenFor('admin@example.se', ['admin']) });
    expect(listed.body.items.map((item: { email: string }) => item.email)).toEqual(['arg@example.se']);
  });

  it('sends an administrator whose sign-in the API refuses back to sign in, and then to the page they were on', async () => {
    // Prepare: the tab's token no longer passes (as when it has expired)
    await page.evaluate(() => {
      const token = sessionStorage.getItem('satsning.idToken')!;
      sessionStorage.setItem('satsning.idToken', `${token.slice(0, -4)}AAAA`);
    });
    // Act
    await page.goto(`${platform.url}/framsteg.html?programme=nyckelpersoner-2027`);
    // Assess: told why, not "signed out", and back where they were after signing in
    await page.waitForURL(/\/logga-in\.html\?utgangen=1&next=%2Fframsteg\.html%3Fprogramme%3Dnyckelpersoner-2027$/);
    await expect.poll(() => page.getByRole('status').textContent()).toBe('Din inloggning har gått ut. Logga in igen, så kommer du tillbaka till sidan du var på.');
    await signIn(page, platform.url, 'admin@example.se', 'Administratör på utbildningsförvaltningen', { start: false });
    await page.waitForURL(/\/framsteg\.html\?programme=nyckelpersoner-2027$/);
    await page.getByRole('heading', { level: 1 }).waitFor();
    expect(await strayValues(page)).toEqual([]);
  });
});
