/**
 * Heads appoint key persons, through real HTTP against the local platform: the unit's list, the
 * decision window to the minute, seats held atomically under concurrent requests, reserves
 * promoted by rule, participants and the audit trail.
 */
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as keys from '#adapters/dynamodb/entities';
import { localDynamoDbClient } from '#local/dynamodb';
import { programmeBody } from '../helpers/fixtures.ts';
import { startTestPlatform, type TestPlatform } from '../helpers/platform.ts';
import {
  as,
  calendar,
  decide,
  decisionOf,
  heads,
  programmeWithApplicants,
  unitList,
  type Applicant,
} from '../helpers/decisions.ts';

let platform: TestPlatform;

beforeAll(async () => {
  platform = await startTestPlatform();
}, 120_000);

afterAll(async () => {
  await platform?.stop();
});

async function audit(programmeId: string) {
  const response = await as(platform, 'admin', 'GET', `/api/programmes/${programmeId}/audit?limit=100`);
  expect(response.status).toBe(200);
  return response.body.items as { at: string; action: string; by: string; applicationId?: string; changes: { field: string; from?: unknown; to?: unknown }[] }[];
}

describe('the unit’s applications', () => {
  let applicants: Applicant[];
  beforeAll(async () => {
    applicants = await programmeWithApplicants(platform, 'read-2027', { sylteskolan: 2, 'forskolan-solrosen': 1 });
  });

  it('shows the head their unit’s applicants with answers, decisions and seats', async () => {
    // Act
    const response = await as(platform, heads.sylteskolan, 'GET', '/api/programmes/read-2027/units/sylteskolan/applications');
    // Assess
    expect(response.status).toBe(200);
    expect(response.body.unit).toMatchObject({ id: 'sylteskolan', seats: 8, used: 0, left: 8 });
    expect(response.body.canDecide).toBe(true);
    expect(response.body.programme).toMatchObject({ phase: 'deciding', seats: { seats: 150, used: 0, left: 150 } });
    expect(response.body.items.map((item: { email: string }) => item.email).sort()).toEqual(
      applicants.filter((applicant) => applicant.unitId === 'sylteskolan').map((applicant) => applicant.email).sort(),
    );
    expect(response.body.items[0]).toMatchObject({ role: 'lärare', certified: true, subjects: 'Matematik åk 4–6', decision: null });
    expect(response.body.items[0].motivation).toBeTruthy();
    expect(JSON.stringify(response.body)).not.toContain('secretHash');
  });

  it('refuses the head of another unit, and anyone for a unit of no head', async () => {
    const other = await as(platform, heads.solrosen, 'GET', '/api/programmes/read-2027/units/sylteskolan/applications');
    expect(other.status).toBe(403);
    expect(other.body.error.code).toBe('FORBIDDEN');
    const unknownUnit = await as(platform, heads.sylteskolan, 'GET', '/api/programmes/read-2027/units/ingen-skola/applications');
    expect(unknownUnit.status).toBe(403);
    const forAdmin = await as(platform, 'admin', 'GET', '/api/programmes/read-2027/units/ingen-skola/applications');
    expect(forAdmin.status).toBe(404);
    expect(forAdmin.body.error.code).toBe('UNIT_NOT_FOUND');
  });

  it('follows the programme when a unit’s head changes', async () => {
    // Prepare: Sylteskolan gets a new head
    const programme = (await as(platform, 'admin', 'GET', '/api/programmes/read-2027')).body;
    const units = programmeBody().units.map((unit) =>
      unit.id === 'sylteskolan' ? { ...unit, head: { name: 'Ny Rektor', email: 'ny.rektor@example.se' } } : unit,
    );
    const { id: _id, ...rest } = programmeBody({ id: 'read-2027', units });
    expect((await as(platform, 'admin', 'PUT', '/api/programmes/read-2027', rest)).status).toBe(200);
    // Act
    const newHead = await as(platform, 'ny.rektor@example.se', 'GET', '/api/programmes/read-2027/units/sylteskolan/applications');
    const oldHead = await as(platform, heads.sylteskolan, 'GET', '/api/programmes/read-2027/units/sylteskolan/applications');
    const me = await as(platform, 'ny.rektor@example.se', 'GET', '/api/me');
    // Assess
    expect(programme.units).toHaveLength(2);
    expect(newHead.status).toBe(200);
    expect(oldHead.status).toBe(403);
    expect(me.body.programmes).toEqual([
      expect.objectContaining({ id: 'read-2027', units: [{ id: 'sylteskolan', name: 'Sylteskolan', kind: 'skola' }] }),
    ]);
  });
});

