/**
 * Deadline notifications, through real HTTP with the platform's clock: a programme's whole
 * calendar walked to the minute (across the DST change), each e-mail exactly once; two runs at
 * once; repeated runs; dates moved after scheduling; SES failing midway; watchers' double opt-in
 * and one-click unsubscribe.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applicationBody, privateLinkIn, programmeBody } from '../helpers/fixtures.ts';
import { startTestPlatform, type TestPlatform } from '../helpers/platform.ts';
import { as, decide, heads, programmeWithApplicants } from '../helpers/decisions.ts';

let platform: TestPlatform;

beforeAll(async () => {
  platform = await startTestPlatform();
}, 120_000);

afterAll(async () => {
  await platform?.stop();
});

interface Sent {
  to: string;
  subject: string;
  text: string;
  headers: Record<string, string>;
}

/** Run the notifications at `at`; what was mailed during the run, oldest first. */
async function runAt(at: string): Promise<{ result: any; sent: Sent[] }> {
  const before = (await platform.mail()).length;
  await platform.setClock(at);
  const response = await platform.call('POST', '/_local/notify', { body: { at } });
  expect(response.status).toBe(200);
  const mail = await platform.mail();
  const sent = mail
    .slice(0, mail.length - before)
    .reverse()
    .map((message: any) => ({ to: message.to[0], subject: message.subject, text: message.text, headers: message.headers }));
  return { result: response.body, sent };
}

function tokenIn(text: string): string {
  const match = /token=([\w-]+)/.exec(text);
  if (!match) throw new Error('no token in the mail');
  return match[1]!;
}

/** Subscribe, and confirm with the link from the mail unless `confirm` is false. */
async function watchAs(programmeId: string, email: string, confirm = true) {
  const response = await platform.call('POST', `/api/programmes/${programmeId}/watchers`, { body: { email } });
  expect(response.status).toBe(202);
  const mail = (await platform.mail()).find((message: any) => message.to.includes(email));
  expect(mail.subject).toMatch(/^Bekräfta bevakning/);
  if (confirm) expect((await platform.call('POST', '/api/watchers/confirm', { body: { token: tokenIn(mail.text) } })).status).toBe(200);
}

async function createProgramme(id: string, overrides: Record<string, unknown> = {}) {
  const response = await as(platform, 'admin', 'POST', '/api/programmes', programmeBody({ id, ...overrides }));
  expect(response.status).toBe(201);
}

/** On 10 January 2027: a programme with the test's dates, and a confirmed watcher. */
async function watchedProgramme(id: string, watcher: string) {
  await platform.setClock('2027-01-10T10:00:00+01:00');
  await createProgramme(id);
  await watchAs(id, watcher);
}

/** The administrator changes the programme: the test's programme, with `changes`. */
async function changeProgramme(id: string, changes: Record<string, unknown>) {
  const { id: _id, ...rest } = programmeBody({ id });
  expect((await as(platform, 'admin', 'PUT', `/api/programmes/${id}`, { ...rest, ...changes })).status).toBe(200);
}

const summary = (sent: Sent[]) => sent.map((mail) => `${mail.to}: ${mail.subject}`).sort();

