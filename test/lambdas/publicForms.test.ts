/**
 * What a stranger can make the public forms do: mail an address they type at most within the caps,
 * and learn nothing from the answers about who has applied.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applicationBody, privateLinkIn, programmeBody } from '../helpers/fixtures.ts';
import { startTestPlatform, type TestPlatform } from '../helpers/platform.ts';
import { defaultMailCaps } from '#model/mailCap';
import { defaultSettings } from '../../lib/config.ts';

const victim = 'offer@example.se';
const programmeIds = Array.from({ length: 10 }, (_, index) => `kapplopning-${index}`);

function tokenIn(text: string): string {
  const match = /token=([\w-]+)/.exec(text);
  if (!match) throw new Error('no token in the mail');
  return match[1]!;
}

let platform: TestPlatform;

beforeAll(async () => {
  // The public forms' answer floor as deployed: one platform per file (the functions read their settings once).
  platform = await startTestPlatform({ publicFormAnswerMs: defaultSettings.publicFormAnswerMs });
});
afterAll(() => platform?.stop());

describe('the caps on unsolicited mail', () => {
  const mailTo = async (email: string) => ((await platform.mail()) as { to: string[]; subject: string; text: string }[]).filter((mail) => mail.to.includes(email));

  beforeAll(async () => {
    await platform.setClock('2027-01-22T09:00:00+01:00');
    const admin = await platform.tokenFor('admin@example.se', ['admin']);
    for (const id of programmeIds) {
      expect((await platform.call('POST', '/api/programmes', { token: admin, body: programmeBody({ id, title: `Satsning ${id}` }) })).status).toBe(201);
    }
  });

  it('lets 400 watch and lost-link requests for one address across 10 programmes mail it at most the daily cap', async () => {
    // Prepare: the address has applied to the first programme (its receipt is asked for, and exempt)
    expect((await platform.call('POST', `/api/programmes/${programmeIds[0]}/applications`, { body: applicationBody({ email: victim }) })).status).toBe(202);
    expect((await mailTo(victim)).map((mail) => mail.subject)).toEqual([expect.stringMatching(/^Vi har tagit emot din ansökan/)]);

    // Act: 20 of each per programme, 20 at a time, spread over the day
    const requests = programmeIds.flatMap((id) =>
      Array.from({ length: 20 }, () => [`/api/programmes/${id}/watchers`, `/api/programmes/${id}/applications/link`]).flat(),
    );
    const answers: number[] = [];
    for (let index = 0; index < requests.length; index += 20) {
      if (index === 200) await platform.setClock('2027-01-22T15:00:00+01:00');
      const batch = requests.slice(index, index + 20).map((path) => platform.call('POST', path, { body: { email: victim } }));
      answers.push(...(await Promise.all(batch)).map((response) => response.status));
    }

    // Assess: every request answered alike; at most the daily cap mailed beyond the receipt, at most one per programme
    expect(answers).toHaveLength(400);
    expect(new Set(answers)).toEqual(new Set([202]));
    const unsolicited = (await mailTo(victim)).filter((mail) => !mail.subject.startsWith('Vi har tagit emot'));
    expect(unsolicited.length).toBeGreaterThan(0);
    expect(unsolicited.length).toBeLessThanOrEqual(defaultMailCaps.perDay);
    const perProgramme = new Map<string, number>();
    for (const mail of unsolicited) {
      const programme = programmeIds.find((id) => mail.subject.endsWith(`Satsning ${id}`))!;
      perProgramme.set(programme, (perProgramme.get(programme) ?? 0) + 1);
    }
    expect(Math.max(...perProgramme.values())).toBe(1);
  });

  it('still mails a first application its receipt once the cap is spent', async () => {
    // Act: the same day, a programme the address has not applied to
    const before = (await mailTo(victim)).length;
    expect((await platform.call('POST', `/api/programmes/${programmeIds[9]}/applications`, { body: applicationBody({ email: victim }) })).status).toBe(202);

    // Assess
    const mail = await mailTo(victim);
    expect(mail).toHaveLength(before + 1);
    expect(mail[0]!.subject).toBe(`Vi har tagit emot din ansökan: Satsning ${programmeIds[9]}`);
    expect(privateLinkIn(mail, victim).id).toBeTruthy();
  });

  it("still sends a watcher who confirms the programme's mails, which no cap counts", async () => {
    // Prepare: a confirmation that did go out, for a programme the address has not applied to
    const confirmation = (await mailTo(victim)).find((mail) => mail.subject.startsWith('Bekräfta bevakning') && !mail.subject.endsWith(programmeIds[0]!) && !mail.subject.endsWith(programmeIds[9]!))!;
    expect(confirmation).toBeDefined();
    const programmeId = programmeIds.find((id) => confirmation.subject.endsWith(`Satsning ${id}`))!;
    expect((await platform.call('POST', '/api/watchers/confirm', { body: { token: tokenIn(confirmation.text) } })).status).toBe(200);

    // Act: the reminder 7 days before the close, and the day after it (the cap was spent on the 22nd)
    const run = await platform.call('POST', '/_local/notify', { body: { at: '2027-03-21T08:00:00+01:00' } });

    // Assess
    expect(run.status).toBe(200);
    const reminders = (await mailTo(victim)).filter((mail) => mail.subject.includes(`Satsning ${programmeId}`) && !mail.subject.startsWith('Bekräfta'));
    expect(reminders.map((mail) => mail.subject)).toContainEqual(expect.stringMatching(/stänger/i));
  });

  it('sends a pending watcher nothing new within the interval, and a new confirmation after it', async () => {
    // Prepare
    await platform.setClock('2027-01-23T09:00:00+01:00');
    const email = 'vantar@example.se';
    const watch = () => platform.call('POST', `/api/programmes/${programmeIds[1]}/watchers`, { body: { email } });
    expect((await watch()).status).toBe(202);
    const first = await mailTo(email);

    // Act: again at once, then after the interval
    expect((await watch()).status).toBe(202);
    const atOnce = await mailTo(email);
    await platform.setClock(`2027-01-23T09:${String(defaultMailCaps.perProgrammeMinutes).padStart(2, '0')}:00+01:00`);
    expect((await watch()).status).toBe(202);

    // Assess: one mail, then a second whose link works, as does the first's
    expect(first).toHaveLength(1);
    expect(atOnce).toHaveLength(1);
    const later = await mailTo(email);
    expect(later).toHaveLength(2);
    for (const mail of later) expect((await platform.call('POST', '/api/watchers/confirm', { body: { token: tokenIn(mail.text) } })).status).toBe(200);
  });
});

describe('the application form, to a stranger', () => {
  const programmePath = '/api/programmes/nyckelpersoner-2027/applications';

  beforeAll(async () => {
    await platform.setClock('2027-02-01T09:00:00+01:00');
    const admin = await platform.tokenFor('admin@example.se', ['admin']);
    expect((await platform.call('POST', '/api/programmes', { token: admin, body: programmeBody() })).status).toBe(201);
  });

  it('answers a first application and one from an address that has applied alike: status, body and time', async () => {
    // Prepare: eight addresses that have applied, and a quarter of an hour later, so that applying again mails a new link
    const applied = Array.from({ length: 8 }, (_, index) => `redan.${index}@example.se`);
    for (const email of applied) await platform.call('POST', programmePath, { body: applicationBody({ email }) });
    await platform.setClock('2027-02-01T09:15:00+01:00');
    const timed = async (email: string) => {
      const started = performance.now();
      const response = await platform.call('POST', programmePath, { body: applicationBody({ email }) });
      return { status: response.status, body: response.body, ms: performance.now() - started };
    };

    // Act: alternately a first application and a repeated one (each repeated twice: with a new link, then within the interval)
    const first: Awaited<ReturnType<typeof timed>>[] = [];
    const repeated: Awaited<ReturnType<typeof timed>>[] = [];
    for (let round = 0; round < 16; round++) {
      first.push(await timed(`ny.${round}@example.se`));
      repeated.push(await timed(applied[round % 8]!));
    }

    // Assess: the same answers, and medians within a tenth of the floor
    const answers = [...first, ...repeated].map(({ status, body }) => [status, body]);
    expect(answers).toEqual(Array.from({ length: 32 }, () => [202, { accepted: true }]));
    const median = (runs: { ms: number }[]) => runs.map((run) => run.ms).sort((a, b) => a - b)[Math.floor(runs.length / 2)]!;
    expect(median(first)).toBeGreaterThanOrEqual(defaultSettings.publicFormAnswerMs);
    expect(Math.abs(median(first) - median(repeated))).toBeLessThan(defaultSettings.publicFormAnswerMs / 10);
    // …while the mail tells each what happened: receipts, and a fresh link once per address
    const mail = (await platform.mail()) as { to: string[]; subject: string }[];
    expect(mail.filter((sent) => sent.to[0]!.startsWith('ny.') && sent.subject.startsWith('Vi har tagit emot'))).toHaveLength(16);
    expect(mail.filter((sent) => sent.to[0]!.startsWith('redan.') && sent.subject.startsWith('Länk till din ansökan'))).toHaveLength(8);
  });
});
