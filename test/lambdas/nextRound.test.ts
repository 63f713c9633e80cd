/**
 * "Ny omgång": a programme as its next round, every date moved by whole weeks (the weekday and the
 * hour kept, across DST), with its units, milestones and reminders and none of its people; the
 * copy is published through the same form and route, and the audit trail says what it came from.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPlatform, type TestPlatform } from '../helpers/platform.ts';
import { as, heads, programmeWithApplicants } from '../helpers/decisions.ts';

let platform: TestPlatform;

beforeAll(async () => {
  platform = await startTestPlatform();
  await programmeWithApplicants(platform, 'omgang-2027', { sylteskolan: 2 }, { contactEmail: 'kontakt@example.se', notifications: { closesSoonDays: [5], sendAt: '09:00' } });
}, 120_000);
afterAll(async () => {
  await platform?.stop();
});

describe('the next round of a programme', () => {
  it('moves every date by the weeks asked for, keeping weekday and time across DST, and copies no people', async () => {
    // Act
    const copy = await as(platform, 'admin', 'GET', '/api/programmes/omgang-2027/next-round?weeks=52');

    // Assess: the fixture's window opens Thursday 21 January 2027 00:00 (winter) and closes Sunday
    // 28 March 03:00 (summer); 52 weeks later, the same weekdays and hours
    expect(copy.status).toBe(200);
    expect(copy.body).toMatchObject({
      id: 'omgang-2028',
      copiedFrom: 'omgang-2027',
      title: 'Nyckelpersoner för skolutveckling',
      contactEmail: 'kontakt@example.se',
      window: { opensAt: '2028-01-20T00:00:00+01:00', closesAt: '2028-03-26T03:00:00+02:00' },
      decisionDeadline: '2028-04-10T16:00:00+02:00',
      period: { start: '2028-04-17', end: '2029-12-30' },
      notifications: { closesSoonDays: [5], sendAt: '09:00' },
    });
    expect(copy.body.units.map((unit: { id: string; seats: number; head: { email: string } }) => [unit.id, unit.seats, unit.head.email])).toEqual([
      ['sylteskolan', 8, heads.sylteskolan],
      ['forskolan-solrosen', 4, heads.solrosen],
    ]);
    // Modul 1 was due Monday 31 May 2027 16:00 in Stockholm; a year of weeks later, Monday 29 May 2028 16:00
    expect(copy.body.milestones).toEqual([{ id: 'modul-1', title: 'Modul 1', kind: 'module', dueAt: '2028-05-29T16:00:00+02:00' }]);
    expect(Object.keys(copy.body)).not.toEqual(expect.arrayContaining(['version', 'createdAt', 'decisionsPublishedAt', 'releasedSeats']));
  });

  it('is published through the programme route, empty of people, with its origin in the audit trail', async () => {
    // Prepare
    const copy = (await as(platform, 'admin', 'GET', '/api/programmes/omgang-2027/next-round?weeks=60')).body;
    expect(copy.id).toBe('omgang-2028');

    // Act
    const published = await as(platform, 'admin', 'POST', '/api/programmes', copy);

    // Assess
    expect(published.status).toBe(201);
    const audit = await as(platform, 'admin', 'GET', '/api/programmes/omgang-2028/audit');
    expect(audit.body.items).toEqual([
      expect.objectContaining({ action: 'programme.created', changes: [{ field: 'programme', to: 'Nyckelpersoner för skolutveckling' }, { field: 'copiedFrom', to: 'omgang-2027' }] }),
    ]);
    const applications = await as(platform, 'admin', 'GET', '/api/programmes/omgang-2028/applications');
    expect(applications.body.items).toEqual([]);
    const overview = await as(platform, 'admin', 'GET', '/api/programmes/omgang-2028/overview');
    expect(overview.body.programme.copiedFrom).toBe('omgang-2027');
  });

  it('is for administrators only, of a programme that exists, within five years', async () => {
    expect((await as(platform, heads.sylteskolan, 'GET', '/api/programmes/omgang-2027/next-round')).status).toBe(403);
    expect((await platform.call('GET', '/api/programmes/omgang-2027/next-round')).status).toBe(401);
    expect((await as(platform, 'admin', 'GET', '/api/programmes/finns-inte/next-round')).status).toBe(404);
    const tooFar = await as(platform, 'admin', 'GET', '/api/programmes/omgang-2027/next-round?weeks=261');
    expect(tooFar.status).toBe(400);
    expect(tooFar.body.error.fields.weeks).toBe('Värdet får vara högst 260.');
    const noYear = await as(platform, 'admin', 'GET', '/api/programmes/omgang-2027/next-round?weeks=4');
    expect(noYear.body.id).toBe('omgang-2027-ny');
  });
});