describe('a programme’s calendar, walked minute by minute at each instant', () => {
  const id = 'calendar-2027';
  const watcher = 'bevakare.a@example.se';
  const watcherWhoApplies = 'bevakare.d@example.se';

  beforeAll(async () => {
    await platform.setClock('2027-01-10T10:00:00+01:00');
    await createProgramme(id);
    await watchAs(id, watcher);
    await watchAs(id, watcherWhoApplies);
    await watchAs(id, 'obekraftad@example.se', false);
  });

  it('tells confirmed watchers when the window opens, at 08:00 (the window opens at midnight)', async () => {
    expect((await runAt('2027-01-21T07:59:00+01:00')).sent).toEqual([]);
    const { sent, result } = await runAt('2027-01-21T08:00:00+01:00');
    expect(summary(sent)).toEqual([
      `${watcher}: Nu kan du söka: Nyckelpersoner för skolutveckling`,
      `${watcherWhoApplies}: Nu kan du söka: Nyckelpersoner för skolutveckling`,
    ]);
    expect(result).toMatchObject({ sent: 2, failed: 0, unfinished: 0, itemsRead: 1 });
    // RFC 8058 one-click unsubscribe, on every mail to a watcher
    for (const mail of sent) {
      expect(mail.headers['List-Unsubscribe']).toMatch(/^<http:\/\/127\.0\.0\.1:\d+\/api\/watchers\/unsubscribe\?token=[\w-]+>$/);
      expect(mail.headers['List-Unsubscribe-Post']).toBe('List-Unsubscribe=One-Click');
    }
    expect(sent[0]!.text).toContain('28 mars 2027 kl. 03.00');
    // Repeated: nothing more.
    expect((await runAt('2027-01-21T08:00:00+01:00')).sent).toEqual([]);
    expect((await runAt('2027-01-21T08:01:00+01:00')).sent).toEqual([]);
  });

  it('reminds watchers who have not applied, 7 days and 1 day before the close, at 08:00 winter time', async () => {
    // Prepare: one watcher applies; two others apply to the units
    await platform.setClock('2027-02-01T09:00:00+01:00');
    for (const [email, unitId] of [
      [watcherWhoApplies, 'sylteskolan'],
      ['sokande.e@example.se', 'forskolan-solrosen'],
    ] as const) {
      expect((await platform.call('POST', `/api/programmes/${id}/applications`, { body: applicationBody({ email, unitId }) })).status).toBe(202);
    }
    // Act and assess
    expect((await runAt('2027-03-21T07:59:00+01:00')).sent).toEqual([]);
    expect(summary((await runAt('2027-03-21T08:00:00+01:00')).sent)).toEqual([
      `${watcher}: Ansökan stänger om 7 dagar: Nyckelpersoner för skolutveckling`,
    ]);
    expect(summary((await runAt('2027-03-27T08:00:00+01:00')).sent)).toEqual([
      `${watcher}: Ansökan stänger i morgon: Nyckelpersoner för skolutveckling`,
    ]);
  });

  it('reminds heads with undecided applications, 3 days and 1 day before the deadline, at 08:00 summer time', async () => {
    // Prepare: Sylteskolan's head decides after the close; Solrosen's does not
    await platform.setClock('2027-03-29T10:00:00+02:00');
    const applications = (await as(platform, 'admin', 'GET', `/api/programmes/${id}/applications`)).body.items;
    const inSylte = applications.find((application: any) => application.unitId === 'sylteskolan');
    const inSolrosen = applications.find((application: any) => application.unitId === 'forskolan-solrosen');
    expect((await decide(platform, heads.sylteskolan, inSylte.id, 'appoint', 'Välkommen!')).status).toBe(200);
    // Act and assess: 2027-04-09 08:00 is 06:00 UTC (summer time since 28 March)
    expect((await runAt('2027-04-09T05:59:00Z')).sent).toEqual([]);
    const { sent } = await runAt('2027-04-09T06:00:00Z');
    expect(summary(sent)).toEqual([`${heads.solrosen}: Beslut om nyckelpersoner senast 12 april 2027: 1 sökande väntar`]);
    expect(sent[0]!.text).toContain('Förskolan Solrosen: 1 utan beslut');
    // Solrosen decides before the last reminder: then it is not sent.
    await platform.setClock('2027-04-10T10:00:00+02:00');
    expect((await decide(platform, heads.solrosen, inSolrosen.id, 'reserve')).status).toBe(200);
    const last = await runAt('2027-04-11T08:00:00+02:00');
    expect(last.sent).toEqual([]);
    expect(last.result).toMatchObject({ itemsRead: 1, sent: 0 });
  });

  it('tells every applicant the decision at the deadline, with the head’s note', async () => {
    expect((await runAt('2027-04-12T15:59:00+02:00')).sent).toEqual([]);
    const { sent } = await runAt('2027-04-12T16:00:00+02:00');
    expect(summary(sent)).toEqual([
      `${watcherWhoApplies}: Beslut om din ansökan: Nyckelpersoner för skolutveckling`,
      'sokande.e@example.se: Beslut om din ansökan: Nyckelpersoner för skolutveckling',
    ]);
    const appointed = sent.find((mail) => mail.to === watcherWhoApplies)!;
    expect(appointed.text).toContain('Du är utsedd till nyckelperson för Sylteskolan');
    expect(appointed.text).toContain('Välkommen!');
    // The mail cannot carry the private link (only its hash is kept): it leads to the form for a new one.
    expect(appointed.text).toContain(`Be om en ny länk:\n${platform.url}/satsning/${id}#lost-link`);
    expect(sent.find((mail) => mail.to === 'sokande.e@example.se')!.text).toContain('Du står som reserv');
  });

  it('reminds participants who are not done 7 days before a milestone is due, at 08:00', async () => {
    // Prepare: a participant registered late in Solrosen, who is done already
    await platform.setClock('2027-05-02T10:00:00+02:00');
    const { privacyNoticeRead: _privacyNoticeRead, ...answers } = applicationBody({ email: 'klar.deltagare@example.se', unitId: 'forskolan-solrosen', name: 'Klara Klar', role: 'förskollärare' });
    const registered = await as(platform, 'admin', 'POST', `/api/programmes/${id}/participants`, answers);
    expect(registered.status).toBe(201);
    expect((await as(platform, heads.solrosen, 'PUT', `/api/participants/${registered.body.id}/milestones/modul-1`, { status: 'done' })).status).toBe(200);
    // Act and assess: Modul 1 is due 31 May 16:00; the reminder goes out 24 May 08:00
    expect((await runAt('2027-05-24T07:59:00+02:00')).sent).toEqual([]);
    const { sent } = await runAt('2027-05-24T08:00:00+02:00');
    expect(summary(sent)).toEqual([`${watcherWhoApplies}: Sista dag för Modul 1 är om 7 dagar: Nyckelpersoner för skolutveckling`]);
    expect(sent[0]!.text).toContain('Sista dag för Modul 1 i Nyckelpersoner för skolutveckling är 31 maj 2027 kl. 16.00.');
    expect(sent[0]!.text).toContain(`Be om en ny länk:\n${platform.url}/satsning/${id}#lost-link`);
    expect((await runAt('2027-05-24T08:01:00+02:00')).sent).toEqual([]);
  });

  it('tells each head, in one digest, who in their units is not done the day after a milestone was due', async () => {
    expect((await runAt('2027-06-01T07:59:00+02:00')).sent).toEqual([]);
    const { sent } = await runAt('2027-06-01T08:00:00+02:00');
    // Solrosen's only participant is done: its head gets nothing.
    expect(summary(sent)).toEqual([`${heads.sylteskolan}: 1 deltagare är inte klar med Modul 1: Nyckelpersoner för skolutveckling`]);
    expect(sent[0]!.text).toContain('Sylteskolan: Anna Andersson');
    expect(sent[0]!.text).toContain('/framsteg.html?programme=calendar-2027');
  });

  it('has nothing left to send afterwards', async () => {
    const { sent, result } = await runAt('2027-07-01T08:00:00+02:00');
    expect(sent).toEqual([]);
    expect(result.itemsRead).toBe(0);
  });
});

