/**
 * The access rules as a matrix: every route × anonymous, an applicant with a private link, the head
 * of unit A, the head of unit B, a signed-in person who heads no unit, and an administrator. The
 * expectations are written out by hand here (not derived from the route table), and the table
 * must have a row for every route, so that a new route cannot ship without its rules tested.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { routeKey, routes } from '#routes';
import { applicationBody, privateLinkIn, programmeBody } from '../helpers/fixtures.ts';
import { startTestPlatform, type TestPlatform } from '../helpers/platform.ts';
import { adminEmail, calendar, heads } from '../helpers/decisions.ts';

type Who = 'anonymous' | 'applicant' | 'headOfA' | 'headOfB' | 'headOfNone' | 'admin';
/** `ok`: admitted (any answer but 401, 403 or 404); otherwise the status the caller must get */
type Expected = 'ok' | 401 | 403 | 404;

const everyone: Expected[] = ['ok', 'ok', 'ok', 'ok', 'ok', 'ok'];
const adminOnly: Expected[] = [401, 401, 403, 403, 403, 'ok'];
const unitHeadOrAdmin: Expected[] = [401, 401, 'ok', 403, 403, 'ok'];
const staff: Expected[] = [401, 401, 'ok', 'ok', 'ok', 'ok'];
// Any head of a unit in the programme sees what concerns their units (the answer is filtered).
const anyHeadOrAdmin: Expected[] = [401, 401, 'ok', 'ok', 403, 'ok'];
// Without the link's secret, an application looks exactly like one that does not exist.
const applicantOnly: Expected[] = [404, 'ok', 404, 404, 404, 404];
// A watcher's token is the only authority: a made-up one is unknown to anyone, signed in or not.
const tokenHolderOnly: Expected[] = [404, 404, 404, 404, 404, 404];

interface Target {
  applicationId: string;
  secret: string;
  /** a learning group of two participants of unit A */
  groupId: string;
}

interface Row {
  route: string;
  /** anonymous, applicant, head of A, head of B, head of none, admin */
  expected: Expected[];
  path: (target: Target) => string;
  body?: () => unknown;
  /** the call changes its target for good: give each call a fresh one */
  fresh?: boolean;
  /** call on a participant of unit A (an appointed application) rather than an applicant */
  onParticipant?: boolean;
}

const programmeId = 'matrix-2027';
const unitA = 'sylteskolan';
let counter = 0;
const unique = () => `${Date.now().toString(36)}${counter++}`;
const { id: _id, ...programmeFields } = programmeBody({ id: programmeId });