describe('deciding', () => {
  let applicants: Applicant[];
  beforeAll(async () => {
    applicants = await programmeWithApplicants(platform, 'decide-2027', { sylteskolan: 4 });
  });

  it('opens the moment the window closes, to the minute across the DST change', async () => {
    // Prepare
    const [first] = applicants;
    await platform.setClock(calendar.lastMinuteOpen);
    // Act
    const early = await decide(platform, heads.sylteskolan, first!.id, 'appoint');
    const earlyAdmin = await decide(platform, 'admin', first!.id, 'appoint');
    await platform.setClock(calendar.closes);
    const onTime = await decide(platform, heads.sylteskolan, first!.id, 'appoint');
    // Assess
    expect(early.status).toBe(409);
    expect(early.body.error.code).toBe('WINDOW_STILL_OPEN');
    expect(earlyAdmin.body.error.code).toBe('WINDOW_STILL_OPEN');
    expect(onTime.status).toBe(200);
    expect(onTime.body.decision).toMatchObject({ value: 'appoint', by: heads.sylteskolan });
  });

  it('closes for heads at the decision deadline, not for administrators', async () => {
    const [, second, third] = applicants;
    await platform.setClock(calendar.lastMinuteBeforeDeadline);
    expect((await decide(platform, heads.sylteskolan, second!.id, 'decline', 'Tack för din ansökan!')).status).toBe(200);
    await platform.setClock(calendar.deadline);
    const late = await decide(platform, heads.sylteskolan, third!.id, 'appoint');
    expect(late.status).toBe(409);
    expect(late.body.error.code).toBe('DECISION_DEADLINE_PASSED');
    expect((await decide(platform, 'admin', third!.id, 'appoint')).status).toBe(200);
    await platform.setClock(calendar.closes);
  });

  it('is idempotent: the same decision again takes no second seat and writes nothing', async () => {
    // Prepare
    const [first] = applicants;
    const auditBefore = await audit('decide-2027');
    // Act
    const again = await decide(platform, heads.sylteskolan, first!.id, 'appoint');
    // Assess
    expect(again.status).toBe(200);
    expect((await unitList(platform, 'decide-2027', 'sylteskolan')).unit).toMatchObject({ used: 2, left: 6 });
    expect(await audit('decide-2027')).toHaveLength(auditBefore.length);
  });

  it('gives the seat back when an appointment becomes a decline, and removes the participant', async () => {
    const [, , third] = applicants;
    expect((await decide(platform, 'admin', third!.id, 'decline')).status).toBe(200);
    const list = await unitList(platform, 'decide-2027', 'sylteskolan');
    expect(list.unit).toMatchObject({ used: 1, left: 7 });
    const participants = (await as(platform, 'admin', 'GET', '/api/programmes/decide-2027/participants')).body.items;
    expect(participants.map((participant: { id: string }) => participant.id)).toEqual([applicants[0]!.id]);
    expect(participants[0]).toMatchObject({ status: 'active', unitId: 'sylteskolan', email: applicants[0]!.email });
  });

  it('refuses a withdrawn application, an unknown one and a bad body', async () => {
    const [, , , fourth] = applicants;
    expect((await platform.call('DELETE', `/api/applications/${fourth!.id}`, { token: fourth!.secret })).status).toBe(200);
    const withdrawn = await decide(platform, heads.sylteskolan, fourth!.id, 'appoint');
    expect(withdrawn.status).toBe(409);
    expect(withdrawn.body.error.code).toBe('APPLICATION_WITHDRAWN');
    expect((await decide(platform, 'admin', 'finns-inte', 'appoint')).status).toBe(404);
    const bad = await as(platform, heads.sylteskolan, 'POST', `/api/applications/${fourth!.id}/decision`, { decision: 'kanske', extra: 1 });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields).toEqual({ decision: 'Välj ett av: appoint, reserve, decline.', extra: 'Fältet är okänt.' });
  });

  it('records every decision in the audit trail: who, when, what, from → to', async () => {
    const entries = await audit('decide-2027');
    const decisions = entries.filter((entry) => entry.action === 'decision.made');
    expect(decisions).toHaveLength(4);
    // Newest first by the clock: the tests above went to the deadline (16:00, 15:59) and back to
    // the close (03:00), where two entries share the instant and keep the order they were written in.
    expect(decisions.map((entry) => [entry.at, entry.by, entry.applicationId, entry.changes[0]])).toEqual([
      ['2027-04-12T14:00:00.000Z', 'admin@example.se', applicants[2]!.id, { field: 'decision', from: null, to: 'appoint' }],
      ['2027-04-12T13:59:00.000Z', heads.sylteskolan, applicants[1]!.id, { field: 'decision', from: null, to: 'decline' }],
      ['2027-03-28T01:00:00.000Z', 'admin@example.se', applicants[2]!.id, { field: 'decision', from: 'appoint', to: 'decline' }],
      ['2027-03-28T01:00:00.000Z', heads.sylteskolan, applicants[0]!.id, { field: 'decision', from: null, to: 'appoint' }],
    ]);
    // The head's note is for the applicant: the trail says it changed, not what it says.
    expect(decisions[1]!.changes[1]).toEqual({ field: 'note', from: null, to: 'ny anteckning' });
    expect(JSON.stringify(entries)).not.toContain('Tack för din ansökan');
    expect(entries.map((entry) => entry.action)).toContain('application.withdrawn');
    expect(entries.at(-1)).toMatchObject({ action: 'programme.created', by: 'admin@example.se' });
  });

  it('has no way to change or delete the audit trail', async () => {
    for (const method of ['PUT', 'PATCH', 'DELETE', 'POST']) {
      const response = await as(platform, 'admin', method, '/api/programmes/decide-2027/audit', {});
      expect(response.status, method).toBe(405);
    }
  });
});