describe('exactly once', () => {
  it('sends each e-mail once when two runs go at the same time', async () => {
    // Prepare: ten confirmed watchers
    await platform.setClock('2027-01-10T10:00:00+01:00');
    await createProgramme('twice-2027');
    const watchers = Array.from({ length: 10 }, (_, index) => `samtidig.${index}@example.se`);
    for (const email of watchers) await watchAs('twice-2027', email);
    const at = '2027-01-21T08:00:00+01:00';
    await platform.setClock(at);
    const before = (await platform.mail()).length;
    // Act: two runs at once, then a third
    const [first, second] = await Promise.all([
      platform.call('POST', '/_local/notify', { body: { at } }),
      platform.call('POST', '/_local/notify', { body: { at } }),
    ]);
    const third = await platform.call('POST', '/_local/notify', { body: { at } });
    // Assess
    const sent = (await platform.mail()).slice(0, (await platform.mail()).length - before);
    expect(sent.map((mail: any) => mail.to[0]).sort()).toEqual([...watchers].sort());
    expect(first.body.sent + second.body.sent + third.body.sent).toBe(10);
  }, 60_000);

  it('finishes a run that failed midway on the next run, without duplicates', async () => {
    // Prepare: three watchers; SES throttles every send to one of them (beyond the run's own retries)
    await platform.setClock('2027-01-10T10:00:00+01:00');
    await createProgramme('throttled-2027');
    for (const email of ['t.1@example.se', 't.2@example.se', 't.3@example.se']) await watchAs('throttled-2027', email);
    await platform.call('POST', '/_local/ses-faults', { body: { count: 4, error: 'TooManyRequestsException', to: 't.2@example.se' } });
    // Act
    const first = await runAt('2027-01-21T08:00:00+01:00');
    const second = await runAt('2027-01-21T08:01:00+01:00');
    const third = await runAt('2027-01-21T08:02:00+01:00');
    // Assess
    expect(summary(first.sent)).toEqual([
      't.1@example.se: Nu kan du söka: Nyckelpersoner för skolutveckling',
      't.3@example.se: Nu kan du söka: Nyckelpersoner för skolutveckling',
    ]);
    expect(first.result).toMatchObject({ sent: 2, unfinished: 1 });
    expect(summary(second.sent)).toEqual(['t.2@example.se: Nu kan du söka: Nyckelpersoner för skolutveckling']);
    expect(second.result).toMatchObject({ sent: 1, skipped: 2, unfinished: 0 });
    expect(third.sent).toEqual([]);
  });

  it('marks an address SES refuses as failed, with the reason, and does not retry it', async () => {
    await watchedProgramme('rejected-2027', 'refuseras@example.se');
    await platform.call('POST', '/_local/ses-faults', { body: { count: 1, error: 'MessageRejected', to: 'refuseras@example.se' } });
    const first = await runAt('2027-01-21T08:00:00+01:00');
    expect(first.result).toMatchObject({ sent: 0, failed: 1, unfinished: 0 });
    expect((await runAt('2027-01-21T08:01:00+01:00')).sent).toEqual([]);
  });
});

