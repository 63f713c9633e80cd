/**
 * Messages to a programme's people, through real HTTP: an administrator writes to participants,
 * applicants by decision, heads or watchers; a head to their own units' participants. The page's
 * preview counts the recipients; the message is queued and the notification run sends it, once to
 * each, whether it is sent twice, at once, or the run repeats; a suppressed address gets nothing;
 * a watcher's copy can be unsubscribed from; and none of it counts against the caps on unsolicited mail.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { programmeBody } from '../helpers/fixtures.ts';
import { startTestPlatform, type TestPlatform } from '../helpers/platform.ts';
import { type Applicant, as, decide, heads, programmeWithApplicants } from '../helpers/decisions.ts';

let platform: TestPlatform;
const id = 'meddelanden-2027';
const watcher = 'bevakar.meddelanden@example.se';
let applicants: Applicant[];
/** Sylteskolan: appointed, reserve, not appointed, undecided; Solrosen: appointed, undecided */
const [appointedA, reserveA, declinedA, undecidedA, appointedB, undecidedB] = [0, 1, 2, 3, 4, 5];

beforeAll(async () => {
  platform = await startTestPlatform();
  applicants = await programmeWithApplicants(platform, id, { sylteskolan: 4, 'forskolan-solrosen': 2 });
  await platform.setClock('2027-03-01T10:00:00+01:00');
  await watch(id, watcher);
  await platform.setClock('2027-03-29T10:00:00+02:00');
  for (const [index, decision] of [[appointedA, 'appoint'], [reserveA, 'reserve'], [declinedA, 'decline'], [appointedB, 'appoint']] as const) {
    const head = applicants[index]!.unitId === 'sylteskolan' ? heads.sylteskolan : heads.solrosen;
    expect((await decide(platform, head, applicants[index]!.id, decision)).status).toBe(200);
  }
}, 120_000);

afterAll(async () => {
  await platform?.stop();
});

async function watch(programmeId: string, email: string) {
  expect((await platform.call('POST', `/api/programmes/${programmeId}/watchers`, { body: { email } })).status).toBe(202);
  const mail = (await platform.mail()).find((message: any) => message.to.includes(email) && message.subject.startsWith('Bekräfta'));
  const token = /token=([\w-]+)/.exec(mail.text)![1];
  expect((await platform.call('POST', '/api/watchers/confirm', { body: { token } })).status).toBe(200);
}

const message = (fields: Record<string, unknown>): Record<string, any> => ({ subject: 'Lokalbyte', body: 'Seminariet den 3 maj är i sal B.\n\nTa med boken.', ...fields });

/** Run the notifications now (the platform's clock); the mail sent during the run. */
async function run() {
  const before = (await platform.mail()).length;
  const response = await platform.call('POST', '/_local/notify', { body: { at: '2027-03-29T10:05:00+02:00' } });
  expect(response.status).toBe(200);
  const mail = await platform.mail();
  return { result: response.body, sent: mail.slice(0, mail.length - before) as { to: string[]; subject: string; text: string; headers: Record<string, string> }[] };
}

const recipientsOf = (sent: { to: string[] }[]) => sent.map((mail) => mail.to[0]).sort();