const rows: Row[] = [
  { route: 'GET /api/health', expected: everyone, path: () => '/api/health' },
  { route: 'GET /api/programmes', expected: everyone, path: () => '/api/programmes' },
  {
    route: 'POST /api/programmes',
    expected: adminOnly,
    path: () => '/api/programmes',
    body: () => programmeBody({ id: `matris-${unique()}` }),
  },
  { route: 'GET /api/programmes/{programmeId}', expected: everyone, path: () => `/api/programmes/${programmeId}` },
  {
    route: 'PUT /api/programmes/{programmeId}',
    expected: adminOnly,
    path: () => `/api/programmes/${programmeId}`,
    body: () => ({ ...programmeFields, units: programmeFields.units.map((unit) => (unit.id === unitA ? { ...unit, seats: 500 } : unit)) }),
  },
  { route: 'GET /api/programmes/{programmeId}/admin', expected: adminOnly, path: () => `/api/programmes/${programmeId}/admin` },
  { route: 'GET /api/programmes/{programmeId}/next-round', expected: adminOnly, path: () => `/api/programmes/${programmeId}/next-round` },
  {
    route: 'POST /api/programmes/{programmeId}/units/import',
    expected: adminOnly,
    path: () => `/api/programmes/${programmeId}/units/import`,
    body: () => ({ csv: 'Enhet;Typ;Rektor;E-post;Platser\nNy skola;skola;Ny Rektor;ny@example.se;2', dryRun: true }),
  },
  {
    route: 'POST /api/programmes/{programmeId}/applications',
    expected: everyone,
    path: () => `/api/programmes/${programmeId}/applications`,
    body: () => applicationBody({ email: `ny.${unique()}@example.se` }),
  },
  {
    route: 'POST /api/programmes/{programmeId}/applications/link',
    expected: everyone,
    path: () => `/api/programmes/${programmeId}/applications/link`,
    body: () => ({ email: `tappad.${unique()}@example.se` }),
  },
  { route: 'GET /api/programmes/{programmeId}/applications', expected: adminOnly, path: () => `/api/programmes/${programmeId}/applications` },
  { route: 'GET /api/applications/{applicationId}', expected: applicantOnly, path: (t) => `/api/applications/${t.applicationId}` },
  {
    route: 'PATCH /api/applications/{applicationId}',
    expected: applicantOnly,
    path: (t) => `/api/applications/${t.applicationId}`,
    body: () => ({ subjects: 'Matematik' }),
  },
  {
    route: 'DELETE /api/applications/{applicationId}',
    expected: applicantOnly,
    path: (t) => `/api/applications/${t.applicationId}`,
    fresh: true,
  },
  { route: 'GET /api/me', expected: staff, path: () => '/api/me' },
  {
    route: 'GET /api/programmes/{programmeId}/units/{unitId}/applications',
    expected: unitHeadOrAdmin,
    path: () => `/api/programmes/${programmeId}/units/${unitA}/applications`,
  },
  {
    route: 'POST /api/applications/{applicationId}/decision',
    expected: unitHeadOrAdmin,
    path: (t) => `/api/applications/${t.applicationId}/decision`,
    body: () => ({ decision: 'appoint' }),
  },
  { route: 'GET /api/programmes/{programmeId}/overview', expected: adminOnly, path: () => `/api/programmes/${programmeId}/overview` },
  { route: 'GET /api/programmes/{programmeId}/audit', expected: adminOnly, path: () => `/api/programmes/${programmeId}/audit` },
  {
    route: 'POST /api/programmes/{programmeId}/units/{unitId}/release-seats',
    expected: adminOnly,
    path: () => `/api/programmes/${programmeId}/units/${unitA}/release-seats`,
  },
  {
    route: 'POST /api/programmes/{programmeId}/publish-decisions',
    expected: adminOnly,
    // Another programme: publishing this one would end the heads' decision period for the matrix.
    path: () => '/api/programmes/matrix-publish-2027/publish-decisions',
  },
  { route: 'GET /api/programmes/{programmeId}/participants', expected: adminOnly, path: () => `/api/programmes/${programmeId}/participants` },
  {
    route: 'POST /api/programmes/{programmeId}/participants',
    expected: adminOnly,
    path: () => `/api/programmes/${programmeId}/participants`,
    body: () => {
      const { privacyNoticeRead: _privacyNoticeRead, ...answers } = applicationBody({ email: `sen.${unique()}@example.se` });
      return answers;
    },
  },
  { route: 'GET /api/programmes/{programmeId}/calendar.ics', expected: everyone, path: () => `/api/programmes/${programmeId}/calendar.ics` },
  {
    route: 'POST /api/programmes/{programmeId}/watchers',
    expected: everyone,
    path: () => `/api/programmes/${programmeId}/watchers`,
    body: () => ({ email: `bevakare.${unique()}@example.se` }),
  },
  { route: 'POST /api/watchers/confirm', expected: tokenHolderOnly, path: () => '/api/watchers/confirm', body: () => ({ token: 'x'.repeat(43) }) },
  { route: 'POST /api/watchers/unsubscribe', expected: tokenHolderOnly, path: () => '/api/watchers/unsubscribe', body: () => ({ token: 'x'.repeat(43) }) },
  {
    route: 'PUT /api/participants/{participantId}/milestones/{milestoneId}',
    expected: unitHeadOrAdmin,
    path: (t) => `/api/participants/${t.applicationId}/milestones/modul-1`,
    body: () => ({ status: 'in_progress' }),
    onParticipant: true,
  },
  { route: 'GET /api/applications/{applicationId}/progress', expected: applicantOnly, path: (t) => `/api/applications/${t.applicationId}/progress`, onParticipant: true },
  {
    route: 'PUT /api/applications/{applicationId}/milestones/{milestoneId}',
    expected: applicantOnly,
    path: (t) => `/api/applications/${t.applicationId}/milestones/modul-1`,
    body: () => ({ status: 'done' }),
    onParticipant: true,
  },
  { route: 'GET /api/programmes/{programmeId}/progress', expected: adminOnly, path: () => `/api/programmes/${programmeId}/progress` },
  {
    route: 'GET /api/programmes/{programmeId}/units/{unitId}/progress',
    expected: unitHeadOrAdmin,
    path: () => `/api/programmes/${programmeId}/units/${unitA}/progress`,
  },
  { route: 'GET /api/programmes/{programmeId}/groups', expected: anyHeadOrAdmin, path: () => `/api/programmes/${programmeId}/groups` },
  {
    route: 'POST /api/programmes/{programmeId}/groups',
    expected: unitHeadOrAdmin,
    path: () => `/api/programmes/${programmeId}/groups`,
    body: () => ({ name: 'Lärgrupp', facilitatorId: groupMembers[0], memberIds: groupMembers }),
  },
  { route: 'GET /api/programmes/{programmeId}/groups/{groupId}', expected: unitHeadOrAdmin, path: (t) => `/api/programmes/${programmeId}/groups/${t.groupId}` },
  {
    route: 'PUT /api/programmes/{programmeId}/groups/{groupId}',
    expected: unitHeadOrAdmin,
    path: (t) => `/api/programmes/${programmeId}/groups/${t.groupId}`,
    body: () => ({ name: 'Lärgrupp A', facilitatorId: groupMembers[1], memberIds: groupMembers, version: 1 }),
  },
  { route: 'DELETE /api/programmes/{programmeId}/groups/{groupId}', expected: unitHeadOrAdmin, path: (t) => `/api/programmes/${programmeId}/groups/${t.groupId}`, fresh: true },
  {
    route: 'PUT /api/programmes/{programmeId}/groups/{groupId}/cycles/{cycle}/phases/{phase}',
    expected: unitHeadOrAdmin,
    path: (t) => `/api/programmes/${programmeId}/groups/${t.groupId}/cycles/1/phases/plan`,
    body: () => ({ date: '2027-05-03', note: 'Vi läser om formativ bedömning.' }),
  },
  { route: 'GET /api/suppressions', expected: adminOnly, path: () => '/api/suppressions' },
  // An administrator is let through, and told that the address is not suppressed.
  { route: 'DELETE /api/suppressions/{emailHash}', expected: [401, 401, 403, 403, 403, 404], path: () => `/api/suppressions/${'0'.repeat(64)}` },
  ...(['applications', 'participants', 'progress'] as const).map((kind) => ({
    route: `GET /api/programmes/{programmeId}/exports/${kind}.csv`,
    expected: unitHeadOrAdmin,
    path: () => `/api/programmes/${programmeId}/exports/${kind}.csv?unitId=${unitA}`,
  })),
  // A head writes to the participants of their own units: unit A's, here.
  { route: 'GET /api/programmes/{programmeId}/messages', expected: anyHeadOrAdmin, path: () => `/api/programmes/${programmeId}/messages` },
  {
    route: 'POST /api/programmes/{programmeId}/messages/preview',
    expected: unitHeadOrAdmin,
    path: () => `/api/programmes/${programmeId}/messages/preview`,
    body: () => ({ audience: 'participants', unitIds: [unitA], subject: 'Lokal', body: 'Seminariet är i sal B.' }),
  },
  {
    route: 'POST /api/programmes/{programmeId}/messages',
    expected: unitHeadOrAdmin,
    path: () => `/api/programmes/${programmeId}/messages`,
    body: () => ({ id: crypto.randomUUID(), audience: 'participants', unitIds: [unitA], subject: 'Lokal', body: 'Seminariet är i sal B.' }),
  },
  { route: 'POST /api/participants/{participantId}/leave', expected: adminOnly, path: (t) => `/api/participants/${t.applicationId}/leave`, fresh: true },
  // A participant who takes part is left as they are: the administrator's call answers 200.
  { route: 'POST /api/participants/{participantId}/rejoin', expected: adminOnly, path: (t) => `/api/participants/${t.applicationId}/rejoin`, onParticipant: true },
  { route: 'POST /api/applications/{applicationId}/erase', expected: adminOnly, path: (t) => `/api/applications/${t.applicationId}/erase`, fresh: true },
];

