/**
 * The demo data `npm start` seeds: every page has something to show (a window open, one coming,
 * heads deciding, a pilot under way with progress and learning groups), and starting it sends
 * nobody a mail about what fell due before today.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoProgrammes, seedDemoData } from '#local/seed';
import { startTestPlatform, type TestPlatform } from '../helpers/platform.ts';

describe('the demo data', () => {
  let platform: TestPlatform;
  let admin: string;
  const ids = demoProgrammes(new Date()).map((programme) => programme.id);
  const pilot = ids.find((id) => id.startsWith('kollegialt-larande-pilot-'))!;

  beforeAll(async () => {
    platform = await startTestPlatform({ seed: seedDemoData });
    admin = await platform.tokenFor('admin@example.se', ['admin']);
  }, 120_000);
  afterAll(() => platform?.stop());

  it('has a programme in each phase', async () => {
    const me = await platform.call('GET', '/api/me', { token: admin });
    expect(me.status).toBe(200);
    const phases = Object.fromEntries(me.body.programmes.map((programme: { id: string; phase: string }) => [programme.id, programme.phase]));
    expect(Object.keys(phases).sort()).toEqual([...ids].sort());
    expect(new Set(Object.values(phases))).toEqual(new Set(['applying', 'deciding', 'decided']));
  });

  it('names a contact at the administration on every programme, and shows the privacy notice', async () => {
    for (const id of ids) {
      const stored = await platform.call('GET', `/api/programmes/${id}/admin`, { token: admin });
      expect(stored.body.contactEmail).toMatch(/@example\.se$/);
    }
    const notice = await fetch(`${platform.url}/personuppgifter.html`).then((response) => response.text());
    expect(notice).toContain('är personuppgiftsansvarig');
    expect(notice).not.toContain('<!--#');
  });

  it('has a pilot under way: participants part-way, some late, one on leave, and learning groups in their first cycle', async () => {
    const progress = await platform.call('GET', `/api/programmes/${pilot}/progress`, { token: admin });
    expect(progress.status).toBe(200);
    // Twelve appointed, one of whom (late with cycle 1) has left since: counted apart.
    expect(progress.body.totals).toMatchObject({ participants: 11, left: 1, overdue: 3 });
    expect(progress.body.groups.map((group: { name: string; current: { cycle: number; phase: string } }) => [group.name, group.current.cycle, group.current.phase]).sort()).toEqual([
      ['Formativ bedömning i matematik', 1, 'implement'],
      ['Läsförståelse i alla ämnen', 1, 'evaluate'],
      ['Språkutvecklande arbetssätt', 1, 'try'],
    ]);
    const head = await platform.tokenFor('rektor.sylteskolan@example.se', ['head']);
    const unit = await platform.call('GET', `/api/programmes/${pilot}/units/sylteskolan/progress`, { token: head });
    expect(unit.status).toBe(200);
    expect(unit.body.participants).toHaveLength(3);
  });

  it('mails nobody about what fell due before today', async () => {
    const run = await platform.call('POST', '/_local/notify', { body: {} });
    expect(run.status).toBe(200);
    expect(run.body.sent).toBe(0);
    expect(await platform.mail()).toEqual([]);
  });
});