describe('an administrator’s message', () => {
  it('is previewed with the number it goes to, for each audience', async () => {
    // Prepare
    const preview = (fields: Record<string, unknown>) => as(platform, 'admin', 'POST', `/api/programmes/${id}/messages/preview`, message(fields));

    // Act
    const counts = await Promise.all(
      [
        { audience: 'participants' },
        { audience: 'participants', unitIds: ['forskolan-solrosen'] },
        { audience: 'applicants', applicantGroups: ['appointed', 'reserve'] },
        { audience: 'applicants', applicantGroups: ['notAppointed'] },
        { audience: 'applicants', applicantGroups: ['undecided'] },
        { audience: 'heads' },
        { audience: 'watchers' },
      ].map(async (fields) => (await preview(fields)).body.recipients),
    );
    const shown = await preview({ audience: 'watchers' });

    // Assess
    expect(counts).toEqual([2, 1, 3, 1, 2, 2, 1]);
    expect(shown.status).toBe(200);
    expect(shown.body).toMatchObject({ suppressed: 0, subject: 'Lokalbyte: Nyckelpersoner för skolutveckling' });
    expect(shown.body.text).toContain('Seminariet den 3 maj är i sal B.\n\nTa med boken.');
    expect(shown.body.text).toContain('Du får det här meddelandet för att du har valt att bevaka Nyckelpersoner för skolutveckling.');
    expect(shown.body.text).toContain('Avsluta bevakningen:');
    expect(shown.body.text).toContain('Så behandlar vi dina personuppgifter:');
  });

  it('goes out once to each, however often it is sent and the run repeats, and is listed and audited', async () => {
    // Prepare
    const body = message({ id: crypto.randomUUID(), audience: 'applicants', applicantGroups: ['undecided'], subject: 'Beslut dröjer' });

    // Act: sent twice (a second click), then two runs
    const first = await as(platform, 'admin', 'POST', `/api/programmes/${id}/messages`, body);
    const second = await as(platform, 'admin', 'POST', `/api/programmes/${id}/messages`, body);
    const queued = await as(platform, 'admin', 'GET', `/api/programmes/${id}/messages`);
    const runs = [await run(), await run()];

    // Assess
    expect([first.status, second.status]).toEqual([202, 200]);
    expect(second.body).toEqual(first.body);
    expect(queued.body.items.filter((item: any) => item.id === body.id)).toMatchObject([{ status: 'queued', recipients: 2, by: 'admin@example.se' }]);
    expect(recipientsOf(runs[0]!.sent)).toEqual([applicants[undecidedA]!.email, applicants[undecidedB]!.email].sort());
    expect(runs[0]!.sent[0]!.subject).toBe('Beslut dröjer: Nyckelpersoner för skolutveckling');
    expect(runs[0]!.sent[0]!.text).toContain('Du får det här meddelandet för att du har sökt till Nyckelpersoner för skolutveckling.');
    expect(runs[1]!.sent).toEqual([]);
    const listed = (await as(platform, 'admin', 'GET', `/api/programmes/${id}/messages`)).body.items.find((item: any) => item.id === body.id);
    expect(listed).toMatchObject({ status: 'sent', recipients: 2, delivered: 2, notDelivered: 0, subject: 'Beslut dröjer' });
    const audit = (await as(platform, 'admin', 'GET', `/api/programmes/${id}/audit?limit=100`)).body.items.filter((entry: any) => entry.action.startsWith('message.'));
    expect(audit.map((entry: any) => [entry.action, entry.changes])).toEqual(
      expect.arrayContaining([
        ['message.queued', [{ field: `messages.${body.id}.audience`, to: 'applicants' }, { field: `messages.${body.id}.recipients`, to: 2 }]],
        ['message.sent', [{ field: `messages.${body.id}.delivered`, to: 2 }, { field: `messages.${body.id}.notDelivered`, to: 0 }]],
      ]),
    );
    expect(JSON.stringify(audit)).not.toContain('@example.se"}'); // no recipient's address
  });

  it('is queued once and sent once to each when it is sent, and run, twice at the same time', async () => {
    // Prepare
    const body = message({ id: crypto.randomUUID(), audience: 'heads', subject: 'Samtidigt' });

    // Act
    const answers = await Promise.all([1, 2].map(() => as(platform, 'admin', 'POST', `/api/programmes/${id}/messages`, body)));
    const before = (await platform.mail()).length;
    const results = await Promise.all([1, 2].map(() => platform.call('POST', '/_local/notify', { body: { at: '2027-03-29T10:06:00+02:00' } })));
    await run(); // whichever run held the lease, a third finishes anything left
    const sent = (await platform.mail()).slice(0, (await platform.mail()).length - before).filter((mail: any) => mail.subject.startsWith('Samtidigt'));

    // Assess
    expect(answers.map((answer) => answer.status).sort()).toEqual([200, 202]);
    expect(results.map((result) => result.status)).toEqual([200, 200]);
    expect(recipientsOf(sent)).toEqual([heads.solrosen, heads.sylteskolan].sort());
    const listed = (await as(platform, 'admin', 'GET', `/api/programmes/${id}/messages`)).body.items.filter((item: any) => item.id === body.id);
    expect(listed).toMatchObject([{ status: 'sent', delivered: 2 }]);
  });

  it('reaches no suppressed address, and says so in the preview and the list', async () => {
    // Prepare: Solrosen's participant's address bounced for good
    const bounced = applicants[appointedB]!.email;
    expect((await platform.call('POST', '/_local/ses-feedback', { body: { type: 'bounce', email: bounced } })).body).toEqual({ suppressed: 1 });
    const body = message({ id: crypto.randomUUID(), audience: 'participants', subject: 'Till deltagarna' });

    // Act
    const preview = await as(platform, 'admin', 'POST', `/api/programmes/${id}/messages/preview`, { ...body, id: undefined });
    expect((await as(platform, 'admin', 'POST', `/api/programmes/${id}/messages`, body)).status).toBe(202);
    const { sent } = await run();

    // Assess
    expect(preview.body).toMatchObject({ recipients: 2, suppressed: 1 });
    expect(recipientsOf(sent)).toEqual([applicants[appointedA]!.email]);
    const listed = (await as(platform, 'admin', 'GET', `/api/programmes/${id}/messages`)).body.items.find((item: any) => item.id === body.id);
    expect(listed).toMatchObject({ status: 'sent', recipients: 2, delivered: 1, notDelivered: 1 });
  });

  it('gives watchers the one-click unsubscribe, and counts against no cap on unsolicited mail', async () => {
    // Prepare: more messages to the watcher than the daily cap (5) would let through
    const ids = Array.from({ length: 6 }, () => crypto.randomUUID());

    // Act
    for (const [index, messageId] of ids.entries()) {
      expect((await as(platform, 'admin', 'POST', `/api/programmes/${id}/messages`, message({ id: messageId, audience: 'watchers', subject: `Nyhet ${index + 1}` }))).status).toBe(202);
    }
    const { sent } = await run();
    // The watcher asks to watch another programme: the confirmation still goes out
    expect((await as(platform, 'admin', 'POST', '/api/programmes', programmeBody({ id: 'meddelanden-b-2027' }))).status).toBe(201);
    const before = (await platform.mail()).length;
    expect((await platform.call('POST', '/api/programmes/meddelanden-b-2027/watchers', { body: { email: watcher } })).status).toBe(202);
    const confirmations = (await platform.mail()).slice(0, (await platform.mail()).length - before);

    // Assess
    expect(sent.filter((mail) => mail.to[0] === watcher)).toHaveLength(6);
    const copy = sent[0]!;
    expect(copy.headers['List-Unsubscribe']).toMatch(/^<http:\/\/127\.0\.0\.1:\d+\/api\/watchers\/unsubscribe\?token=[\w-]+>$/);
    expect(copy.headers['List-Unsubscribe-Post']).toBe('List-Unsubscribe=One-Click');
    expect(copy.text).toMatch(/Avsluta bevakningen:\nhttp:\/\/127\.0\.0\.1:\d+\/avsluta-bevakning\.html\?token=[\w-]+/);
    expect(confirmations.map((mail: any) => mail.subject)).toEqual(['Bekräfta bevakning: Nyckelpersoner för skolutveckling']);
  });

  it('answers what is wrong with a draft, field by field, and queues nothing', async () => {
    // Act
    const noGroups = await as(platform, 'admin', 'POST', `/api/programmes/${id}/messages`, message({ id: crypto.randomUUID(), audience: 'applicants' }));
    const wrong = await as(platform, 'admin', 'POST', `/api/programmes/${id}/messages`, { id: 'inte-ett-id', audience: 'alla', subject: ' ', body: '' });
    const watchersOfUnit = await as(platform, 'admin', 'POST', `/api/programmes/${id}/messages/preview`, message({ audience: 'watchers', unitIds: ['sylteskolan'] }));
    const unknownUnit = await as(platform, 'admin', 'POST', `/api/programmes/${id}/messages/preview`, message({ audience: 'participants', unitIds: ['finns-inte'] }));
    const listed = await as(platform, 'admin', 'GET', `/api/programmes/${id}/messages`);

    // Assess
    expect(noGroups.status).toBe(400);
    expect(noGroups.body.error.fields).toEqual({ applicantGroups: 'Välj vilka sökande som ska få meddelandet.' });
    expect(wrong.status).toBe(400);
    expect(Object.keys(wrong.body.error.fields).sort()).toEqual(['audience', 'body', 'id', 'subject']);
    expect(wrong.body.error.fields.subject).toBe('Fyll i fältet.');
    expect(watchersOfUnit.body.error.fields).toEqual({ unitIds: 'Bevakare hör inte till någon enhet. Skicka utan att välja enheter.' });
    expect(unknownUnit.body.error.code).toBe('UNIT_NOT_FOUND');
    expect(listed.body.items.some((item: any) => item.subject === 'Lokalbyte' && item.audience === 'applicants')).toBe(false);
  });
});

