/**
 * A notification run within its limits: the function's time, and the account's SES sending rate,
 * which the local SES holds sends to as SES does (429 beyond it). The notification function gets
 * a short timeout here, so that a run meets its time budget partway.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { programmeBody } from '../helpers/fixtures.ts';
import { startTestPlatform, type TestPlatform } from '../helpers/platform.ts';
import { as } from '../helpers/decisions.ts';

let platform: TestPlatform;
const sendingRate = 14;

beforeAll(async () => {
  platform = await startTestPlatform({ notifyTimeoutMs: 2_000, sesRatePerSecond: sendingRate });
}, 120_000);

afterAll(async () => {
  await platform?.stop();
});

/** A programme on 10 January 2027 (its window opens on 21 January), with `count` confirmed watchers. */
async function watchedBy(programmeId: string, count: number): Promise<string[]> {
  await platform.setClock('2027-01-10T10:00:00+01:00');
  expect((await as(platform, 'admin', 'POST', '/api/programmes', programmeBody({ id: programmeId }))).status).toBe(201);
  const watchers = Array.from({ length: count }, (_, index) => `${programmeId}.${index}@example.se`);
  for (const email of watchers) {
    expect((await platform.call('POST', `/api/programmes/${programmeId}/watchers`, { body: { email } })).status).toBe(202);
    const mail = (await platform.mail()).find((message: any) => message.to.includes(email));
    const token = /token=([\w-]+)/.exec(mail.text)![1]!;
    expect((await platform.call('POST', '/api/watchers/confirm', { body: { token } })).status).toBe(200);
  }
  return watchers;
}

const opens = '2027-01-21T08:00:00+01:00';
const run = () => platform.call('POST', '/_local/notify', { body: { at: opens } });

/** Who got the "window opens" mail of `programmeId`, one line per mail. */
async function openingMails(watchers: string[]): Promise<string[]> {
  return (await platform.mail()).filter((mail: any) => watchers.includes(mail.to[0]) && mail.subject.startsWith('Nu kan du söka')).map((mail: any) => mail.to[0]);
}

describe('a notification run', () => {
  it('stops taking work when its time is up, gives back what it claimed, and the next run finishes without a lease to wait out or a duplicate', async () => {
    // Prepare: more watchers than a run sends in its time (about 1.8 s at 14 a second)
    const watchers = await watchedBy('budget-2027', 45);
    await platform.setClock(opens);
    const throttledBefore = platform.ses.throttledSends();

    // Act: runs at the same instant, as Lambda's retry or the next minute's run would, until one finishes
    const results = [];
    for (let attempt = 0; attempt < 6; attempt++) {
      const response = await run();
      expect(response.status).toBe(200);
      results.push(response.body);
      if (response.body.unfinished === 0) break;
    }

    // Assess: the first ran out of time partway, and is a success; every watcher got one mail
    const [first, ...later] = results;
    expect(first).toMatchObject({ outOfTime: true, anotherRunGoing: false });
    expect(first.sent).toBeGreaterThan(0);
    expect(first.sent).toBeLessThan(watchers.length);
    expect(results.at(-1)).toMatchObject({ unfinished: 0, outOfTime: false });
    expect(later.length).toBeGreaterThanOrEqual(1);
    // No claim was left to its lease: the same instant's runs took up everything the first left.
    expect(results.reduce((sum, result) => sum + result.sent, 0)).toBe(watchers.length);
    expect((await openingMails(watchers)).sort()).toEqual([...watchers].sort());
    // What each later run found done, it did not claim again.
    expect(later[0].skipped).toBe(first.sent);
    expect(platform.ses.throttledSends() - throttledBefore).toBe(0);
    // Taken up again later, nothing more goes out.
    expect((await run()).body).toMatchObject({ sent: 0, itemsRead: 0 });
  });

  it('runs alone: an overlapping run leaves the work to the one going, so that together they keep to the sending rate', async () => {
    // Prepare
    const watchers = await watchedBy('overlap-2027', 60);
    await platform.setClock(opens);
    const throttledBefore = platform.ses.throttledSends();

    // Act: two runs at once, then runs until the job is done
    const [one, other] = await Promise.all([run(), run()]);
    const after = [];
    for (let attempt = 0; attempt < 6 && after.at(-1)?.unfinished !== 0; attempt++) after.push((await run()).body);

    // Assess: one of the two did nothing; every watcher got one mail; SES throttled nothing
    expect([one.body.anotherRunGoing, other.body.anotherRunGoing].sort()).toEqual([false, true]);
    expect(one.body.sent + other.body.sent + after.reduce((sum, result) => sum + result.sent, 0)).toBe(watchers.length);
    expect((await openingMails(watchers)).sort()).toEqual([...watchers].sort());
    expect(platform.ses.throttledSends() - throttledBefore).toBe(0);
  });

  it('never marks a mail failed because SES throttled it, however many runs it takes', async () => {
    // Prepare: SES throttles one watcher's mail for six runs (each tries four times), more than the five attempts a failing address gets
    const [watcher] = await watchedBy('throttled-2027', 1);
    await platform.call('POST', '/_local/ses-faults', { body: { count: 24, error: 'TooManyRequestsException', to: watcher } });
    await platform.setClock(opens);

    // Act
    const results = [];
    for (let attempt = 0; attempt < 7; attempt++) results.push((await run()).body);

    // Assess: left for later six times, never failed; the seventh run sends it
    expect(results.slice(0, 6).map((result) => [result.unfinished, result.failed])).toEqual(Array(6).fill([1, 0]));
    expect(results[6]).toMatchObject({ sent: 1, failed: 0, unfinished: 0 });
    expect(await openingMails([watcher!])).toEqual([watcher]);
  });

  it('is held to the account’s rate by the local SES, as by SES: beyond it, sends are refused with 429', async () => {
    // Act: twice the rate's burst, at once, straight to the local SES
    const sends = Array.from({ length: 2 * sendingRate }, (_, index) =>
      fetch(`${platform.ses.endpoint}/v2/email/outbound-emails`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          FromEmailAddress: 'satsning@example.se',
          Destination: { ToAddresses: [`burst.${index}@example.se`] },
          Content: { Simple: { Subject: { Data: 'Prov' }, Body: { Text: { Data: 'Prov' } } } },
        }),
      }),
    );
    const answers = await Promise.all(sends);

    // Assess
    const refused = answers.filter((answer) => answer.status === 429);
    expect(answers.length - refused.length).toBeLessThanOrEqual(sendingRate + 1);
    expect(refused.length).toBeGreaterThanOrEqual(sendingRate - 1);
    expect(refused[0]!.headers.get('x-amzn-errortype')).toBe('TooManyRequestsException');
  });
});
