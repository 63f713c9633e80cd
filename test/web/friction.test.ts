/**
 * What users hit in the pages, each now fixed: an upcoming programme read as open, participation
 * shown before the programme starts, a counter that counted nothing, an error summary that did
 * not say which question, a confirm button left after confirming, the menu beside the column,
 * times written two ways, and a head's page that did not say which programme a card is.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPlatform, type TestPlatform } from '../helpers/platform.ts';
import { accessibilityViolations, fillApplication, pageForTests, signIn } from '../helpers/browser.ts';
import { applicationBody, programmeBody } from '../helpers/fixtures.ts';
import { as, calendar, decide, heads, programmeWithApplicants, type Applicant } from '../helpers/decisions.ts';

describe('what users hit, fixed', () => {
  let platform: TestPlatform;
  let applicants: Applicant[];

  beforeAll(async () => {
    platform = await startTestPlatform();
    applicants = await programmeWithApplicants(platform, 'friktion-2027', { sylteskolan: 2 });
    // A second programme of the same units, whose window opens in September.
    const upcoming = programmeBody({
      id: 'kommande-2027',
      title: 'Kollegialt lärande 2027',
      window: { opensAt: '2027-09-01T00:00:00+02:00', closesAt: '2027-09-30T23:59:00+02:00' },
      decisionDeadline: '2027-10-15T16:00:00+02:00',
      period: { start: '2027-11-01', end: '2028-06-30' },
      milestones: [{ id: 'modul-1', title: 'Modul 1', kind: 'module', dueAt: '2028-01-31T14:00:00Z' }],
    });
    expect((await as(platform, 'admin', 'POST', '/api/programmes', upcoming)).status).toBe(201);
  }, 120_000);
  afterAll(async () => {
    await platform?.stop();
  });
  const page = pageForTests();

  it('tells a head that a programme whose window has not opened is upcoming, and writes times as kl. 23.59', async () => {
    // Act: on 28 March 2027, the September programme is upcoming
    await signIn(page, platform.url, heads.sylteskolan, 'Rektor eller förskolechef');
    await page.goto(`${platform.url}/beslut.html`);
    await page.getByText('Ansökan har inte öppnat än', { exact: false }).waitFor();

    // Assess
    const text = await page.locator('main').textContent();
    expect(text).toContain('den är öppen 1 september 2027 kl. 00.00–30 september 2027 kl. 23.59');
    expect(text).not.toMatch(/kl\. \d\d:\d\d/);
    expect(await accessibilityViolations(page)).toEqual([]);
  });

  it('names the programme in each unit’s heading, and says what a decision did beside the person decided', async () => {
    // Assess: the head's two programmes, each card's heading says which
    await page.goto(`${platform.url}/beslut.html`);
    const card = page.getByRole('region', { name: 'Sylteskolan Nyckelpersoner för skolutveckling' });
    await card.waitFor();
    await page.getByRole('region', { name: 'Sylteskolan Kollegialt lärande 2027' }).waitFor();

    // Act: a decision on the second applicant
    const form = card.getByRole('form', { name: 'Beslut om Sökande sylteskolan 2' });
    await form.getByRole('radio', { name: 'Reserv' }).check();
    await form.getByRole('button', { name: 'Spara beslut' }).click();

    // Assess: said in that person's card, and aloud
    const person = card.getByRole('article', { name: /Sökande sylteskolan 2/ });
    await person.getByText('Sparat: Sökande sylteskolan 2 – Reserv.').waitFor();
    expect(await page.getByRole('status').textContent()).toBe('Sparat: Sökande sylteskolan 2 – Reserv.');
    expect(await card.getByRole('article', { name: /Sökande sylteskolan 1/ }).getByText('Sparat:', { exact: false }).count()).toBe(0);
    expect(await accessibilityViolations(page)).toEqual([]);
  });

  it('shows a head no participation before the programme starts, and from its first day after', async () => {
    // Prepare: appointed in the decision period, weeks before the start
    expect((await decide(platform, heads.sylteskolan, applicants[0]!.id, 'appoint')).status).toBe(200);
    const card = () => page.getByRole('article', { name: /Sökande sylteskolan 1/ });

    // Act and assess: before the start, the decision says it all
    await page.goto(`${platform.url}/beslut.html`);
    await card().getByText('Utsedd', { exact: true }).waitFor();
    expect(await card().getByText('Deltagande').count()).toBe(0);

    // Act and assess: after the start, the person takes part from the first day
    await platform.setClock('2027-04-20T10:00:00+02:00');
    await signIn(page, platform.url, heads.sylteskolan, 'Rektor eller förskolechef');
    await page.goto(`${platform.url}/beslut.html`);
    await card().getByText('Deltagande').waitFor();
    expect(await card().textContent()).toContain('Deltar sedan 19 april 2027');
    await platform.setClock(calendar.closes);
  });

  it('lines the menu up with the page’s content', async () => {
    await page.setViewportSize({ width: 1280, height: 800 });
    try {
      await page.goto(`${platform.url}/`);
      const menu = await page.getByRole('navigation', { name: 'Webbplatsen' }).getByRole('link').first().boundingBox();
      const heading = await page.getByRole('heading', { level: 1 }).boundingBox();
      expect(Math.abs(menu!.x - heading!.x)).toBeLessThanOrEqual(1);
    } finally {
      await page.setViewportSize({ width: 390, height: 844 });
    }
  });

  it('counts the characters of the answer already written, on the private page', async () => {
    // Act: while the window is open, the applicant opens their page
    await platform.setClock(calendar.whileOpen);
    await page.goto(`${platform.url}/ansokan/${applicants[1]!.id}#${applicants[1]!.secret}`);
    await page.getByRole('heading', { name: 'Ändra ansökan' }).waitFor();

    // Assess
    const written = applicationBody().motivation.length;
    await expect.poll(() => page.locator('#motivation-counter').textContent()).toBe(`${written} av 4000 tecken`);
  });

  it('names the question in the error summary', async () => {
    // Act: the form sent without answering whether the applicant is certified
    await page.goto(`${platform.url}/satsning/friktion-2027`);
    await fillApplication(page, { name: 'Per Holm', email: 'per.holm@example.se', subjects: 'Idrott', motivation: 'För att utveckla undervisningen.' });
    await page.getByRole('button', { name: 'Skicka ansökan' }).click();

    // Assess
    await page.locator('#error-summary').getByRole('link', { name: 'Har du lärar- eller förskollärarlegitimation: Välj ja eller nej.' }).waitFor();
    await platform.setClock(calendar.closes);
  });

  it('takes away the confirm button once a watch is confirmed', async () => {
    // Prepare
    expect((await platform.call('POST', '/api/programmes/kommande-2027/watchers', { body: { email: 'bevakar.friktion@example.se' } })).status).toBe(202);
    const mail = (await platform.mail()).find((message: any) => message.to.includes('bevakar.friktion@example.se'));
    const token = /token=([\w-]+)/.exec(mail.text)![1];

    // Act
    await page.goto(`${platform.url}/bevaka.html?token=${token}`);
    await page.getByRole('button', { name: 'Bekräfta bevakning' }).click();

    // Assess
    await page.getByText('Klart!', { exact: false }).waitFor();
    expect(await page.getByRole('button', { name: 'Bekräfta bevakning' }).isVisible()).toBe(false);
  });
});