describe('publishing the decisions early', () => {
  it('sends the decisions when an administrator publishes them, and not again at the deadline', async () => {
    // Prepare: one applicant, appointed
    await platform.setClock('2027-02-01T09:00:00+01:00');
    await createProgramme('early-2027');
    expect((await platform.call('POST', '/api/programmes/early-2027/applications', { body: applicationBody({ email: 'tidig@example.se' }) })).status).toBe(202);
    const applied = privateLinkIn(await platform.mail(), 'tidig@example.se');
    await platform.setClock('2027-03-29T10:00:00+02:00');
    expect((await decide(platform, heads.sylteskolan, applied.id, 'appoint')).status).toBe(200);
    // Act
    await platform.setClock('2027-04-01T10:30:00+02:00');
    const published = await as(platform, 'admin', 'POST', '/api/programmes/early-2027/publish-decisions');
    // Assess
    expect(published.status).toBe(200);
    expect(published.body).toEqual({ decisionsPublishedAt: '2027-04-01T08:30:00.000Z', changed: true });
    const late = await decide(platform, heads.sylteskolan, applied.id, 'decline');
    expect(late.body.error.code).toBe('DECISION_DEADLINE_PASSED');
    expect(summary((await runAt('2027-04-01T10:30:00+02:00')).sent).filter((line) => line.startsWith('tidig@'))).toEqual([
      'tidig@example.se: Beslut om din ansökan: Nyckelpersoner för skolutveckling',
    ]);
    expect((await runAt('2027-04-12T16:00:00+02:00')).sent.filter((mail) => mail.to === 'tidig@example.se')).toEqual([]);
    const view = await platform.call('GET', '/api/programmes/early-2027/audit', { token: await platform.tokenFor('admin@example.se', ['admin']) });
    expect(view.body.items[0]).toMatchObject({ action: 'decisions.published', by: 'admin@example.se' });
  });
});