describe('seats under concurrent appointments', () => {
  it('never lets a unit appoint more than its seats, however many heads click at once', async () => {
    // Prepare: Förskolan Solrosen has 4 seats and 12 applicants
    const applicants = await programmeWithApplicants(platform, 'race-unit-2027', { 'forskolan-solrosen': 12 });
    // Act: the head and an administrator appoint all twelve at the same moment
    const responses = await Promise.all(
      applicants.map((applicant, index) => decide(platform, index % 2 ? 'admin' : heads.solrosen, applicant.id, 'appoint')),
    );
    // Assess
    const statuses = responses.map((response) => response.status);
    expect(statuses.filter((status) => status === 200)).toHaveLength(4);
    expect(statuses.filter((status) => status === 409)).toHaveLength(8);
    expect(responses.filter((response) => response.status === 409).every((response) => response.body.error.code === 'NO_SEATS_LEFT')).toBe(true);
    const list = await unitList(platform, 'race-unit-2027', 'forskolan-solrosen');
    expect(list.unit).toMatchObject({ seats: 4, used: 4, left: 0 });
    expect(list.items.filter((item: { decision: unknown }) => item.decision !== null)).toHaveLength(4);
    const participants = (await as(platform, 'admin', 'GET', '/api/programmes/race-unit-2027/participants')).body.items;
    expect(participants).toHaveLength(4);
  }, 60_000);

  it('lets exactly one of two heads take the programme’s last seat', async () => {
    // Prepare: a programme with 1 seat, one applicant in each of two units
    const [inSylte, inSolrosen] = await programmeWithApplicants(
      platform,
      'race-programme-2027',
      { sylteskolan: 1, 'forskolan-solrosen': 1 },
      { seats: 1 },
    );
    // Act
    const [first, second] = await Promise.all([
      decide(platform, heads.sylteskolan, inSylte!.id, 'appoint'),
      decide(platform, heads.solrosen, inSolrosen!.id, 'appoint'),
    ]);
    // Assess
    expect([first.status, second.status].sort()).toEqual([200, 409]);
    expect([first, second].find((response) => response.status === 409)!.body.error.code).toBe('NO_SEATS_LEFT');
    const overview = (await as(platform, 'admin', 'GET', '/api/programmes/race-programme-2027/overview')).body;
    expect(overview.programme.seats).toEqual({ seats: 1, used: 1, left: 0 });
    expect(overview.totals.appointed).toBe(1);
  });

  it('refuses to lower seats below those already appointed', async () => {
    const { id: _id, ...rest } = programmeBody({ id: 'race-unit-2027' });
    const units = rest.units.map((unit) => (unit.id === 'forskolan-solrosen' ? { ...unit, seats: 3 } : unit));
    const response = await as(platform, 'admin', 'PUT', '/api/programmes/race-unit-2027', { ...rest, units });
    expect(response.status).toBe(409);
    expect(response.body.error.code).toBe('SEATS_BELOW_APPOINTED');
  });
});

