/**
 * The day before the heads' deadline, the programme's contact at the administration gets one
 * digest of the units whose heads have not decided: nobody learns at the deadline that applicants
 * were told "not appointed" without anyone deciding on them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPlatform, type TestPlatform } from '../helpers/platform.ts';
import { as, decide, heads, programmeWithApplicants } from '../helpers/decisions.ts';

let platform: TestPlatform;
const contact = 'kontakt.satsning@example.se';
/** 08:00 the day before the fixture's deadline (12 April 2027, 16:00) */
const dayBefore = '2027-04-11T08:00:00+02:00';

beforeAll(async () => {
  platform = await startTestPlatform();
}, 120_000);
afterAll(async () => {
  await platform?.stop();
});

async function runAt(at: string) {
  const before = (await platform.mail()).length;
  await platform.setClock(at);
  const response = await platform.call('POST', '/_local/notify', { body: { at } });
  expect(response.status).toBe(200);
  const mail = await platform.mail();
  return mail.slice(0, mail.length - before);
}

describe('the digest of undecided units', () => {
  it('tells the contact, the day before the deadline, which units have applicants without a decision', async () => {
    // Prepare: Sylteskolan's head decides on one of two; Solrosen's on none
    const applicants = await programmeWithApplicants(platform, 'kontakt-2027', { sylteskolan: 2, 'forskolan-solrosen': 1 }, { contactEmail: contact });
    expect((await decide(platform, heads.sylteskolan, applicants[0]!.id, 'appoint')).status).toBe(200);

    // Act
    const sent = await runAt(dayBefore);

    // Assess: one mail to the contact, beside the heads' reminders
    const digests = sent.filter((mail: any) => mail.to.includes(contact));
    expect(digests.map((mail: any) => mail.subject)).toEqual(['2 sökande utan beslut inför sista dagen: Nyckelpersoner för skolutveckling']);
    expect(digests[0].text).toContain('Sylteskolan: Maria Lind: 1 utan beslut');
    expect(digests[0].text).toContain('Förskolan Solrosen: Camilla Öberg: 1 utan beslut');
    expect(digests[0].text).toContain('/admin.html?programme=kontakt-2027');
    expect(sent.filter((mail: any) => mail.to.includes(heads.solrosen))).toHaveLength(1);
    // Only that day: nothing to the contact again
    expect((await runAt('2027-04-11T08:05:00+02:00')).filter((mail: any) => mail.to.includes(contact))).toEqual([]);
  });

  it('sends nothing when every applicant has a decision, or the programme names no contact', async () => {
    // Prepare: one programme decided throughout, one without a contact
    const decided = await programmeWithApplicants(platform, 'beslutad-2027', { sylteskolan: 1 }, { contactEmail: contact });
    expect((await decide(platform, heads.sylteskolan, decided[0]!.id, 'reserve')).status).toBe(200);
    await programmeWithApplicants(platform, 'utan-kontakt-2027', { sylteskolan: 1 });

    // Act: runs both programmes' (and the first test's, already sent) day before
    const sent = await runAt('2027-04-11T08:10:00+02:00');

    // Assess
    expect(sent.filter((mail: any) => mail.to.includes(contact))).toEqual([]);
    const stored = await as(platform, 'admin', 'GET', '/api/programmes/utan-kontakt-2027/admin');
    expect(stored.body.contactEmail).toBeUndefined();
  });
});