describe('dates that move after scheduling', () => {
  it('sends at the new time and nothing at the old one', async () => {
    // Prepare
    await watchedProgramme('moved-2027', 'flyttad@example.se');
    // Act: the window now opens a week later
    await changeProgramme('moved-2027', { window: { ...programmeBody().window, opensAt: '2027-01-28T00:00:00+01:00' } });
    // Assess
    expect((await runAt('2027-01-21T08:00:00+01:00')).sent).toEqual([]);
    expect(summary((await runAt('2027-01-28T08:00:00+01:00')).sent)).toEqual([
      'flyttad@example.se: Nu kan du söka: Nyckelpersoner för skolutveckling',
    ]);
  });

  it('publishes no reminder for a reminder day that no longer exists', async () => {
    // Prepare: reminders only 1 day before the close
    await watchedProgramme('fewer-2027', 'farre@example.se');
    await changeProgramme('fewer-2027', { notifications: { closesSoonDays: [1] } });
    await runAt('2027-01-21T08:00:00+01:00');
    // Assess
    expect((await runAt('2027-03-21T08:00:00+01:00')).sent.filter((mail) => mail.to === 'farre@example.se')).toEqual([]);
    expect(summary((await runAt('2027-03-27T08:00:00+01:00')).sent).filter((line) => line.startsWith('farre@'))).toEqual([
      'farre@example.se: Ansökan stänger i morgon: Nyckelpersoner för skolutveckling',
    ]);
  });
});

describe('reminders whose day has passed', () => {
  it('skips a reminder whose day was over before it was planned, and sends the next one', async () => {
    // Prepare: the window opens for a watcher
    await watchedProgramme('nearer-2027', 'narmare@example.se');
    await runAt('2027-01-21T08:00:00+01:00');
    // Act: on 10 March the close moves to 13 March, so the 7-day reminder's day (6 March) is past
    await platform.setClock('2027-03-10T10:00:00+01:00');
    await changeProgramme('nearer-2027', { window: { ...programmeBody().window, closesAt: '2027-03-13T23:59:00+01:00' } });
    const right = await runAt('2027-03-10T10:01:00+01:00');
    // Assess: no "closes in 7 days" three days before the close; the day before, the real reminder
    expect(right.sent.filter((mail) => mail.to === 'narmare@example.se')).toEqual([]);
    expect(right.result.missed).toBeGreaterThanOrEqual(1);
    expect(summary((await runAt('2027-03-12T08:00:00+01:00')).sent).filter((line) => line.startsWith('narmare@'))).toEqual([
      'narmare@example.se: Ansökan stänger i morgon: Nyckelpersoner för skolutveckling',
    ]);
  });

  it('still sends a reminder late on its own day, after runs were missed', async () => {
    // Prepare
    await watchedProgramme('outage-2027', 'avbrott@example.se');
    await runAt('2027-01-21T08:00:00+01:00');
    // Act: no run from 08:00 until 15:00 on the reminder's day
    const { sent } = await runAt('2027-03-21T15:00:00+01:00');
    // Assess
    expect(summary(sent).filter((line) => line.startsWith('avbrott@'))).toEqual([
      'avbrott@example.se: Ansökan stänger om 7 dagar: Nyckelpersoner för skolutveckling',
    ]);
  });

  it('does not announce an opening once the window has closed', async () => {
    // Prepare: a watcher of a programme whose window then moves wholly into the past
    await watchedProgramme('past-2027', 'forsent@example.se');
    await changeProgramme('past-2027', { window: { opensAt: '2026-12-01T00:00:00+01:00', closesAt: '2027-01-09T23:59:00+01:00' } });
    // Act
    const { sent } = await runAt('2027-01-10T10:01:00+01:00');
    // Assess
    expect(sent.filter((mail) => mail.to === 'forsent@example.se')).toEqual([]);
  });
});