describe('reserves, promoted by rule', () => {
  let applicants: Applicant[];
  const reserveOrder = (list: { items: { id: string; decision: { reservePosition?: number } | null }[] }) =>
    list.items
      .filter((item) => item.decision?.reservePosition)
      .sort((a, b) => a.decision!.reservePosition! - b.decision!.reservePosition!)
      .map((item) => item.id);

  beforeAll(async () => {
    // Solrosen: 4 seats, 7 applicants. Sylteskolan: 8 seats, 2 applicants.
    applicants = await programmeWithApplicants(platform, 'reserves-2027', { 'forskolan-solrosen': 7, sylteskolan: 2 });
    const solrosen = applicants.filter((applicant) => applicant.unitId === 'forskolan-solrosen');
    for (const applicant of solrosen.slice(0, 4)) expect((await decide(platform, heads.solrosen, applicant.id, 'appoint')).status).toBe(200);
    // Reserves in the order the head marks them: 6th, then 5th; the 7th is declined.
    expect((await decide(platform, heads.solrosen, solrosen[5]!.id, 'reserve', 'Reserv 1')).status).toBe(200);
    expect((await decide(platform, heads.solrosen, solrosen[4]!.id, 'reserve')).status).toBe(200);
    expect((await decide(platform, heads.solrosen, solrosen[6]!.id, 'decline')).status).toBe(200);
  });

  it('numbers reserves in the order they were marked', async () => {
    const list = await unitList(platform, 'reserves-2027', 'forskolan-solrosen');
    const solrosen = applicants.filter((applicant) => applicant.unitId === 'forskolan-solrosen');
    expect(reserveOrder(list)).toEqual([solrosen[5]!.id, solrosen[4]!.id]);
  });

  it('appoints the first reserve when an appointed person withdraws, quietly before the decisions are out', async () => {
    // Prepare
    const solrosen = applicants.filter((applicant) => applicant.unitId === 'forskolan-solrosen');
    const mailBefore = (await platform.mail()).length;
    // Act
    const withdrawn = await platform.call('DELETE', `/api/applications/${solrosen[0]!.id}`, { token: solrosen[0]!.secret });
    // Assess
    expect(withdrawn.status).toBe(200);
    const list = await unitList(platform, 'reserves-2027', 'forskolan-solrosen');
    expect(list.unit).toMatchObject({ used: 4, left: 0 });
    expect(decisionOf(list, solrosen[5]!.id)).toBe('appoint');
    expect(list.items.find((item: { id: string }) => item.id === solrosen[5]!.id).decision.by).toBe('regel');
    expect(reserveOrder(list)).toEqual([solrosen[4]!.id]);
    // Only the withdrawal receipt: the promoted person learns it from the published decision.
    const mail = await platform.mail();
    expect(mail.length - mailBefore).toBe(1);
    expect(mail[0].to).toEqual([solrosen[0]!.email]);
    const entries = await audit('reserves-2027');
    expect(entries[0]).toMatchObject({ action: 'reserve.promoted', by: 'regel', applicationId: solrosen[5]!.id });
    expect(entries[1]).toMatchObject({ action: 'application.withdrawn', by: 'sökande', applicationId: solrosen[0]!.id });
  });

  it('appoints the next reserve when the unit’s seats are raised, and tells them once decisions are out', async () => {
    // Prepare: after the deadline, decisions are published
    await platform.setClock(calendar.deadline);
    const solrosen = applicants.filter((applicant) => applicant.unitId === 'forskolan-solrosen');
    const { id: _id, ...rest } = programmeBody({ id: 'reserves-2027' });
    const units = rest.units.map((unit) => (unit.id === 'forskolan-solrosen' ? { ...unit, seats: 5 } : unit));
    // Act
    const response = await as(platform, 'admin', 'PUT', '/api/programmes/reserves-2027', { ...rest, units });
    // Assess
    expect(response.status).toBe(200);
    const list = await unitList(platform, 'reserves-2027', 'forskolan-solrosen');
    expect(decisionOf(list, solrosen[4]!.id)).toBe('appoint');
    expect(list.unit).toMatchObject({ seats: 5, used: 5, left: 0 });
    const mail = await platform.mail();
    expect(mail[0]).toMatchObject({ to: [solrosen[4]!.email] });
    expect(mail[0].subject).toMatch(/^Du har fått en plats/);
    expect(mail[0].text).toContain(`Be om en ny länk:\n${platform.url}/satsning/reserves-2027#lost-link`);
    const changed = (await audit('reserves-2027')).find((entry) => entry.action === 'programme.changed')!;
    expect(changed.changes).toEqual([{ field: 'units.forskolan-solrosen.seats', from: 4, to: 5 }]);
  });

  it('after the deadline, moves a unit’s unused seats to the programme-wide reserve list', async () => {
    // Prepare: a new reserve at Solrosen (the 7th, declined before); Sylteskolan uses 0 of 8 seats
    const solrosen = applicants.filter((applicant) => applicant.unitId === 'forskolan-solrosen');
    expect((await decide(platform, 'admin', solrosen[6]!.id, 'reserve')).status).toBe(200);
    // Act
    const released = await as(platform, 'admin', 'POST', '/api/programmes/reserves-2027/units/sylteskolan/release-seats');
    // Assess
    expect(released.status).toBe(200);
    expect(released.body).toEqual({ released: 8, promoted: [solrosen[6]!.id] });
    const overview = (await as(platform, 'admin', 'GET', '/api/programmes/reserves-2027/overview')).body;
    expect(overview.programme.pool).toEqual({ seats: 8, used: 1, left: 7 });
    expect(overview.units.find((unit: { id: string }) => unit.id === 'sylteskolan')).toMatchObject({ seats: 0, released: 8, left: 0 });
    // Sylteskolan's own applicants can no longer take the released seats.
    const sylte = applicants.filter((applicant) => applicant.unitId === 'sylteskolan');
    const refused = await decide(platform, 'admin', sylte[0]!.id, 'appoint');
    expect(refused.body.error.code).toBe('NO_SEATS_LEFT');
    // Releasing again has nothing left to release.
    const again = await as(platform, 'admin', 'POST', '/api/programmes/reserves-2027/units/sylteskolan/release-seats');
    expect(again.body).toEqual({ released: 0, promoted: [] });
  });

  it('cannot release seats before the deadline', async () => {
    await platform.setClock(calendar.lastMinuteBeforeDeadline);
    const early = await as(platform, 'admin', 'POST', '/api/programmes/reserves-2027/units/forskolan-solrosen/release-seats');
    expect(early.status).toBe(409);
    expect(early.body.error.code).toBe('DECISION_PERIOD_NOT_OVER');
    await platform.setClock(calendar.closes);
  });
});

