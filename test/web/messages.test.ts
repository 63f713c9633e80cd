/**
 * Messages to a programme's people in the browser: the administrator chooses whom, previews the
 * mail with its number of recipients, is asked once more, and sees it sent; a head writes to their
 * own unit's participants only.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPlatform, type TestPlatform } from '../helpers/platform.ts';
import { accessibilityViolations, pageForTests, signIn } from '../helpers/browser.ts';
import { type Applicant, decide, heads, programmeWithApplicants } from '../helpers/decisions.ts';

describe('messages in the browser', () => {
  let platform: TestPlatform;
  let applicants: Applicant[];

  beforeAll(async () => {
    platform = await startTestPlatform();
    applicants = await programmeWithApplicants(platform, 'brev-2027', { sylteskolan: 2, 'forskolan-solrosen': 1 });
    await platform.setClock('2027-03-29T10:00:00+02:00');
    expect((await decide(platform, heads.sylteskolan, applicants[0]!.id, 'appoint')).status).toBe(200);
    expect((await decide(platform, heads.solrosen, applicants[2]!.id, 'appoint')).status).toBe(200);
  }, 120_000);
  afterAll(async () => {
    await platform?.stop();
  });
  const page = pageForTests({ viewport: { width: 1280, height: 900 } });

  it('shows the administrator how many get it and how it reads, before anything is sent', async () => {
    // Act
    await signIn(page, platform.url, 'admin@example.se', 'Administratör på utbildningsförvaltningen');
    await page.goto(`${platform.url}/admin.html?programme=brev-2027`);
    await page.getByRole('link', { name: 'Skriv till satsningens personer' }).click();
    await page.getByRole('radio', { name: 'Sökande' }).check();
    await page.getByLabel('Ämne').fill('Välkomna');
    await page.getByLabel('Meddelande', { exact: true }).fill('Första träffen är den 3 maj kl. 13.00 i sal B.\n\nTa med datorn.');
    await page.getByRole('button', { name: 'Förhandsgranska' }).click();

    // Assess: which applicants is asked for, by the field
    await page.getByRole('link', { name: 'Vilka sökande: Välj vilka sökande som ska få meddelandet.' }).waitFor();
    expect(await accessibilityViolations(page)).toEqual([]);

    // Act: the undecided applicant, then the participants of all units
    await page.getByRole('checkbox', { name: 'Utan beslut' }).check();
    await page.getByRole('button', { name: 'Förhandsgranska' }).click();
    await page.getByText('Meddelandet går till 1 person.').waitFor();
    await page.getByRole('button', { name: 'Ändra' }).click();
    await page.getByRole('radio', { name: 'Deltagare' }).check();
    await page.getByRole('button', { name: 'Förhandsgranska' }).click();

    // Assess: the count, the mail as it reads, and nothing sent yet
    await page.getByRole('heading', { name: 'Förhandsgranskning' }).waitFor();
    const preview = await page.locator('#preview').textContent();
    expect(preview).toContain('Meddelandet går till 2 personer.');
    expect(preview).toContain('Ämne: Välkomna: Nyckelpersoner för skolutveckling');
    expect(preview).toContain('Du får det här meddelandet som deltagare i Nyckelpersoner för skolutveckling.');
    expect(await page.locator('#sent-list').textContent()).toContain('Inga meddelanden har skickats i satsningen.');
    expect(await accessibilityViolations(page)).toEqual([]);
  });

  it('queues it when asked once more, once however often the button is pressed, and shows it sent', async () => {
    // Act
    const send = page.getByRole('button', { name: 'Skicka till 2 personer' });
    await send.dblclick();
    await page.getByText('Meddelandet ”Välkomna” är köat till 2 personer.', { exact: false }).waitFor();
    const before = (await platform.mail()).length;
    await platform.call('POST', '/_local/notify', { body: { at: '2027-03-29T10:01:00+02:00' } });
    await page.reload();

    // Assess
    const sent = (await platform.mail()).slice(0, (await platform.mail()).length - before);
    expect(sent.map((mail: any) => mail.to[0]).sort()).toEqual([applicants[0]!.email, applicants[2]!.email].sort());
    const listed = page.locator('#sent-list article');
    await listed.first().waitFor();
    expect(await listed.count()).toBe(1);
    expect(await listed.textContent()).toContain('Skickat');
    expect(await listed.textContent()).toContain('2 fick det.');
    expect(await accessibilityViolations(page)).toEqual([]);
  });

  it('lets a head write to the participants of their own units, and lists only theirs', async () => {
    // Act
    await signIn(page, platform.url, heads.sylteskolan, 'Rektor eller förskolechef');
    await page.goto(`${platform.url}/meddelanden.html?programme=brev-2027`);
    await page.getByLabel('Ämne').fill('Från rektorn');
    await page.getByLabel('Meddelande', { exact: true }).fill('Vi ses på torsdag.');
    await page.getByRole('button', { name: 'Förhandsgranska' }).click();

    // Assess: their one participant; no other audience offered
    await page.getByText('Meddelandet går till 1 person.').waitFor();
    expect(await page.getByRole('radio', { name: 'Deltagarna på dina enheter' }).isChecked()).toBe(true);
    expect(await page.getByRole('radio', { name: 'Sökande' }).count()).toBe(0);
    expect(await page.locator('#sent-list').textContent()).toContain('Du har inte skickat några meddelanden i satsningen.');
    expect(await accessibilityViolations(page)).toEqual([]);
  });
});