const callers: Who[] = ['anonymous', 'applicant', 'headOfA', 'headOfB', 'headOfNone', 'admin'];

let platform: TestPlatform;
let shared: Target;
let participant: Target;
let groupMembers: string[];

/** A participant of unit A, registered by an administrator: an application with its link. */
async function freshParticipant() {
  const email = `deltagare.${unique()}@example.se`;
  const { privacyNoticeRead: _privacyNoticeRead, ...answers } = applicationBody({ email });
  const token = await platform.tokenFor(adminEmail, ['admin']);
  const response = await platform.call('POST', `/api/programmes/${programmeId}/participants`, { token, body: answers });
  if (response.status !== 201) throw new Error(`register: ${response.status} ${JSON.stringify(response.body)}`);
  const link = privateLinkIn(await platform.mail(), email);
  return { applicationId: link.id, secret: link.secret };
}

/** A participant, and a learning group of two fresh participants of unit A. */
async function freshTarget(): Promise<Target> {
  const [target, first, second] = [await freshParticipant(), await freshParticipant(), await freshParticipant()];
  const token = await platform.tokenFor(adminEmail, ['admin']);
  const memberIds = [first.applicationId, second.applicationId];
  const group = await platform.call('POST', `/api/programmes/${programmeId}/groups`, { token, body: { name: 'Lärgrupp', facilitatorId: memberIds[0], memberIds } });
  if (group.status !== 201) throw new Error(`group: ${group.status} ${JSON.stringify(group.body)}`);
  return { ...target, groupId: group.body.id };
}