describe('erasing a programme’s personal data once it is over', () => {
  it('erases every application, participant, progress and watcher 30 days after the last day, and mails nobody', async () => {
    // Prepare: a programme that ends on 31 December 2027, two watchers, three applicants: two
    // appointed (one with progress, both in a learning group), one declined
    const id = 'gallring-2027';
    const people = await programmeWithApplicants(platform, id, { sylteskolan: 3 }, { period: { start: '2027-04-19', end: '2027-12-31' } });
    await watchAs(id, 'bevakare.gallring@example.se');
    await watchAs(id, 'obekraftad.gallring@example.se', false);
    const [first, second, third] = people as [(typeof people)[0], (typeof people)[0], (typeof people)[0]];
    expect((await decide(platform, heads.sylteskolan, first.id, 'appoint')).status).toBe(200);
    expect((await decide(platform, heads.sylteskolan, second.id, 'appoint')).status).toBe(200);
    expect((await decide(platform, heads.sylteskolan, third.id, 'decline')).status).toBe(200);
    await platform.setClock('2027-05-03T10:00:00+02:00');
    const done = await as(platform, heads.sylteskolan, 'PUT', `/api/participants/${first.id}/milestones/modul-1`, { status: 'done' });
    expect(done.status).toBe(200);
    const groups = `/api/programmes/${id}/groups`;
    const group = await as(platform, 'admin', 'POST', groups, { name: 'Lärgrupp 1', facilitatorId: first.id, memberIds: [first.id, second.id] });
    expect(group.status).toBe(201);
    const addresses = new Set([...people.map((person) => person.email), 'bevakare.gallring@example.se', 'obekraftad.gallring@example.se']);
    const ours = (sent: Sent[]) => sent.filter((mail) => addresses.has(mail.to));
    // The decisions and milestone mails of the year go out as planned.
    await runAt('2027-12-31T12:00:00+01:00');

    // Act: the minute before, and the moment (03:00 on 30 January 2028)
    const before = await runAt('2028-01-30T02:59:00+01:00');
    const privatePage = await platform.call('GET', `/api/applications/${first.id}`, { token: first.secret });
    const at = await runAt('2028-01-30T03:00:00+01:00');

    // Assess
    expect(before.result.erased).toBe(0);
    expect(privatePage.status).toBe(200);
    expect(ours(at.sent)).toEqual([]);
    expect(at.result.erased).toBe(5); // three applications, two watchers
    for (const person of people) {
      expect((await platform.call('GET', `/api/applications/${person.id}`, { token: person.secret })).status).toBe(404);
    }
    expect((await as(platform, 'admin', 'GET', `/api/programmes/${id}/applications`)).body.items).toEqual([]);
    expect((await as(platform, 'admin', 'GET', `/api/programmes/${id}/participants`)).body.items).toEqual([]);
    const progress = await as(platform, 'admin', 'GET', `/api/programmes/${id}/progress`);
    expect(progress.status).toBe(200);
    expect(progress.body.totals).toMatchObject({ participants: 0, done: 0 });
    expect(progress.body.groups).toMatchObject([{ name: 'Lärgrupp 1', members: 0, units: [] }]);
    expect((await as(platform, 'admin', 'GET', `${groups}/${group.body.id}`)).body.members).toEqual([]);
    const trail = (await as(platform, 'admin', 'GET', `/api/programmes/${id}/audit?limit=100`)).body.items;
    const erasures = trail.filter((entry: { action: string }) => entry.action === 'application.erased');
    expect(erasures.map((entry: { applicationId: string }) => entry.applicationId).sort()).toEqual(people.map((person) => person.id).sort());
    expect(erasures.every((entry: { by: string }) => entry.by === 'regel')).toBe(true);
    expect(JSON.stringify(trail)).not.toMatch(/gallring-2027\.sylteskolan\.\d@example\.se|Sökande/);
    // The watcher is gone too: watching again asks for a confirmation, as for a stranger.
    const rewatch = await platform.call('POST', `/api/programmes/${id}/watchers`, { body: { email: 'bevakare.gallring@example.se' } });
    expect(rewatch.status).toBe(202);
    expect((await platform.mail())[0]).toMatchObject({ to: ['bevakare.gallring@example.se'], subject: expect.stringMatching(/^Bekräfta bevakning/) });
    // Once is enough: the next run has nothing to erase.
    expect((await runAt('2028-01-30T03:01:00+01:00')).result.erased).toBe(0);
  });
});