describe('participants', () => {
  it('registers a late applicant directly, with a seat, a private link and an audit entry', async () => {
    // Prepare
    await programmeWithApplicants(platform, 'late-2027', { 'forskolan-solrosen': 1 });
    const body = {
      name: 'Sen Anmälan',
      email: 'sen.anmalan@example.se',
      unitId: 'forskolan-solrosen',
      role: 'förskollärare',
      certified: true,
      subjects: 'Förskola 1–3 år',
      motivation: 'Anmäld av förvaltningen efter ansökningstiden.',
    };
    // Act
    const response = await as(platform, 'admin', 'POST', '/api/programmes/late-2027/participants', body);
    // Assess
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({ status: 'active', registeredLate: true, unitId: 'forskolan-solrosen' });
    const mail = (await platform.mail())[0];
    expect(mail.to).toEqual(['sen.anmalan@example.se']);
    expect(mail.text).toMatch(/\/ansokan\/[\w-]+#[\w-]+/);
    const list = await unitList(platform, 'late-2027', 'forskolan-solrosen');
    expect(list.unit.used).toBe(1);
    expect((await audit('late-2027'))[0]).toMatchObject({ action: 'participant.registered', by: 'admin@example.se' });
    const twice = await as(platform, 'admin', 'POST', '/api/programmes/late-2027/participants', body);
    expect(twice.status).toBe(409);
    expect(twice.body.error).toMatchObject({ code: 'EMAIL_IN_USE', fields: { email: 'Det finns redan en ansökan med den e-postadressen. Utse personen bland enhetens sökande i stället.' } });
    expect((await unitList(platform, 'late-2027', 'forskolan-solrosen')).unit.used).toBe(1);
  });

  it('writes nothing when a late registration finds no seat', async () => {
    // Prepare: fill Solrosen's 4 seats
    for (let index = 0; index < 3; index++) {
      const response = await as(platform, 'admin', 'POST', '/api/programmes/late-2027/participants', {
        name: `Fyller ${index}`,
        email: `fyller.${index}@example.se`,
        unitId: 'forskolan-solrosen',
        role: 'förskollärare',
        certified: true,
        subjects: 'Förskola',
        motivation: 'Fyller platserna.',
      });
      expect(response.status).toBe(201);
    }
    const before = await unitList(platform, 'late-2027', 'forskolan-solrosen');
    // Act
    const full = await as(platform, 'admin', 'POST', '/api/programmes/late-2027/participants', {
      name: 'Ingen Plats',
      email: 'ingen.plats@example.se',
      unitId: 'forskolan-solrosen',
      role: 'förskollärare',
      certified: true,
      subjects: 'Förskola',
      motivation: 'Finns det plats?',
    });
    // Assess: no application, no guard (the address may be used later), no seat
    expect(full.status).toBe(409);
    expect(full.body.error.code).toBe('NO_SEATS_LEFT');
    const after = await unitList(platform, 'late-2027', 'forskolan-solrosen');
    expect(after.items).toHaveLength(before.items.length);
    expect(after.unit.used).toBe(4);
  });

  it('gives the seat of a participant who leaves before the start to the first reserve', async () => {
    // Prepare
    const [appointed, reserve] = await programmeWithApplicants(platform, 'leave-2027', { 'forskolan-solrosen': 2 }, {
      units: [programmeBody().units[1]!].map((unit) => ({ ...unit, seats: 1 })),
    });
    expect((await decide(platform, heads.solrosen, appointed!.id, 'appoint')).status).toBe(200);
    expect((await decide(platform, heads.solrosen, reserve!.id, 'reserve')).status).toBe(200);
    // Act
    const left = await as(platform, 'admin', 'POST', `/api/participants/${appointed!.id}/leave`);
    // Assess
    expect(left.status).toBe(200);
    expect(left.body).toMatchObject({ status: 'left' });
    const list = await unitList(platform, 'leave-2027', 'forskolan-solrosen');
    expect(decisionOf(list, reserve!.id)).toBe('appoint');
    expect(decisionOf(list, appointed!.id)).toBe('decline');
    // The unit's page shows who takes part and who left, and that the programme has not started
    expect(list.programme.started).toBe(false);
    const participation = (id: string) => list.items.find((item: { id: string }) => item.id === id).participant;
    expect(participation(appointed!.id)).toEqual({ status: 'left', since: expect.any(String), leftAt: new Date(calendar.closes).toISOString(), rejoinedAt: null, registeredLate: false });
    expect(participation(reserve!.id)).toMatchObject({ status: 'active', leftAt: null });
    const participants = (await as(platform, 'admin', 'GET', '/api/programmes/leave-2027/participants')).body.items;
    expect(participants.map((participant: { id: string; status: string }) => [participant.id, participant.status]).sort()).toEqual(
      [
        [appointed!.id, 'left'],
        [reserve!.id, 'active'],
      ].sort(),
    );
    expect((await as(platform, 'admin', 'POST', '/api/participants/finns-inte/leave')).status).toBe(404);
    // The seat went to the reserve: coming back means being appointed again, not taking it back.
    const rejoin = await as(platform, 'admin', 'POST', `/api/participants/${appointed!.id}/rejoin`);
    expect(rejoin.status).toBe(409);
    expect(rejoin.body.error).toMatchObject({ code: 'SEAT_GIVEN_BACK', message: expect.stringContaining('Utse personen igen') });
    const after = await unitList(platform, 'leave-2027', 'forskolan-solrosen');
    expect(after.items.find((item: { id: string }) => item.id === appointed!.id).participant.status).toBe('left');
    expect(after.unit.used).toBe(1);
    expect((await as(platform, 'admin', 'POST', '/api/participants/finns-inte/rejoin')).status).toBe(404);
  });

  it('does not un-appoint a participant once the programme has started, but still appoints a reserve', async () => {
    // Prepare: one appointed, one reserve; the programme has started and she has done a milestone
    const [appointed, reserve] = await programmeWithApplicants(platform, 'started-2027', { 'forskolan-solrosen': 2 });
    expect((await decide(platform, heads.solrosen, appointed!.id, 'appoint')).status).toBe(200);
    expect((await decide(platform, heads.solrosen, reserve!.id, 'reserve')).status).toBe(200);
    await platform.setClock('2027-05-20T10:00:00+02:00');
    const milestoneId = programmeBody().milestones[0]!.id;
    expect((await as(platform, 'admin', 'PUT', `/api/participants/${appointed!.id}/milestones/${milestoneId}`, { status: 'done' })).status).toBe(200);
    // Act
    const declined = await decide(platform, 'admin', appointed!.id, 'decline');
    const reserved = await decide(platform, 'admin', appointed!.id, 'reserve');
    const late = await decide(platform, 'admin', reserve!.id, 'appoint');
    // Assess: refused, with what to do instead; she still takes part, with her progress
    for (const refused of [declined, reserved]) {
      expect(refused.status).toBe(409);
      expect(refused.body.error).toMatchObject({ code: 'TAKING_PART', message: expect.stringContaining('har lämnat satsningen') });
    }
    expect(late.status).toBe(200);
    const list = await unitList(platform, 'started-2027', 'forskolan-solrosen');
    expect([decisionOf(list, appointed!.id), decisionOf(list, reserve!.id), list.unit.used]).toEqual(['appoint', 'appoint', 2]);
    const progress = await as(platform, 'admin', 'GET', '/api/programmes/started-2027/units/forskolan-solrosen/progress');
    const her = progress.body.participants.find((participant: { id: string }) => participant.id === appointed!.id);
    expect(her).toMatchObject({ status: 'active', done: 1 });
    await platform.setClock(calendar.closes);
  });

  it('keeps the seat of a participant who leaves after the start, and lets them take part again on it', async () => {
    // Prepare: one appointed and one reserve on a unit of one seat; the programme has started
    const [appointed, reserve] = await programmeWithApplicants(platform, 'rejoin-2027', { 'forskolan-solrosen': 2 }, {
      units: [programmeBody().units[1]!].map((unit) => ({ ...unit, seats: 1 })),
    });
    expect((await decide(platform, heads.solrosen, appointed!.id, 'appoint')).status).toBe(200);
    expect((await decide(platform, heads.solrosen, reserve!.id, 'reserve')).status).toBe(200);
    await platform.setClock('2027-09-01T10:00:00+02:00');
    expect((await as(platform, 'admin', 'POST', `/api/participants/${appointed!.id}/leave`)).status).toBe(200);
    const whileAway = await unitList(platform, 'rejoin-2027', 'forskolan-solrosen');
    expect([whileAway.unit.used, decisionOf(whileAway, reserve!.id)]).toEqual([1, 'reserve']);
    await platform.setClock('2027-12-03T08:30:00+01:00');
    // Act
    const rejoined = await as(platform, 'admin', 'POST', `/api/participants/${appointed!.id}/rejoin`);
    const again = await as(platform, 'admin', 'POST', `/api/participants/${appointed!.id}/rejoin`);
    // Assess: active again, on the same seat, once in the trail
    expect(rejoined.status).toBe(200);
    expect(rejoined.body).toMatchObject({ status: 'active', rejoinedAt: '2027-12-03T07:30:00.000Z', seat: 'unit' });
    expect(rejoined.body).not.toHaveProperty('leftAt');
    expect(again.status).toBe(200);
    expect(again.body).toEqual(rejoined.body);
    const list = await unitList(platform, 'rejoin-2027', 'forskolan-solrosen');
    expect(list.unit.used).toBe(1);
    expect(decisionOf(list, reserve!.id)).toBe('reserve');
    expect(list.items.find((item: { id: string }) => item.id === appointed!.id).participant).toEqual({
      status: 'active',
      since: new Date(calendar.closes).toISOString(),
      leftAt: null,
      rejoinedAt: '2027-12-03T07:30:00.000Z',
      registeredLate: false,
    });
    const trail = (await audit('rejoin-2027')).filter((entry) => entry.action.startsWith('participant.'));
    expect(trail.map((entry) => [entry.action, entry.by])).toEqual([
      ['participant.rejoined', 'admin@example.se'],
      ['participant.left', 'admin@example.se'],
    ]);
    expect(trail[0]!.changes).toEqual([
      { field: 'participant.status', from: 'left', to: 'active' },
      { field: 'participant.leftAt', from: '2027-09-01T08:00:00.000Z', to: null },
    ]);
    // Leaving again works as the first time, and says nothing of the return.
    const leftAgain = await as(platform, 'admin', 'POST', `/api/participants/${appointed!.id}/leave`);
    expect(leftAgain.body).toMatchObject({ status: 'left', leftAt: '2027-12-03T07:30:00.000Z' });
    expect(leftAgain.body).not.toHaveProperty('rejoinedAt');
    await platform.setClock(calendar.closes);
  });
});

describe('a decision changed after the decisions are out', () => {
  it('is mailed to the person, once, and said as a change; before the publication nothing is', async () => {
    // Prepare: one appointed, one reserve and one declined by the head before the deadline; one not decided
    const [appointed, reserve, declined, undecided] = await programmeWithApplicants(platform, 'changed-after-2027', { 'forskolan-solrosen': 4 });
    expect((await decide(platform, heads.solrosen, appointed!.id, 'appoint')).status).toBe(200);
    expect((await decide(platform, heads.solrosen, reserve!.id, 'reserve')).status).toBe(200);
    expect((await decide(platform, heads.solrosen, declined!.id, 'decline')).status).toBe(200);
    expect((await decide(platform, heads.solrosen, declined!.id, 'appoint')).status).toBe(200);
    expect((await decide(platform, heads.solrosen, declined!.id, 'decline')).status).toBe(200);
    const decisionMails = async (applicant: Applicant) =>
      (await platform.mail()).filter((mail: { to: string[]; subject: string }) => mail.to.includes(applicant.email) && /Beslut|plats/.test(mail.subject));
    for (const applicant of [appointed!, reserve!, declined!]) expect(await decisionMails(applicant)).toEqual([]);
    // Act: after the deadline, an administrator undoes the appointment (twice, as a retry would),
    // notes a greeting on the declined one, declines the one the published mail already called
    // not appointed; after the start, appoints the declined one after all
    await platform.setClock('2027-04-14T10:00:00+02:00');
    const undoing = [await decide(platform, 'admin', appointed!.id, 'decline'), await decide(platform, 'admin', appointed!.id, 'decline')];
    const noted = await decide(platform, 'admin', declined!.id, 'decline', 'Hör av dig nästa år!');
    const declinedAgain = await decide(platform, 'admin', undecided!.id, 'decline');
    expect([...undoing, noted, declinedAgain].map((response) => [response.status, response.body.mailed])).toEqual([
      [200, true],
      [200, false],
      [200, false],
      [200, false],
    ]);
    await platform.setClock('2027-05-03T09:00:00+02:00');
    expect((await decide(platform, 'admin', declined!.id, 'appoint', 'Välkommen i efterhand!')).status).toBe(200);
    // Assess: one mail each for the changes; the reserve has the freed seat (the rule's own mail)
    const [undone] = await decisionMails(appointed!);
    expect(await decisionMails(appointed!)).toHaveLength(1);
    expect(undone.subject).toBe('Beslutet om din ansökan har ändrats: Nyckelpersoner för skolutveckling');
    expect(undone.text).toContain('har ändrats');
    expect(undone.text).toContain('Du blev tyvärr inte utsedd');
    expect((await decisionMails(reserve!)).map((mail: { subject: string }) => mail.subject)).toEqual(['Du har fått en plats: Nyckelpersoner för skolutveckling']);
    expect(await decisionMails(undecided!)).toEqual([]);
    const late = await decisionMails(declined!);
    expect(late).toHaveLength(1);
    expect(late[0].text).toContain('Du är utsedd till nyckelperson för Förskolan Solrosen');
    expect(late[0].text).toContain('Hälsning från rektor eller förskolechef: Välkommen i efterhand!');
    expect(late[0].text).toContain('Satsningen började 19 april 2027');
    await platform.setClock(calendar.closes);
  });
});

describe('the decision on the applicant’s own page', () => {
  it('is hidden until the decisions are out, and then reads as the mail did: no decision is a decline', async () => {
    // Prepare: one appointed before the deadline, one never decided
    const [appointed, undecided] = await programmeWithApplicants(platform, 'own-page-2027', { sylteskolan: 2 });
    expect((await decide(platform, heads.sylteskolan, appointed!.id, 'appoint', 'Välkommen!')).status).toBe(200);
    const decisionOf = async (applicant: Applicant) =>
      (await platform.call('GET', `/api/applications/${applicant.id}`, { token: applicant.secret })).body.decision;

    // Act and assess
    await platform.setClock(calendar.lastMinuteBeforeDeadline);
    expect([await decisionOf(appointed!), await decisionOf(undecided!)]).toEqual([null, null]);
    await platform.setClock(calendar.deadline);
    expect([await decisionOf(appointed!), await decisionOf(undecided!)]).toEqual([
      { value: 'appoint', note: 'Välkommen!' },
      { value: 'decline', note: null },
    ]);
    await platform.setClock(calendar.closes);
  });
});

describe('learning groups made before the start', () => {
  const groupsOf = (programmeId: string) => `/api/programmes/${programmeId}/groups`;

  it('let go of a person whose appointment is undone or who leaves before the start', async () => {
    // Prepare: four appointed, all in one group that the first leads
    const people = await programmeWithApplicants(platform, 'group-undo-2027', { sylteskolan: 4 });
    for (const person of people) expect((await decide(platform, heads.sylteskolan, person.id, 'appoint')).status).toBe(200);
    const ids = people.map((person) => person.id);
    const made = await as(platform, heads.sylteskolan, 'POST', groupsOf('group-undo-2027'), { name: 'Läsgruppen', facilitatorId: ids[0], memberIds: ids });
    expect(made.status).toBe(201);
    const group = `${groupsOf('group-undo-2027')}/${made.body.id}`;
    // Act: the head declines the facilitator after all; an administrator records that the second left
    expect((await decide(platform, heads.sylteskolan, ids[0]!, 'decline')).status).toBe(200);
    expect((await as(platform, 'admin', 'POST', `/api/participants/${ids[1]}/leave`)).status).toBe(200);
    // Assess: the group has the two who take part, the role passed on, and the rule in the trail
    const after = await as(platform, heads.sylteskolan, 'GET', group);
    expect(after.body).toMatchObject({ memberIds: [ids[2], ids[3]], facilitatorId: ids[2], version: 3 });
    const trail = (await audit('group-undo-2027')).filter((entry) => entry.action === 'group.changed');
    expect(trail.map((entry) => [entry.by, entry.changes.at(-1)])).toEqual([
      ['regel', { field: 'members', from: 3, to: 2 }],
      ['regel', { field: 'members', from: 4, to: 3 }],
    ]);
    // Appointed again, she can join a group: nothing of her old membership is left.
    expect((await decide(platform, heads.sylteskolan, ids[0]!, 'appoint')).status).toBe(200);
    const rejoined = await as(platform, heads.sylteskolan, 'PUT', group, { name: 'Läsgruppen', facilitatorId: ids[0], memberIds: [ids[0], ids[2], ids[3]], version: 3 });
    expect(rejoined.status).toBe(200);
    // Deciding the same again finds nothing more to do.
    expect((await decide(platform, heads.sylteskolan, ids[1]!, 'decline')).status).toBe(200);
    expect((await as(platform, heads.sylteskolan, 'GET', group)).body.version).toBe(4);
  });

  it('lets no group claim a person whose appointment is undone at the same moment', async () => {
    // Prepare: sixteen appointed, in eight pairs
    const people = await programmeWithApplicants(platform, 'group-race-2027', { sylteskolan: 16 }, {
      units: [{ ...programmeBody().units[0]!, seats: 16 }],
    });
    for (const person of people) expect((await decide(platform, heads.sylteskolan, person.id, 'appoint')).status).toBe(200);
    const pairs = Array.from({ length: 8 }, (_, index) => [people[2 * index]!.id, people[2 * index + 1]!.id] as const);
    // Act: each pair made a group while the head declines its first person
    const outcomes = await Promise.all(
      pairs.map(([declined, stays], index) =>
        Promise.all([
          as(platform, heads.sylteskolan, 'POST', groupsOf('group-race-2027'), { name: `Par ${index + 1}`, facilitatorId: stays, memberIds: [declined, stays] }),
          decide(platform, heads.sylteskolan, declined, 'decline'),
        ]),
      ),
    );
    // Assess: every decline went through; a group was made first (and let go of her) or refused her
    for (const [made, declined] of outcomes) {
      expect(declined.status).toBe(200);
      expect([201, 400]).toContain(made.status);
      if (made.status === 400) expect(made.body.error.fields).toEqual({ 'memberIds.0': 'Deltagaren finns inte i satsningen.' });
    }
    const groups = (await as(platform, 'admin', 'GET', groupsOf('group-race-2027'))).body.items as { memberIds: string[] }[];
    const declinedIds = pairs.map(([declined]) => declined);
    expect(groups.flatMap((group) => group.memberIds).filter((id) => declinedIds.includes(id))).toEqual([]);
    const db = DynamoDBDocumentClient.from(localDynamoDbClient(platform.dynamoDbEndpoint));
    const memberships = await Promise.all(declinedIds.map((id) => db.send(new GetCommand({ TableName: platform.tableName, Key: keys.groupMembership(id) }))));
    expect(memberships.filter((read) => read.Item)).toEqual([]);
    db.destroy();
  });
});

describe('the administrators’ overview', () => {
  it('counts per unit and names the heads who have not decided', async () => {
    // Prepare
    const applicants = await programmeWithApplicants(platform, 'overview-2027', { sylteskolan: 3, 'forskolan-solrosen': 2 });
    const [s1, s2, s3, f1, f2] = applicants;
    await decide(platform, heads.sylteskolan, s1!.id, 'appoint');
    await decide(platform, heads.sylteskolan, s2!.id, 'reserve');
    await decide(platform, heads.sylteskolan, s3!.id, 'decline');
    await decide(platform, heads.solrosen, f1!.id, 'appoint');
    expect(f2).toBeDefined();
    // Act
    const response = await as(platform, 'admin', 'GET', '/api/programmes/overview-2027/overview');
    // Assess
    expect(response.status).toBe(200);
    expect(response.body.units).toEqual([
      expect.objectContaining({ id: 'sylteskolan', applications: 3, appointed: 1, reserve: 1, declined: 1, undecided: 0, seats: 8, used: 1, left: 7 }),
      expect.objectContaining({ id: 'forskolan-solrosen', applications: 2, appointed: 1, reserve: 0, declined: 0, undecided: 1, seats: 4, used: 1, left: 3 }),
    ]);
    expect(response.body.totals).toEqual({ applications: 5, appointed: 2, reserve: 1, declined: 1, undecided: 1 });
    expect(response.body.headsNotDecided).toEqual([
      { unitId: 'forskolan-solrosen', unitName: 'Förskolan Solrosen', head: { name: 'Camilla Öberg', email: heads.solrosen }, undecided: 1 },
    ]);
  });
});

describe('erasing an application (GDPR)', () => {
  it('removes the application, its participant and its seat, and keeps only ids in the trail', async () => {
    // Prepare
    const [person] = await programmeWithApplicants(platform, 'erase-2027', { sylteskolan: 1 });
    await decide(platform, heads.sylteskolan, person!.id, 'appoint');
    // Act
    const erased = await as(platform, 'admin', 'POST', `/api/applications/${person!.id}/erase`);
    // Assess
    expect(erased.status).toBe(204);
    const list = await unitList(platform, 'erase-2027', 'sylteskolan');
    expect(list.items).toEqual([]);
    expect(list.unit.used).toBe(0);
    expect((await as(platform, 'admin', 'GET', '/api/programmes/erase-2027/participants')).body.items).toEqual([]);
    expect((await platform.call('GET', `/api/applications/${person!.id}`, { token: person!.secret })).status).toBe(404);
    const entries = await audit('erase-2027');
    expect(entries[0]).toMatchObject({ action: 'application.erased', applicationId: person!.id });
    expect(JSON.stringify(entries)).not.toContain(person!.email);
    expect((await as(platform, 'admin', 'POST', `/api/applications/${person!.id}/erase`)).status).toBe(404);
  });

  it('leaves no participant behind when a leave or a return is recorded as the application is erased', async () => {
    // Prepare: eight appointed participants after the start, half of them already left
    const people = await programmeWithApplicants(platform, 'erase-race-2027', { sylteskolan: 8 });
    for (const person of people) expect((await decide(platform, heads.sylteskolan, person.id, 'appoint')).status).toBe(200);
    await platform.setClock('2027-05-20T10:00:00+02:00');
    for (const person of people.slice(4)) expect((await as(platform, 'admin', 'POST', `/api/participants/${person.id}/leave`)).status).toBe(200);
    // Act: each erased while an administrator records that they left (the first four) or came back
    const outcomes = await Promise.all(
      people.map((person, index) =>
        Promise.all([
          as(platform, 'admin', 'POST', `/api/applications/${person.id}/erase`),
          as(platform, 'admin', 'POST', `/api/participants/${person.id}/${index < 4 ? 'leave' : 'rejoin'}`),
        ]),
      ),
    );
    // Assess: every erasure went through; the other call either came first or found no one
    for (const [erased, other] of outcomes) {
      expect(erased.status).toBe(204);
      expect([200, 404]).toContain(other.status);
    }
    expect((await as(platform, 'admin', 'GET', '/api/programmes/erase-race-2027/participants')).body.items).toEqual([]);
    expect((await unitList(platform, 'erase-race-2027', 'sylteskolan')).unit.used).toBe(0);
    await platform.setClock(calendar.closes);
  });
});