describe('a head’s message', () => {
  it('goes to the participants of their own units only', async () => {
    // Prepare
    const body = message({ id: crypto.randomUUID(), audience: 'participants', subject: 'Från rektorn' });

    // Act
    const preview = await as(platform, heads.sylteskolan, 'POST', `/api/programmes/${id}/messages/preview`, { ...body, id: undefined });
    const queued = await as(platform, heads.sylteskolan, 'POST', `/api/programmes/${id}/messages`, body);
    const { sent } = await run();

    // Assess
    expect(preview.body).toMatchObject({ recipients: 1, unitIds: ['sylteskolan'] });
    expect(queued.status).toBe(202);
    expect(queued.body).toMatchObject({ unitIds: ['sylteskolan'], by: heads.sylteskolan });
    expect(recipientsOf(sent.filter((mail) => mail.subject.startsWith('Från rektorn')))).toEqual([applicants[appointedA]!.email]);
    const own = await as(platform, heads.sylteskolan, 'GET', `/api/programmes/${id}/messages`);
    expect(own.body.items.map((item: any) => item.id)).toEqual([body.id]);
    const other = await as(platform, heads.solrosen, 'GET', `/api/programmes/${id}/messages`);
    expect(other.body.items).toEqual([]);
  });

  it('is refused for another unit’s people, or anyone but participants, and nothing is queued', async () => {
    // Act
    const otherUnit = await as(platform, heads.sylteskolan, 'POST', `/api/programmes/${id}/messages`, message({ id: crypto.randomUUID(), audience: 'participants', unitIds: ['forskolan-solrosen'] }));
    const mixed = await as(platform, heads.sylteskolan, 'POST', `/api/programmes/${id}/messages/preview`, message({ audience: 'participants', unitIds: ['sylteskolan', 'forskolan-solrosen'] }));
    const applicantsToo = await as(platform, heads.sylteskolan, 'POST', `/api/programmes/${id}/messages`, message({ id: crypto.randomUUID(), audience: 'applicants', applicantGroups: ['undecided'] }));
    const watchersToo = await as(platform, heads.sylteskolan, 'POST', `/api/programmes/${id}/messages/preview`, message({ audience: 'watchers' }));
    const noUnit = await as(platform, 'larare@example.se', 'POST', `/api/programmes/${id}/messages/preview`, message({ audience: 'participants' }));
    const { sent } = await run();

    // Assess
    expect([otherUnit, mixed, applicantsToo, watchersToo, noUnit].map((answer) => answer.status)).toEqual([403, 403, 403, 403, 403]);
    expect(otherUnit.body.error.code).toBe('FORBIDDEN');
    expect(sent).toEqual([]);
    expect((await as(platform, heads.sylteskolan, 'GET', `/api/programmes/${id}/messages`)).body.items).toHaveLength(1);
  });
});