describe('watchers', () => {
  it('answers 202 whatever the address, and a malformed one with 400', async () => {
    await watchedProgramme('watch-2027', 'redan@example.se');
    const before = (await platform.mail()).length;
    const again = await platform.call('POST', '/api/programmes/watch-2027/watchers', { body: { email: 'redan@example.se' } });
    expect(again.status).toBe(202);
    expect(again.body).toEqual({ accepted: true });
    // A confirmed watcher gets no new confirmation mail: nothing tells a third party anything.
    expect((await platform.mail()).length).toBe(before);
    const bad = await platform.call('POST', '/api/programmes/watch-2027/watchers', { body: { email: 'inte en adress' } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields.email).toBe('Ange en giltig e-postadress, till exempel namn@example.se.');
    const unknown = await platform.call('POST', '/api/watchers/confirm', { body: { token: 'y'.repeat(43) } });
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe('TOKEN_NOT_FOUND');
  });

  it('stops all mail from the programme at one click on the unsubscribe link', async () => {
    // Prepare: the watcher gets the opening mail
    await watchedProgramme('unsubscribe-2027', 'avslutar@example.se');
    const { sent } = await runAt('2027-01-21T08:00:00+01:00');
    const opening = sent.find((mail) => mail.to === 'avslutar@example.se')!;
    const oneClick = /^<(.+)>$/.exec(opening.headers['List-Unsubscribe']!)![1]!;
    // Act: the mail client's one-click POST (RFC 8058)
    const response = await fetch(oneClick.replace(/^http:\/\/127\.0\.0\.1:\d+/, platform.url), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'List-Unsubscribe=One-Click',
    });
    // Assess
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ status: 'unsubscribed' });
    const later = [await runAt('2027-03-21T08:00:00+01:00'), await runAt('2027-03-27T08:00:00+01:00')];
    expect(later.flatMap((run) => run.sent).filter((mail) => mail.to === 'avslutar@example.se')).toEqual([]);
  });
});