async function bearerFor(who: Who, target: Target): Promise<string | undefined> {
  switch (who) {
    case 'anonymous':
      return undefined;
    case 'applicant':
      return target.secret;
    case 'headOfA':
      return platform.tokenFor(heads.sylteskolan, ['head']);
    case 'headOfB':
      return platform.tokenFor(heads.solrosen, ['head']);
    case 'headOfNone':
      return platform.tokenFor('rektor.annanstans@example.se', ['head']);
    case 'admin':
      return platform.tokenFor(adminEmail, ['admin']);
  }
}

beforeAll(async () => {
  platform = await startTestPlatform();
  await platform.setClock(calendar.whileOpen);
  const token = await platform.tokenFor(adminEmail, ['admin']);
  const units = programmeBody().units.map((unit) => (unit.id === unitA ? { ...unit, seats: 500 } : unit));
  const created = await platform.call('POST', '/api/programmes', { token, body: programmeBody({ id: programmeId, units }) });
  expect(created.status).toBe(201);
  expect((await platform.call('POST', '/api/programmes', { token, body: programmeBody({ id: 'matrix-publish-2027' }) })).status).toBe(201);
  const applied = await platform.call('POST', `/api/programmes/${programmeId}/applications`, { body: applicationBody() });
  expect(applied.status).toBe(202);
  const link = privateLinkIn(await platform.mail(), applicationBody().email);
  const applicant = { applicationId: link.id, secret: link.secret };
  participant = await freshTarget();
  shared = { ...applicant, groupId: participant.groupId };
  groupMembers = (await platform.call('GET', `/api/programmes/${programmeId}/groups/${shared.groupId}`, { token })).body.memberIds;
  // Deciding needs a closed window; the rest does not mind.
  await platform.setClock(calendar.closes);
}, 120_000);

afterAll(async () => {
  await platform?.stop();
});

describe('who may do what', () => {
  it('has a row for every route in the route table', () => {
    expect(rows.map((row) => row.route).sort()).toEqual(routes.map(routeKey).sort());
  });

  for (const row of rows) {
    it(row.route, async () => {
      const [method] = row.route.split(' ') as [string];
      const outcomes: Record<string, string> = {};
      const expected: Record<string, string> = {};
      for (const [index, who] of callers.entries()) {
        const target = row.fresh ? await freshTarget() : row.onParticipant ? participant : shared;
        const token = await bearerFor(who, target);
        const response = await platform.call(method, row.path(target), {
          ...(token ? { token } : {}),
          ...(row.body ? { body: row.body() } : {}),
        });
        const want = row.expected[index]!;
        expected[who] = String(want);
        outcomes[who] =
          want === 'ok' ? ([401, 403, 404].includes(response.status) ? `refused ${response.status}` : 'ok') : String(response.status);
      }
      expect(outcomes).toEqual(expected);
    });
  }
});
