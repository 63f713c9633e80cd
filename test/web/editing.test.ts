/**
 * The administration publishes and changes a programme in the browser, on a browser in another
 * time zone than Stockholm's: the form sends Stockholm's times, shows the server's messages beside
 * their fields, keeps units' ids when their names change, and does not undo someone else's change.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPlatform, type TestPlatform } from '../helpers/platform.ts';
import { accessibilityViolations, pageForTests, signIn, strayValues } from '../helpers/browser.ts';
import { applicationBody, programmeBody } from '../helpers/fixtures.ts';

describe('the programme form', () => {
  let platform: TestPlatform;
  const id = 'nyckelpersoner-for-skolutveckling-2027';

  beforeAll(async () => {
    platform = await startTestPlatform();
    await platform.setClock('2027-01-10T10:00:00+01:00');
  }, 120_000);
  afterAll(async () => {
    await platform?.stop();
  });
  const page = pageForTests({ timezoneId: 'America/New_York' });

  const admin = async () => platform.tokenFor('admin@example.se', ['admin']);
  const errorOf = (field: string) => page.locator(`#${field}-error`);

  const signInAs = (email: string, role: string) => signIn(page, platform.url, email, role);

  it('tells a head the form is the administration’s', async () => {
    await signInAs('rektor.sylteskolan@example.se', 'Rektor eller förskolechef');
    await page.goto(`${platform.url}/redigera.html`);
    await page.getByText('Sidan är till för utbildningsförvaltningens administratörer.').waitFor();
    expect(await page.locator('#programme-form').isHidden()).toBe(true);
    await page.getByRole('button', { name: 'Logga ut' }).click();
  });

  it('publishes a programme, after showing the server’s messages beside their fields', async () => {
    // Prepare: from the overview, with nothing published yet
    await signInAs('admin@example.se', 'Administratör på utbildningsförvaltningen');
    await page.getByRole('link', { name: 'Publicera en ny satsning' }).click();
    await page.getByRole('heading', { name: 'Ny satsning', level: 1 }).waitFor();
    expect(await accessibilityViolations(page)).toEqual([]);

    // Act: everything but a head's address and the close, which comes before the opening
    await page.getByLabel('Satsningens namn').fill('Nyckelpersoner för skolutveckling 2027');
    await page.getByLabel('Beskrivning').fill('Lärare och förskollärare utbildas till nyckelpersoner som leder utvecklingsarbetet på sin enhet.');
    await page.getByLabel('Kursens namn').fill('Att leda och leva skolförbättring');
    await page.getByLabel('Kursgivare').fill('Karlstads universitet');
    await page.getByLabel('Vem kan söka').fill('Legitimerade lärare och förskollärare');
    await page.getByLabel('Ansökan öppnar').fill('2027-01-21T00:00');
    await page.getByLabel('Ansökan stänger').fill('2027-01-01T00:00');
    await page.getByLabel('Sista dag för rektorernas beslut').fill('2027-03-01T16:00');
    await page.getByLabel('Satsningen börjar').fill('2027-03-18');
    await page.getByLabel('Satsningen slutar').fill('2028-12-31');
    await page.getByLabel('Platser i hela satsningen').fill('150');
    const first = page.getByRole('group', { name: 'Enhet 1' });
    await first.getByLabel('Namn').fill('Sylteskolan');
    await first.getByLabel('Platser').fill('8');
    await first.getByLabel('Rektor eller förskolechef').fill('Maria Lind');
    await first.getByLabel('Rektorns eller förskolechefens e-postadress').fill('inte-en-adress');
    await page.getByRole('button', { name: 'Lägg till en enhet' }).click();
    const second = page.getByRole('group', { name: 'Enhet 2' });
    expect(await second.getByLabel('Namn').evaluate((input) => input === document.activeElement)).toBe(true);
    await second.getByLabel('Namn').fill('Förskolan Solrosen');
    await second.getByLabel('Typ').selectOption('förskola');
    await second.getByLabel('Platser').fill('4');
    await second.getByLabel('Rektor eller förskolechef').fill('Camilla Öberg');
    await second.getByLabel('Rektorns eller förskolechefens e-postadress').fill('forskolechef.solrosen@example.se');
    await page.getByRole('button', { name: 'Lägg till ett delmoment' }).click();
    const milestone = page.getByRole('group', { name: 'Delmoment 1' });
    await milestone.getByLabel('Rubrik').fill('Modul 1');
    await milestone.getByLabel('Sista dag och tid').fill('2027-05-31T16:00');
    await page.getByRole('button', { name: 'Publicera satsningen' }).click();

    // Assess: the address's message beside it, in the summary, and nothing published
    await page.locator('#error-summary').getByText('Ange en giltig e-postadress', { exact: false }).waitFor();
    await expect.poll(() => errorOf('units-0-head-email').textContent()).toMatch(/^Fel: Ange en giltig e-postadress/);
    expect(await first.getByLabel('Rektorns eller förskolechefens e-postadress').getAttribute('aria-invalid')).toBe('true');
    expect(await page.getByLabel('Kortnamn i adressen').inputValue()).toBe(id);
    expect(await accessibilityViolations(page)).toEqual([]);
    expect((await platform.call('GET', `/api/programmes/${id}`)).status).toBe(404);

    // Act: the address corrected; then the close
    await first.getByLabel('Rektorns eller förskolechefens e-postadress').fill('rektor.sylteskolan@example.se');
    await page.getByRole('button', { name: 'Publicera satsningen' }).click();
    await expect.poll(() => errorOf('window-closesAt').textContent()).toBe('Fel: Ansökan måste stänga efter att den öppnar.');
    expect(await errorOf('units-0-head-email').count()).toBe(0);
    await page.getByLabel('Ansökan stänger').fill('2027-02-15T23:59');
    await page.getByRole('button', { name: 'Publicera satsningen' }).click();

    // Assess: published, with Stockholm's times (winter and summer), and the page now changes it
    await page.getByText('Satsningen är publicerad.').waitFor();
    await page.getByRole('heading', { name: 'Ändra Nyckelpersoner för skolutveckling 2027', level: 1 }).waitFor();
    expect(page.url()).toContain(`/redigera.html?programme=${id}`);
    const stored = (await platform.call('GET', `/api/programmes/${id}/admin`, { token: await admin() })).body;
    expect(stored.window).toEqual({ opensAt: '2027-01-21T00:00:00+01:00', closesAt: '2027-02-15T23:59:00+01:00' });
    expect(stored.decisionDeadline).toBe('2027-03-01T16:00:00+01:00');
    expect(stored.period).toEqual({ start: '2027-03-18', end: '2028-12-31' });
    expect(stored.units.map((unit: { id: string; kind: string; head: { email: string } }) => [unit.id, unit.kind, unit.head.email])).toEqual([
      ['sylteskolan', 'skola', 'rektor.sylteskolan@example.se'],
      ['forskolan-solrosen', 'förskola', 'forskolechef.solrosen@example.se'],
    ]);
    expect(stored.milestones).toEqual([{ id: 'modul-1', title: 'Modul 1', kind: 'module', dueAt: '2027-05-31T16:00:00+02:00' }]);
    // The form's reminders, untouched, are those of a programme published without any
    const plain = await platform.call('POST', '/api/programmes', { token: await admin(), body: programmeBody({ id: 'utan-paminnelser' }) });
    expect(plain.body.notifications).toEqual({ closesSoonDays: [7, 1], decisionDueDays: [3, 1], milestoneDueDays: [7], milestoneOverdueDays: 1, sendAt: '08:00' });
    expect(stored.notifications).toEqual(plain.body.notifications);
    expect(await strayValues(page)).toEqual([]);
    expect(await accessibilityViolations(page)).toEqual([]);
  });

  it('changes a programme, keeping its units’ ids when their names change', async () => {
    // Prepare: the programme as the form shows it
    await page.goto(`${platform.url}/redigera.html?programme=${id}`);
    await page.getByRole('heading', { name: 'Ändra Nyckelpersoner för skolutveckling 2027' }).waitFor();
    expect(await page.getByRole('group', { name: 'Delmoment 1' }).getByLabel('Sista dag och tid').inputValue()).toBe('2027-05-31T16:00');
    expect(await page.getByLabel('Ansökan öppnar').inputValue()).toBe('2027-01-21T00:00');

    // Act: a new name for the first unit, the second removed, a learning cycle added
    await page.getByRole('group', { name: 'Enhet 1' }).getByLabel('Namn').fill('Sylteskolan F–9');
    await page.getByRole('button', { name: 'Ta bort enhet 2' }).click();
    expect(await page.getByRole('group', { name: 'Enhet 2' }).count()).toBe(0);
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Enheter');
    await page.getByRole('button', { name: 'Lägg till ett delmoment' }).click();
    const cycle = page.getByRole('group', { name: 'Delmoment 2' });
    await cycle.getByLabel('Rubrik').fill('Lärcykel 1');
    await cycle.getByLabel('Slag').selectOption('learning_cycle');
    await cycle.getByLabel('Sista dag och tid').fill('2027-10-29T16:00');
    await page.getByRole('button', { name: 'Spara ändringarna' }).click();

    // Assess
    await page.getByText('Ändringarna är sparade.').waitFor();
    const stored = (await platform.call('GET', `/api/programmes/${id}/admin`, { token: await admin() })).body;
    expect(stored.units.map((unit: { id: string; name: string }) => [unit.id, unit.name])).toEqual([['sylteskolan', 'Sylteskolan F–9']]);
    expect(stored.milestones.map((m: { id: string; kind: string; dueAt: string }) => [m.id, m.kind, m.dueAt])).toEqual([
      ['modul-1', 'module', '2027-05-31T16:00:00+02:00'],
      ['larcykel-1', 'learning_cycle', '2027-10-29T16:00:00+02:00'],
    ]);
    expect(stored.version).toBe(2);
  });

  it('changes the reminders, naming a wrong day beside its field', async () => {
    // Prepare: the reminders as the form shows them
    await page.goto(`${platform.url}/redigera.html?programme=${id}`);
    const closesSoon = page.getByLabel('Påminnelse till dem som bevakar satsningen');
    const milestoneDue = page.getByLabel('Påminnelse till deltagare som inte är klara med ett delmoment');
    expect(await closesSoon.inputValue()).toBe('7, 1');
    expect(await page.getByLabel('Påminnelserna skickas klockan').inputValue()).toBe('08:00');

    // Act: a day that is not a number
    await milestoneDue.fill('14, x');
    await page.getByRole('button', { name: 'Spara ändringarna' }).click();
    // Assess: the message beside its list
    await expect.poll(() => errorOf('notifications-milestoneDueDays').textContent()).toBe('Fel: Ange ett heltal.');
    expect(await accessibilityViolations(page)).toEqual([]);

    // Act: that corrected, and a day given twice (the rules between fields are checked once each field is right)
    await milestoneDue.fill('14');
    await closesSoon.fill('10, 3, 3');
    await page.getByRole('button', { name: 'Spara ändringarna' }).click();
    // Assess: the message beside its list, and nothing saved
    await expect.poll(() => errorOf('notifications-closesSoonDays').textContent()).toBe('Fel: Ange varje dag en gång.');
    expect(await errorOf('notifications-milestoneDueDays').count()).toBe(0);
    const before = (await platform.call('GET', `/api/programmes/${id}/admin`, { token: await admin() })).body;
    expect(before.notifications).toMatchObject({ closesSoonDays: [7, 1], milestoneDueDays: [7] });

    // Act: corrected, no reminder before the decision deadline, and sent at half past seven
    await closesSoon.fill('10 3');
    await page.getByLabel('Påminnelse till rektorer och förskolechefer som inte har beslutat').fill('');
    await page.getByLabel('Påminnelserna skickas klockan').fill('07:30');
    await page.getByRole('button', { name: 'Spara ändringarna' }).click();

    // Assess
    await page.getByText('Ändringarna är sparade.').waitFor();
    const stored = (await platform.call('GET', `/api/programmes/${id}/admin`, { token: await admin() })).body;
    expect(stored.notifications).toEqual({ closesSoonDays: [10, 3], decisionDueDays: [], milestoneDueDays: [14], milestoneOverdueDays: 1, sendAt: '07:30' });
    expect(await closesSoon.inputValue()).toBe('10, 3');
  });

  it('does not undo a change someone else saved meanwhile', async () => {
    // Prepare: the form open; another administrator raises the seats meanwhile
    await page.goto(`${platform.url}/redigera.html?programme=${id}`);
    await page.getByLabel('Platser i hela satsningen').waitFor();
    const { id: _id, createdAt: _c, updatedAt: _u, status: _s, ...rest } = (await platform.call('GET', `/api/programmes/${id}/admin`, { token: await admin() })).body;
    expect((await platform.call('PUT', `/api/programmes/${id}`, { token: await admin(), body: { ...rest, seats: 160 } })).status).toBe(200);

    // Act
    await page.getByLabel('Satsningens namn').fill('Nyckelpersoner 2027');
    await page.getByRole('button', { name: 'Spara ändringarna' }).click();

    // Assess: told to read it again; the other change stands
    await page.locator('#error-summary').getByText('Satsningen har ändrats av någon annan under tiden.', { exact: false }).waitFor();
    const stored = (await platform.call('GET', `/api/programmes/${id}`)).body;
    expect([stored.title, stored.seats]).toEqual(['Nyckelpersoner för skolutveckling 2027', 160]);
    expect(await accessibilityViolations(page)).toEqual([]);
  });

  it('fills the units from the municipality’s list, saved by Excel in Windows’ encoding, after showing each row’s errors', async () => {
    // Prepare: a new programme's form, and the list's part opened
    await page.goto(`${platform.url}/redigera.html`);
    await page.getByText('Fyll i enheterna från en lista (CSV)').click();

    // Act: a list with a wrong row, pasted
    await page.getByLabel('eller klistra in listan').fill(
      ['Enhet;Typ;Rektor;E-post;Platser', 'Bäckskolan;skola;Eva Ek;rektor.backskolan@example.se;6', 'Lextorp;gymnasium;Sara Holm;inte-en-adress;noll'].join('\n'),
    );
    await page.getByRole('button', { name: 'Läs in listan' }).click();

    // Assess: the row's errors by line and column; the form's units untouched
    const result = page.locator('#unit-list-result');
    await result.getByText('Listan har fel', { exact: false }).waitFor();
    const problem = await result.getByRole('listitem').allTextContents();
    expect(problem).toEqual(['Rad 3: Typ: Välj ett av: skola, förskola. Platser: Ange ett heltal. E-post: Ange en giltig e-postadress, till exempel namn@example.se.']);
    expect(await page.getByRole('group', { name: /^Enhet \d+$/ }).count()).toBe(1);
    expect(await page.getByRole('group', { name: 'Enhet 1' }).getByLabel('Namn').inputValue()).toBe('');

    // Act: the corrected list as a file, in Windows-1252 as Excel saves it
    const list = ['Enhet;Typ;Rektor;E-post;Platser', 'Bäckskolan;skola;Eva Ek;rektor.backskolan@example.se;6', 'Förskolan Ekorren;förskola;Jonas Lilja;forskolechef.ekorren@example.se;3'].join('\r\n');
    await page.getByLabel('Välj en fil').setInputFiles({ name: 'enheter.csv', mimeType: 'text/csv', buffer: Buffer.from(list, 'latin1') });
    await expect.poll(() => page.getByLabel('eller klistra in listan').inputValue()).toBe(list.replaceAll('\r\n', '\n'));
    await page.getByRole('button', { name: 'Läs in listan' }).click();

    // Assess: both units in the form, the empty row gone
    await result.getByText('2 enheter från listan står nu i formuläret.', { exact: false }).waitFor();
    const names = await page.getByRole('group', { name: /^Enhet \d+$/ }).evaluateAll((groups) =>
      groups.map((group) => [(group.querySelector('input[name$=".name"]') as HTMLInputElement).value, (group.querySelector('select') as HTMLSelectElement).value]));
    expect(names).toEqual([['Bäckskolan', 'skola'], ['Förskolan Ekorren', 'förskola']]);
    expect(await strayValues(page)).toEqual([]);
    expect(await accessibilityViolations(page)).toEqual([]);
  });

  it('puts back a unit taken out of the form, when it has applications and cannot go', async () => {
    // Prepare: someone applies to Sylteskolan in the programme published through the API
    await platform.setClock('2027-02-01T09:00:00+01:00');
    expect((await platform.call('POST', '/api/programmes/utan-paminnelser/applications', { body: applicationBody() })).status).toBe(202);
    await signInAs('admin@example.se', 'Administratör på utbildningsförvaltningen'); // a new sign-in at the new time
    await page.goto(`${platform.url}/redigera.html?programme=utan-paminnelser`);
    const firstName = page.getByRole('group', { name: 'Enhet 1' }).getByLabel('Namn');
    expect(await firstName.inputValue()).toBe('Sylteskolan');

    // Act: take Sylteskolan out, and save
    await page.getByRole('button', { name: 'Ta bort enhet 1' }).click();
    await page.getByText('Sylteskolan tas bort när du sparar.').waitFor();
    await page.getByRole('button', { name: 'Spara ändringarna' }).click();

    // Assess: refused, with the reason; the unit is still stored
    await page.locator('#error-summary').getByText('Sylteskolan har ansökningar och kan inte tas bort.').waitFor();
    const stored = async () => (await platform.call('GET', '/api/programmes/utan-paminnelser')).body.units.map((unit: { id: string }) => unit.id);
    expect(await stored()).toContain('sylteskolan');
    expect(await accessibilityViolations(page)).toEqual([]);

    // Act: put it back, and save
    await page.getByRole('button', { name: 'Ångra borttagningen av Sylteskolan' }).click();

    // Assess: back where it was, with the keyboard on it, and saved as it was
    expect(await firstName.inputValue()).toBe('Sylteskolan');
    expect(await firstName.evaluate((input) => input === document.activeElement)).toBe(true);
    expect(await page.getByText('tas bort när du sparar').count()).toBe(0);
    const before = await stored();
    await page.getByRole('button', { name: 'Spara ändringarna' }).click();
    await page.getByText('Ändringarna är sparade.').waitFor();
    expect(await stored()).toEqual(before);
    expect(await strayValues(page)).toEqual([]);
  });
});