describe('the calendar feed', () => {
  it('lists the programme’s dates as iCalendar', async () => {
    await platform.setClock('2027-01-10T10:00:00+01:00');
    await createProgramme('ics-2027');
    const response = await fetch(`${platform.url}/api/programmes/ics-2027/calendar.ics`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/calendar; charset=utf-8');
    const text = await response.text();
    expect(text.startsWith('BEGIN:VCALENDAR\r\nVERSION:2.0\r\n')).toBe(true);
    expect(text).toContain('DTSTART:20270328T010000Z');
    expect(text).toContain('SUMMARY:Sista dag att ansöka: Nyckelpersoner för skolutveckling');
    expect(text).toContain('DTSTART;VALUE=DATE:20270419');
    expect(text.match(/BEGIN:VEVENT/g)).toHaveLength(5);
    expect(text.split('\r\n').every((line) => Buffer.byteLength(line, 'utf8') <= 75)).toBe(true);
  });
});

describe('bounces and complaints', () => {
  const id = 'feedback-2027';
  const bounced = 'studsar@example.se';
  const complains = 'klagar@example.se';
  const full = 'full.brevlada@example.se';
  const fine = 'fungerar@example.se';

  function feedback(type: string, email: string, bounceType?: string) {
    return platform.call('POST', '/_local/ses-feedback', { body: { type, email, ...(bounceType ? { bounceType } : {}) } });
  }

  it('suppresses an address that bounces for good or complains, and shows it to administrators', async () => {
    // Prepare: four confirmed watchers; SES reports on three of them
    await platform.setClock('2027-01-10T10:00:00+01:00');
    await createProgramme(id);
    for (const email of [bounced, complains, full, fine]) await watchAs(id, email);
    await platform.setClock('2027-01-12T10:00:00+01:00');
    expect((await feedback('bounce', bounced)).body).toEqual({ suppressed: 1 });
    expect((await feedback('complaint', complains.toUpperCase())).body).toEqual({ suppressed: 1 });
    // A full mailbox is temporary: SES retries it, we do not suppress it.
    expect((await feedback('bounce', full, 'Transient')).body).toEqual({ suppressed: 0 });

    // Act: the window opens
    const { sent, result } = await runAt('2027-01-21T08:00:00+01:00');

    // Assess: only the working addresses get mail; the others are marked failed, not dropped silently
    expect(sent.map((mail) => mail.to).sort()).toEqual([full, fine]);
    expect(result).toMatchObject({ sent: 2, failed: 2 });
    const list = await as(platform, 'admin', 'GET', '/api/suppressions');
    expect(list.status).toBe(200);
    // Newest first; these two came at the same instant.
    expect(list.body.items.map((item: any) => [item.email, item.reason, item.detail, item.at]).sort()).toEqual([
      [complains, 'complaint', 'abuse', '2027-01-12T09:00:00.000Z'],
      [bounced, 'bounce', 'General', '2027-01-12T09:00:00.000Z'],
    ]);
  });

  it('lets an administrator lift a suppression, after which the address gets mail again', async () => {
    const list = await as(platform, 'admin', 'GET', '/api/suppressions');
    const entry = list.body.items.find((item: any) => item.email === bounced);
    const lifted = await as(platform, 'admin', 'DELETE', `/api/suppressions/${entry.emailHash}`);
    expect(lifted.status).toBe(204);
    // No body, so neither a length nor chunks
    expect([lifted.headers.get('content-length'), lifted.headers.get('transfer-encoding')]).toEqual([null, null]);
    const again = await as(platform, 'admin', 'DELETE', `/api/suppressions/${entry.emailHash}`);
    expect(again.status).toBe(404);
    expect(again.body.error.code).toBe('SUPPRESSION_NOT_FOUND');
    const { sent } = await runAt('2027-03-21T08:00:00+01:00');
    expect(sent.map((mail) => mail.to).sort()).toEqual([full, fine, bounced]);
  });

  it('keeps a suppression listed when SES refuses to take the address off its own list', async () => {
    // Prepare: SES refuses the next removal
    const list = await as(platform, 'admin', 'GET', '/api/suppressions');
    const entry = list.body.items.find((item: any) => item.email === complains);
    await platform.call('POST', '/_local/ses-faults', { body: { count: 1, error: 'TooManyRequestsException', action: 'DeleteSuppressedDestination' } });

    // Act
    const refused = await as(platform, 'admin', 'DELETE', `/api/suppressions/${entry.emailHash}`);

    // Assess: nothing lifted halfway, and a second try lifts it
    expect(refused.status).toBe(500);
    expect(refused.body.error.code).toBe('INTERNAL_ERROR');
    const still = await as(platform, 'admin', 'GET', '/api/suppressions');
    expect(still.body.items.map((item: any) => item.email)).toContain(complains);
    expect((await as(platform, 'admin', 'DELETE', `/api/suppressions/${entry.emailHash}`)).status).toBe(204);
    const { sent } = await runAt('2027-03-27T08:00:00+01:00');
    expect(sent.map((mail) => mail.to).sort()).toEqual([full, fine, bounced, complains].sort());
  });

  it('drops a mail to an address on SES’s own list, and lists the address when SES reports it', async () => {
    // Prepare: an address SES suppresses that our list does not hold (an earlier bounce, another system's)
    const address = 'sparrad.hos.ses@example.se';
    platform.ses.suppress(address);

    // Act: a mail that goes out at once, not through a notification run
    const response = await platform.call('POST', `/api/programmes/${id}/watchers`, { body: { email: address } });

    // Assess: accepted as always, not delivered, and suppressed as SES reported it
    expect(response.status).toBe(202);
    expect((await platform.mail()).filter((message: any) => message.to.includes(address))).toEqual([]);
    const list = await as(platform, 'admin', 'GET', '/api/suppressions');
    expect(list.body.items.find((item: any) => item.email === address)).toMatchObject({ reason: 'bounce', detail: 'OnAccountSuppressionList' });
  });

  it('refuses a simulated report without a type or an address', async () => {
    const response = await platform.call('POST', '/_local/ses-feedback', { body: { type: 'studs' } });
    expect(response.status).toBe(400);
    expect(Object.keys(response.body.error.fields).sort()).toEqual(['email', 'type']);
  });
});
