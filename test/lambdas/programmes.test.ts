import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPlatform, type TestPlatform } from '../helpers/platform.ts';
import { applicationBody, programmeBody } from '../helpers/fixtures.ts';

describe('programmes', () => {
  let platform: TestPlatform;
  let admin: string;
  let head: string;

  beforeAll(async () => {
    platform = await startTestPlatform();
    await platform.setClock('2027-01-10T12:00:00+01:00');
    admin = await platform.tokenFor('admin@example.se', ['admin']);
    head = await platform.tokenFor('rektor.sylteskolan@example.se', ['head']);
    const created = await platform.call('POST', '/api/programmes', { token: admin, body: programmeBody() });
    expect(created.status).toBe(201);
  });
  afterAll(() => platform?.stop());

  it('stores dates as Stockholm local times with their offset, summer and winter', async () => {
    const { body } = await platform.call('GET', '/api/programmes/nyckelpersoner-2027');
    expect(body.window).toEqual({ opensAt: '2027-01-21T00:00:00+01:00', closesAt: '2027-03-28T03:00:00+02:00' });
    expect(body.milestones[0].dueAt).toBe('2027-05-31T16:00:00+02:00');
    expect(body.status).toBe('upcoming');
  });

  it('shows the public no heads’ e-mail addresses', async () => {
    const { status, body } = await platform.call('GET', '/api/programmes/nyckelpersoner-2027');
    expect(status).toBe(200);
    expect(body.units[0]).toEqual({ id: 'sylteskolan', name: 'Sylteskolan', kind: 'skola', seats: 8, head: { name: 'Maria Lind' } });
    expect(JSON.stringify(body)).not.toContain('@');
  });

  it('refuses a second programme with the same id', async () => {
    const again = await platform.call('POST', '/api/programmes', { token: admin, body: programmeBody() });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('PROGRAMME_EXISTS');
  });

  it('lets only administrators publish', async () => {
    expect((await platform.call('POST', '/api/programmes', { body: programmeBody({ id: 'x-1' }) })).status).toBe(401);
    const byHead = await platform.call('POST', '/api/programmes', { token: head, body: programmeBody({ id: 'x-1' }) });
    expect(byHead.status).toBe(403);
    expect(byHead.body.error.code).toBe('FORBIDDEN');
    expect((await platform.call('GET', '/api/programmes/x-1')).status).toBe(404);
  });

  it('checks the rules between dates, unit ids and seats, each on its field', async () => {
    // Prepare
    const body = programmeBody({
      id: 'fel',
      window: { opensAt: '2027-02-01T00:00:00+01:00', closesAt: '2027-01-01T00:00:00+01:00' },
      decisionDeadline: '2026-12-01T00:00:00+01:00',
      period: { start: '2027-04-19', end: '2027-04-18' },
      seats: 0,
      units: [
        { id: 'a', name: 'A', kind: 'skola', seats: 1, head: { name: 'H', email: 'h@example.se' } },
        { id: 'a', name: 'B', kind: 'gymnasium', seats: 0, head: { name: 'H', email: 'inte-en-adress' } },
      ],
    });
    // Act
    const response = await platform.call('POST', '/api/programmes', { token: admin, body });
    // Assess
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('VALIDATION_FAILED');
    expect(Object.keys(response.body.error.fields).sort()).toEqual(
      ['seats', 'units.0.id', 'units.1.id', 'units.1.kind', 'units.1.seats', 'units.1.head.email'].sort(),
    );
    // The cross-field rules run once the fields themselves are valid.
    const dates = await platform.call('POST', '/api/programmes', {
      token: admin,
      body: programmeBody({
        id: 'fel-datum',
        window: { opensAt: '2027-02-01T00:00:00+01:00', closesAt: '2027-01-01T00:00:00+01:00' },
        decisionDeadline: '2026-12-01T00:00:00+01:00',
        period: { start: '2027-04-19', end: '2027-04-18' },
        // one reminder a day: a day twice would plan the same reminder twice
        notifications: { closesSoonDays: [7, 7], milestoneDueDays: [3, 3] },
      }),
    });
    expect(dates.body.error.fields).toEqual({
      'window.closesAt': 'Ansökan måste stänga efter att den öppnar.',
      decisionDeadline: 'Sista dag för beslut kan inte vara före att ansökan stänger.',
      'period.end': 'Satsningen måste sluta efter att den börjar.',
      'notifications.closesSoonDays': 'Ange varje dag en gång.',
      'notifications.milestoneDueDays': 'Ange varje dag en gång.',
    });
    expect((await platform.call('GET', '/api/programmes/fel-datum')).status).toBe(404);
  });

  it('answers an invalid date in any date field with 400 and that field’s Swedish message, never 500', async () => {
    // Prepare: each date field, set to each kind of invalid date
    const fields: [string, (value: string) => Record<string, unknown>, string][] = [
      ['window.opensAt', (value) => ({ window: { opensAt: value, closesAt: '2027-03-28T03:00:00+02:00' } }), 'Ange datum och tid med tidszon'],
      ['window.closesAt', (value) => ({ window: { opensAt: '2027-01-21T00:00:00+01:00', closesAt: value } }), 'Ange datum och tid med tidszon'],
      ['decisionDeadline', (value) => ({ decisionDeadline: value }), 'Ange datum och tid med tidszon'],
      ['period.end', (value) => ({ period: { start: '2027-04-19', end: value } }), 'Ange ett datum som ÅÅÅÅ-MM-DD'],
      ['milestones.0.dueAt', (value) => ({ milestones: [{ id: 'modul-1', title: 'Modul 1', kind: 'module', dueAt: value }] }), 'Ange datum och tid med tidszon'],
    ];
    const values = ['', '2027-13-45', 'NaN', '+275760-09-13T00:00:00Z', '2027-02-30T10:00:00+01:00'];
    for (const [field, body, message] of fields) {
      for (const value of values) {
        // Act
        const response = await platform.call('POST', '/api/programmes', { token: admin, body: programmeBody({ id: 'ogiltigt-datum', ...body(value) }) });
        // Assess
        expect([field, value, response.status]).toEqual([field, value, 400]);
        expect(response.body.error.fields).toEqual({ [field]: expect.stringContaining(message) });
      }
    }
    expect((await platform.call('GET', '/api/programmes/ogiltigt-datum')).status).toBe(404);
  });

  it('plans as many reminders as one transaction holds, and answers 400 on milestones past that', async () => {
    // Prepare: 30 milestones; with the default reminders that is 67 planned items
    const milestones = Array.from({ length: 30 }, (_, index) => ({
      id: `modul-${index + 1}`,
      title: `Modul ${index + 1}`,
      kind: 'module',
      dueAt: `2027-${String(5 + Math.floor(index / 10)).padStart(2, '0')}-${String(1 + (index % 10) * 2).padStart(2, '0')}T16:00:00+02:00`,
    }));
    const reminders = { milestoneDueDays: [7, 1], closesSoonDays: [14, 7, 3, 2, 1], decisionDueDays: [5, 4, 3, 2, 1] };
    // Act
    const fits = await platform.call('POST', '/api/programmes', { token: admin, body: programmeBody({ id: 'trettio-delmoment', milestones }) });
    const tooMany = await platform.call('POST', '/api/programmes', {
      token: admin,
      body: programmeBody({ id: 'for-manga-utskick', milestones, notifications: reminders }),
    });
    // Assess: 30 × 3 milestone reminders, 5 + 5 others, the opening, the decisions and the erasure
    expect(fits.status).toBe(201);
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.error.fields).toEqual({
      milestones: 'Satsningen får 103 planerade utskick (påminnelser och händelser), men högst 96 går. Ta bort delmoment eller påminnelsedagar.',
    });
    expect((await platform.call('GET', '/api/programmes/for-manga-utskick')).status).toBe(404);
  });

  it('refuses whole a change too large for one transaction, and takes it in parts', async () => {
    // Prepare: 110 units of 5 seats
    const units = Array.from({ length: 110 }, (_, index) => ({
      id: `enhet-${index + 1}`,
      name: `Enhet ${index + 1}`,
      kind: 'skola',
      seats: 5,
      head: { name: 'Rektor', email: `rektor.${index + 1}@example.se` },
    }));
    const { id: _id, ...rest } = programmeBody({ id: 'manga-enheter', units, seats: 1000 });
    expect((await platform.call('POST', '/api/programmes', { token: admin, body: { id: 'manga-enheter', ...rest } })).status).toBe(201);
    const lowered = (count: number) => units.map((unit, index) => (index < count ? { ...unit, seats: 4 } : unit));
    // Act: every unit's seats lowered at once (110 seat checks), then half of them
    const whole = await platform.call('PUT', '/api/programmes/manga-enheter', { token: admin, body: { ...rest, units: lowered(110) } });
    const after = await platform.call('GET', '/api/programmes/manga-enheter');
    const part = await platform.call('PUT', '/api/programmes/manga-enheter', { token: admin, body: { ...rest, units: lowered(55) } });
    // Assess
    expect(whole.status).toBe(409);
    expect(whole.body.error).toEqual({
      code: 'CHANGE_TOO_LARGE',
      message: 'Ändringen är för stor för att sparas på en gång. Dela upp den, till exempel genom att ändra platserna för färre enheter åt gången.',
    });
    expect(after.body.units.every((unit: { seats: number }) => unit.seats === 5)).toBe(true);
    expect(part.status).toBe(200);
    expect(part.body.units.filter((unit: { seats: number }) => unit.seats === 4)).toHaveLength(55);
  });

  it('lists open, upcoming and running programmes, but not those that are over', async () => {
    // Prepare: one whose window closed but which runs until 30 June 2027, and one that ended the day before now
    const closedButRunning = programmeBody({
      id: 'stangd',
      window: { opensAt: '2026-10-01T00:00:00+02:00', closesAt: '2026-11-01T00:00:00+01:00' },
      decisionDeadline: '2026-11-15T00:00:00+01:00',
      period: { start: '2026-12-01', end: '2027-06-30' },
    });
    const over = programmeBody({
      id: 'slut',
      window: { opensAt: '2024-01-08T00:00:00+01:00', closesAt: '2024-02-01T00:00:00+01:00' },
      decisionDeadline: '2024-02-15T00:00:00+01:00',
      period: { start: '2024-03-01', end: '2027-01-09' },
      milestones: [],
    });
    for (const body of [closedButRunning, over]) expect((await platform.call('POST', '/api/programmes', { token: admin, body })).status).toBe(201);
    // Act
    const { body } = await platform.call('GET', '/api/programmes');
    // Assess: the running one says its window is closed; the one that ended at midnight is gone
    const ids = body.items.map((item: { id: string }) => item.id);
    expect(ids).toContain('nyckelpersoner-2027');
    expect(body.items.find((item: { id: string }) => item.id === 'stangd')).toMatchObject({ status: 'closed' });
    expect(ids).not.toContain('slut');
  });

  it('replaces a programme with PUT, bumping nothing the caller did not send', async () => {
    const { id: _id, ...rest } = programmeBody({ title: 'Nyckelpersoner, omgång 2' });
    const response = await platform.call('PUT', '/api/programmes/nyckelpersoner-2027', { token: admin, body: rest });
    expect(response.status).toBe(200);
    expect(response.body.title).toBe('Nyckelpersoner, omgång 2');
    expect((await platform.call('GET', '/api/programmes/nyckelpersoner-2027')).body.title).toBe('Nyckelpersoner, omgång 2');
  });

  it('shows administrators the whole programme, and refuses a change made on an older version', async () => {
    // Prepare: the administrator reads the programme, and someone else changes it meanwhile
    const read = await platform.call('GET', '/api/programmes/nyckelpersoner-2027/admin', { token: admin });
    const { id: _id, ...rest } = programmeBody({ title: 'Nyckelpersoner, omgång 3' });
    const meanwhile = await platform.call('PUT', '/api/programmes/nyckelpersoner-2027', { token: admin, body: { ...rest, version: read.body.version } });
    // Act: a change on the version read before
    const late = await platform.call('PUT', '/api/programmes/nyckelpersoner-2027', {
      token: admin,
      body: { ...rest, title: 'Nyckelpersoner, sent ändrad', version: read.body.version },
    });
    // Assess: the heads' addresses and the version are there; the late change is refused whole
    expect(read.status).toBe(200);
    expect(read.body.units[0].head.email).toBe('rektor.sylteskolan@example.se');
    expect(meanwhile.status).toBe(200);
    expect(meanwhile.body.version).toBe(read.body.version + 1);
    expect(late.status).toBe(409);
    expect(late.body.error.code).toBe('PROGRAMME_CHANGED');
    expect((await platform.call('GET', '/api/programmes/nyckelpersoner-2027')).body.title).toBe('Nyckelpersoner, omgång 3');
    expect((await platform.call('GET', '/api/programmes/nyckelpersoner-2027/admin', { token: head })).status).toBe(403);
  });

  it('refuses to remove a unit that has applications', async () => {
    // Prepare
    await platform.setClock('2027-01-22T10:00:00+01:00');
    admin = await platform.tokenFor('admin@example.se', ['admin']); // the earlier token has expired
    const applied = await platform.call('POST', '/api/programmes/nyckelpersoner-2027/applications', { body: applicationBody({ email: 'unit.user@example.se' }) });
    expect(applied.status).toBe(202);
    const { id: _id, units, ...rest } = programmeBody();
    // Act
    const response = await platform.call('PUT', '/api/programmes/nyckelpersoner-2027', {
      token: admin,
      body: { ...rest, units: (units as { id: string }[]).filter((unit) => unit.id !== 'sylteskolan') },
    });
    // Assess
    expect(response.status).toBe(409);
    expect(response.body.error.code).toBe('UNIT_HAS_APPLICATIONS');
  });

  describe('importing units from CSV', () => {
    const csv = [
      'Enhet;Typ;Rektor;E-post;Platser',
      'Kronogårdsskolan;skola;Johan Ek;rektor.kronogarden@example.se;10',
      '"Förskolan Ekorren";förskola;Jonas Lilja;forskolechef.ekorren@example.se;5',
      'Lextorpsskolan;gymnasium;Sara Holm;inte-en-adress;noll',
    ].join('\r\n');

    it('shows every row’s errors in a dry run and writes nothing', async () => {
      const response = await platform.call('POST', '/api/programmes/nyckelpersoner-2027/units/import', {
        token: admin,
        body: { csv, dryRun: true },
      });
      expect(response.status).toBe(200);
      expect(response.body.valid).toBe(false);
      expect(response.body.rows.map((row: any) => [row.line, Object.keys(row.errors).sort()])).toEqual([
        [2, []],
        [3, []],
        [4, ['headEmail', 'kind', 'seats']],
      ]);
      expect(response.body.rows[1].unit).toMatchObject({ id: 'forskolan-ekorren', name: 'Förskolan Ekorren', kind: 'förskola', seats: 5 });
      const { body } = await platform.call('GET', '/api/programmes/nyckelpersoner-2027');
      expect(body.units.map((unit: any) => unit.id)).toEqual(['sylteskolan', 'forskolan-solrosen']);
    });

    it('reads a list for a programme not published yet, but imports only into one that is', async () => {
      const good = csv.split('\r\n').slice(0, 3).join('\r\n');
      const read = await platform.call('POST', '/api/programmes/inte-publicerad/units/import', { token: admin, body: { csv: good, dryRun: true } });
      const imported = await platform.call('POST', '/api/programmes/inte-publicerad/units/import', { token: admin, body: { csv: good } });
      expect(read.status).toBe(200);
      expect(read.body.rows.map((row: any) => row.unit.id)).toEqual(['kronogardsskolan', 'forskolan-ekorren']);
      expect(imported.status).toBe(404);
      expect(imported.body.error.code).toBe('PROGRAMME_NOT_FOUND');
    });

    it('refuses a file with errors as a whole, and imports a correct one', async () => {
      const refused = await platform.call('POST', '/api/programmes/nyckelpersoner-2027/units/import', { token: admin, body: { csv } });
      expect(refused.status).toBe(400);
      expect(refused.body.error.fields['rows.4.headEmail']).toMatch(/e-postadress/);
      const good = csv.split('\r\n').slice(0, 3).join('\r\n');
      const imported = await platform.call('POST', '/api/programmes/nyckelpersoner-2027/units/import', { token: admin, body: { csv: good } });
      expect(imported.status).toBe(200);
      const { body } = await platform.call('GET', '/api/programmes/nyckelpersoner-2027');
      expect(body.units.map((unit: any) => unit.id)).toEqual(['sylteskolan', 'forskolan-solrosen', 'kronogardsskolan', 'forskolan-ekorren']);
    });
  });
});
