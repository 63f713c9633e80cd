/**
 * Words the API and the local tools use: the exports name a role as the pages do, an empty
 * address is asked for rather than called invalid, and the local inbox shows when a mail went in
 * Stockholm time, and the whole of it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPlatform, type TestPlatform } from '../helpers/platform.ts';
import { applicationBody } from '../helpers/fixtures.ts';
import { as, calendar, programmeWithApplicants } from '../helpers/decisions.ts';

describe('what the API and the local tools say', () => {
  let platform: TestPlatform;

  beforeAll(async () => {
    platform = await startTestPlatform();
    await programmeWithApplicants(platform, 'ord-2027', { sylteskolan: 1 });
  }, 120_000);
  afterAll(async () => {
    await platform?.stop();
  });

  it('writes a role in the exports as the pages do', async () => {
    const csv = await as(platform, 'admin', 'GET', '/api/programmes/ord-2027/exports/applications.csv');
    expect(csv.status).toBe(200);
    expect(csv.body).toContain('Lärare');
    expect(csv.body).not.toContain('lärare');
  });

  it('asks for an address left empty, rather than calling it invalid', async () => {
    await platform.setClock(calendar.whileOpen);
    const response = await platform.call('POST', '/api/programmes/ord-2027/applications', { body: applicationBody({ email: '' }) });
    expect(response.status).toBe(400);
    expect(response.body.error.fields.email).toBe('Fyll i en e-postadress, till exempel namn@example.se.');
  });

  it('links every mail to the privacy notice, in its text and its HTML', async () => {
    const mail = await platform.mail();
    expect(mail.length).toBeGreaterThan(0);
    for (const message of mail) {
      expect(message.text).toContain('Så behandlar vi dina personuppgifter: http');
      expect(message.text).toContain('/personuppgifter.html');
      expect(message.html).toMatch(/<a href="http[^"]+\/personuppgifter\.html"[^>]*>Så behandlar vi dina personuppgifter<\/a>/);
    }
  });

  it('shows in the local inbox when a mail was sent, in Stockholm time, and the whole of it', async () => {
    const inbox = await fetch(`${platform.url}/_local/inbox`).then((response) => response.text());
    expect(inbox).toMatch(/<dt>Skickat<\/dt><dd><time datetime="[^"]+">\d{1,2} \w+ 20\d\d kl\. \d\d\.\d\d<\/time>/);
    const heights = [...inbox.matchAll(/<iframe [^>]*height="(\d+)"/g)].map((match) => Number(match[1]));
    expect(heights.length).toBeGreaterThan(0);
    // A receipt's text is some twenty lines: the frame is taller than the 320 px it used to be.
    expect(Math.min(...heights)).toBeGreaterThan(500);
  });
});
