/**
 * Participants' progress, learning groups, the overview's figures and the CSV exports, through real
 * HTTP against the local platform.
 */
import { BatchGetCommand, BatchWriteCommand, DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoParticipantBatchReader } from '#adapters/dynamodb/decisions';
import * as keys from '#adapters/dynamodb/entities';
import { parseCsv } from '#core/csv';
import { localDynamoDbClient } from '#local/dynamodb';
import { applicationBody, privateLinkIn, programmeBody } from '../helpers/fixtures.ts';
import { startTestPlatform, type TestPlatform } from '../helpers/platform.ts';
import { adminEmail, as, calendar, heads } from '../helpers/decisions.ts';

let platform: TestPlatform;

beforeAll(async () => {
  platform = await startTestPlatform();
}, 120_000);

afterAll(async () => {
  await platform?.stop();
});

const milestones = [
  { id: 'modul-1', title: 'Modul 1: Skolförbättring', kind: 'module', dueAt: '2027-05-31T16:00:00+02:00' },
  { id: 'cykel-1', title: 'Första lärcykeln', kind: 'learning_cycle', dueAt: '2027-09-30T16:00:00+02:00' },
  { id: 'seminarium', title: 'Seminarium', kind: 'seminar', dueAt: '2028-01-31T16:00:00+01:00' },
];
const thirdUnit = { id: 'kronogardsskolan', name: 'Kronogårdsskolan', kind: 'skola', seats: 4, head: { name: 'Per Holm', email: 'rektor.kronogarden@example.se' } };
/** the overview's clock: after the first two milestones' due dates, before the third */
const overviewAt = '2027-10-15T10:00:00+02:00';

async function newProgramme(id: string, overrides: Record<string, unknown> = {}) {
  await platform.setClock(calendar.whileOpen);
  const units = [...programmeBody().units, thirdUnit];
  const created = await as(platform, 'admin', 'POST', '/api/programmes', programmeBody({ id, milestones, units, ...overrides }));
  expect(created.status).toBe(201);
}

interface Person {
  id: string;
  secret: string;
}

/** A participant registered by an administrator, with their private link. */
async function register(programmeId: string, unitId: string, name: string): Promise<Person> {
  const email = `${name.toLowerCase().replace(/\W+/g, '.')}.${programmeId}@example.se`;
  const { privacyNoticeRead: _privacyNoticeRead, ...answers } = applicationBody({ email, unitId, name, role: unitId === 'forskolan-solrosen' ? 'förskollärare' : 'lärare' });
  const response = await as(platform, 'admin', 'POST', `/api/programmes/${programmeId}/participants`, answers);
  expect(response.status).toBe(201);
  const link = privateLinkIn(await platform.mail(), email);
  return { id: link.id, secret: link.secret };
}

function setAs(who: string | 'admin', person: Person, milestoneId: string, status: string) {
  return as(platform, who, 'PUT', `/api/participants/${person.id}/milestones/${milestoneId}`, { status });
}

function setOwn(person: Person, milestoneId: string, status: string) {
  return platform.call('PUT', `/api/applications/${person.id}/milestones/${milestoneId}`, { token: person.secret, body: { status } });
}

describe('who sets progress', () => {
  const programmeId = 'framsteg-ratt-2027';
  let anna: Person;
  let ella: Person;
  beforeAll(async () => {
    await newProgramme(programmeId);
    anna = await register(programmeId, 'sylteskolan', 'Anna Berg');
    ella = await register(programmeId, 'forskolan-solrosen', 'Ella Ek');
    await platform.setClock('2027-05-20T10:00:00+02:00');
  });

  it('lets a participant set their own through the private link, and records that they did', async () => {
    const response = await setOwn(anna, 'modul-1', 'in_progress');
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ milestoneId: 'modul-1', status: 'in_progress', by: 'deltagaren', at: '2027-05-20T08:00:00.000Z' });
    const own = await platform.call('GET', `/api/applications/${anna.id}/progress`, { token: anna.secret });
    expect(own.body.milestones.map((row: { status: string }) => row.status)).toEqual(['in_progress', 'not_started', 'not_started']);
  });

  it('refuses a participant who tries to excuse themselves, or to use someone else’s link', async () => {
    expect((await setOwn(anna, 'cykel-1', 'excused')).status).toBe(403);
    const wrongSecret = await platform.call('PUT', `/api/applications/${anna.id}/milestones/modul-1`, { token: ella.secret, body: { status: 'done' } });
    expect(wrongSecret.status).toBe(404);
  });

  it('lets the head of the unit and an administrator set any status, with their name on it', async () => {
    const head = await setAs(heads.sylteskolan, anna, 'cykel-1', 'excused');
    expect(head.status).toBe(200);
    expect(head.body).toMatchObject({ status: 'excused', by: heads.sylteskolan });
    const admin = await setAs('admin', ella, 'modul-1', 'done');
    expect(admin.body).toMatchObject({ status: 'done', by: adminEmail });
    // The participant cannot undo an excuse.
    expect((await setOwn(anna, 'cykel-1', 'done')).status).toBe(403);
  });

  it('refuses the head of another unit with 403, and says which milestone or participant is unknown with 404', async () => {
    const otherHead = await setAs(heads.solrosen, anna, 'modul-1', 'done');
    expect(otherHead.status).toBe(403);
    const unknownMilestone = await setAs(heads.sylteskolan, anna, 'modul-9', 'done');
    expect(unknownMilestone.status).toBe(404);
    expect(unknownMilestone.body.error.code).toBe('MILESTONE_NOT_FOUND');
    const unknownParticipant = await as(platform, 'admin', 'PUT', '/api/participants/finns-inte/milestones/modul-1', { status: 'done' });
    expect(unknownParticipant.status).toBe(404);
    expect(unknownParticipant.body.error.code).toBe('PARTICIPANT_NOT_FOUND');
  });

  it('answers 400 with a Swedish message per field for a status that does not exist', async () => {
    const response = await setAs('admin', anna, 'modul-1', 'klart');
    expect(response.status).toBe(400);
    expect(response.body.error.fields).toEqual({ status: 'Välj ett av: not_started, in_progress, done, excused.' });
    const extra = await as(platform, 'admin', 'PUT', `/api/participants/${anna.id}/milestones/modul-1`, { status: 'done', by: 'någon' });
    expect(extra.body.error.fields).toEqual({ by: 'Fältet är okänt.' });
  });

  it('keeps a participant who has left read-only, for them, their head and administrators', async () => {
    const before = (await platform.call('GET', `/api/applications/${ella.id}/progress`, { token: ella.secret })).body;
    expect((await as(platform, 'admin', 'POST', `/api/participants/${ella.id}/leave`)).status).toBe(200);
    for (const attempt of [setOwn(ella, 'modul-1', 'in_progress'), setAs('admin', ella, 'cykel-1', 'done'), setAs(heads.solrosen, ella, 'cykel-1', 'done')]) {
      const response = await attempt;
      expect(response.status).toBe(409);
      expect(response.body.error.code).toBe('PARTICIPANT_LEFT');
    }
    const after = (await platform.call('GET', `/api/applications/${ella.id}/progress`, { token: ella.secret })).body;
    expect(after.readOnly).toBe(true);
    expect(after.milestones).toEqual(before.milestones);
  });

  it('lets a participant who came back record progress again, with what they did before kept', async () => {
    // Prepare: Ella left (the test before); back from leave
    const before = (await platform.call('GET', `/api/applications/${ella.id}/progress`, { token: ella.secret })).body;
    expect(before.readOnly).toBe(true);
    // Act
    const rejoined = await as(platform, 'admin', 'POST', `/api/participants/${ella.id}/rejoin`);
    const own = await setOwn(ella, 'cykel-1', 'in_progress');
    // Assess
    expect(rejoined.status).toBe(200);
    expect(own.status).toBe(200);
    const after = (await platform.call('GET', `/api/applications/${ella.id}/progress`, { token: ella.secret })).body;
    expect(after.readOnly).toBe(false);
    const statuses = (view: { milestones: { milestoneId: string; status: string }[] }) => Object.fromEntries(view.milestones.map((row) => [row.milestoneId, row.status]));
    expect(statuses(after)).toEqual({ ...statuses(before), 'cykel-1': 'in_progress' });
  });
});

describe('learning groups', () => {
  const programmeId = 'largrupper-2027';
  let people: Person[];
  const groups = `/api/programmes/${programmeId}/groups`;
  beforeAll(async () => {
    await newProgramme(programmeId);
    people = [
      await register(programmeId, 'sylteskolan', 'Anna A'),
      await register(programmeId, 'sylteskolan', 'Bo B'),
      await register(programmeId, 'forskolan-solrosen', 'Cia C'),
      await register(programmeId, 'sylteskolan', 'Dan D'),
    ];
    await platform.setClock('2027-05-03T10:00:00+02:00');
  });

  it('lets a head make a group of their own unit, but not one with someone from another unit', async () => {
    const own = await as(platform, heads.sylteskolan, 'POST', groups, { name: 'Sylte 1', facilitatorId: people[0]!.id, memberIds: [people[0]!.id, people[1]!.id] });
    expect(own.status).toBe(201);
    expect(own.body.members.map((member: { name: string }) => member.name)).toEqual(['Anna A', 'Bo B']);
    const across = await as(platform, heads.sylteskolan, 'POST', groups, { name: 'Över gränsen', facilitatorId: people[3]!.id, memberIds: [people[3]!.id, people[2]!.id] });
    expect(across.status).toBe(403);
    expect((await as(platform, 'admin', 'DELETE', `${groups}/${own.body.id}`)).status).toBe(204);
  });

  it('keeps a participant in one group per programme, also when two groups are made at once', async () => {
    const attempts = await Promise.all(
      ['Grupp 1', 'Grupp 2', 'Grupp 3'].map((name) =>
        as(platform, 'admin', 'POST', groups, { name, facilitatorId: people[0]!.id, memberIds: [people[0]!.id, people[2]!.id] }),
      ),
    );
    expect(attempts.map((response) => response.status).sort()).toEqual([201, 409, 409]);
    const refused = attempts.find((response) => response.status === 409)!;
    expect(refused.body.error.code).toBe('ALREADY_IN_GROUP');
    const list = await as(platform, 'admin', 'GET', groups);
    expect(list.body.items).toHaveLength(1);
    // Deleting the group frees its members.
    const group = list.body.items[0];
    expect((await as(platform, 'admin', 'DELETE', `${groups}/${group.id}`)).status).toBe(204);
    const again = await as(platform, 'admin', 'POST', groups, { name: 'Igen', facilitatorId: people[2]!.id, memberIds: [people[0]!.id, people[2]!.id] });
    expect(again.status).toBe(201);
    expect((await as(platform, 'admin', 'DELETE', `${groups}/${again.body.id}`)).status).toBe(204);
  });

  it('answers 400 per field for a facilitator outside the group, an unknown member and a repeated one', async () => {
    const response = await as(platform, 'admin', 'POST', groups, {
      name: '',
      facilitatorId: people[3]!.id,
      memberIds: [people[0]!.id, 'finns-inte', people[0]!.id],
    });
    expect(response.status).toBe(400);
    expect(response.body.error.fields).toEqual({ name: 'Fyll i fältet.' });
    const members = await as(platform, 'admin', 'POST', groups, { name: 'G', facilitatorId: people[3]!.id, memberIds: [people[0]!.id, 'finns-inte', people[0]!.id] });
    expect(members.body.error.fields).toEqual({
      'memberIds.1': 'Deltagaren finns inte i satsningen.',
      'memberIds.2': 'Deltagaren finns redan i listan.',
      facilitatorId: 'Samtalsledaren måste vara en av gruppens deltagare.',
    });
  });

  it('runs cycles phase by phase, in order, and knows the current cycle and phase', async () => {
    const created = await as(platform, 'admin', 'POST', groups, { name: 'Tvärgrupp', facilitatorId: people[2]!.id, memberIds: [people[2]!.id, people[3]!.id] });
    const phase = (cycle: number, name: string, date: string, who: string | 'admin' = 'admin') =>
      as(platform, who, 'PUT', `${groups}/${created.body.id}/cycles/${cycle}/phases/${name}`, { date, note: `Anteckning ${cycle} ${name}` });
    expect((await phase(1, 'try', '2027-05-03')).body.error.code).toBe('PHASE_OUT_OF_ORDER');
    expect((await phase(1, 'plan', '2027-05-03')).body.current).toEqual({ cycle: 1, phase: 'plan', date: '2027-05-03' });
    expect((await phase(2, 'plan', '2027-05-04')).status).toBe(409);
    // Either head of a member's unit may note a phase.
    expect((await phase(1, 'try', '2027-05-10', heads.solrosen)).status).toBe(200);
    expect((await phase(1, 'evaluate', '2027-05-01')).body.error.fields).toEqual({ date: 'Datumet kan inte vara före föregående fas.' });
    expect((await phase(1, 'evaluate', '2027-05-17', heads.sylteskolan)).status).toBe(200);
    expect((await phase(1, 'implement', '2027-05-24')).status).toBe(200);
    const second = await phase(2, 'plan', '2027-08-20');
    expect(second.status).toBe(200);
    expect(second.body.current).toEqual({ cycle: 2, phase: 'plan', date: '2027-08-20' });
    expect(second.body.cycles[0].phases.try).toMatchObject({ date: '2027-05-10', note: 'Anteckning 1 try', by: heads.solrosen });
    const badPath = await as(platform, 'admin', 'PUT', `${groups}/${created.body.id}/cycles/noll/phases/reflektera`, { date: '2027-08-20', note: 'x' });
    expect(badPath.status).toBe(400);
    expect(Object.keys(badPath.body.error.fields).sort()).toEqual(['cycle', 'phase']);
    expect((await as(platform, 'admin', 'PUT', `${groups}/saknas/cycles/1/phases/plan`, { date: '2027-08-20', note: 'x' })).status).toBe(404);
  });

  it('shows a participant their own group through the private link: members by name and unit, the facilitator, the current phase', async () => {
    // Prepare: a group of three from two units, its first phase noted; then, after the start, Jon leaves
    const hedda = await register(programmeId, 'kronogardsskolan', 'Hedda H');
    const ivar = await register(programmeId, 'forskolan-solrosen', 'Ivar I');
    const jon = await register(programmeId, 'kronogardsskolan', 'Jon J');
    const alone = await register(programmeId, 'kronogardsskolan', 'Kim Utan Grupp');
    const created = await as(platform, 'admin', 'POST', groups, { name: 'Egen grupp', facilitatorId: ivar.id, memberIds: [hedda.id, ivar.id, jon.id] });
    expect(created.status).toBe(201);
    expect((await as(platform, heads.solrosen, 'PUT', `${groups}/${created.body.id}/cycles/1/phases/plan`, { date: '2027-05-03', note: 'Läsa om formativ bedömning' })).status).toBe(200);
    expect((await as(platform, 'admin', 'POST', `/api/participants/${jon.id}/leave`)).status).toBe(200);
    const own = (person: Person) => platform.call('GET', `/api/applications/${person.id}/progress`, { token: person.secret });

    // Act
    const [forHedda, forJon, forKim] = await Promise.all([own(hedda), own(jon), own(alone)]);

    // Assess: no addresses and no notes; one who left is not listed to the others, but sees themselves
    expect(forHedda.status).toBe(200);
    expect(forHedda.body.group).toEqual({
      name: 'Egen grupp',
      members: [
        { name: 'Hedda H', unitName: 'Kronogårdsskolan', facilitator: false, you: true },
        { name: 'Ivar I', unitName: 'Förskolan Solrosen', facilitator: true, you: false },
      ],
      current: { cycle: 1, phase: 'plan', date: '2027-05-03' },
    });
    expect(forJon.body.group.members.map((member: { name: string; you: boolean }) => [member.name, member.you])).toEqual([
      ['Hedda H', false],
      ['Ivar I', false],
      ['Jon J', true],
    ]);
    expect(forKim.body.group).toBeNull();
    expect((await platform.call('GET', `/api/applications/${hedda.id}/progress`, { token: jon.secret })).status).toBe(404);
  });

  it('erases a participant’s progress and group membership with the application', async () => {
    const erased = await register(programmeId, 'sylteskolan', 'Eva Raderas');
    const stays = await register(programmeId, 'sylteskolan', 'Frans Stannar');
    const third = await register(programmeId, 'sylteskolan', 'Gun Gruppen');
    expect((await setOwn(erased, 'modul-1', 'done')).status).toBe(200);
    const group = await as(platform, 'admin', 'POST', groups, { name: 'Raderingsgruppen', facilitatorId: erased.id, memberIds: [erased.id, stays.id, third.id] });
    expect(group.status).toBe(201);
    expect((await as(platform, 'admin', 'POST', `/api/applications/${erased.id}/erase`)).status).toBe(204);
    const after = await as(platform, 'admin', 'GET', `${groups}/${group.body.id}`);
    expect(after.body.memberIds).toEqual([stays.id, third.id]);
    expect(after.body.facilitatorId).toBe(stays.id);
    const unit = await as(platform, 'admin', 'GET', `/api/programmes/${programmeId}/units/sylteskolan/progress`);
    expect(unit.body.participants.map((row: { name: string }) => row.name)).not.toContain('Eva Raderas');
    const csv = await as(platform, 'admin', 'GET', `/api/programmes/${programmeId}/exports/progress.csv`);
    expect(csv.body).not.toContain('Eva Raderas');
    expect(csv.body).not.toContain(erased.id);
  });

  it('refuses a change made on an old version of the group', async () => {
    const created = await as(platform, 'admin', 'POST', groups, { name: 'Versioner', facilitatorId: people[0]!.id, memberIds: [people[0]!.id, people[1]!.id] });
    const body = { name: 'Versioner 2', facilitatorId: people[1]!.id, memberIds: [people[0]!.id, people[1]!.id], version: 1 };
    expect((await as(platform, 'admin', 'PUT', `${groups}/${created.body.id}`, body)).status).toBe(200);
    const stale = await as(platform, 'admin', 'PUT', `${groups}/${created.body.id}`, { ...body, name: 'Versioner 3' });
    expect(stale.status).toBe(409);
    expect(stale.body.error.code).toBe('GROUP_CHANGED');
  });
});

describe('reading a learning group’s members at once', () => {
  const participantItem = (id: string) => ({
    ...keys.participant(id), ...keys.participantIndexes('batch-2027', 'sylteskolan', id), entity: 'Participant',
    id, applicationId: id, programmeId: 'batch-2027', unitId: 'sylteskolan', name: `Deltagare ${id}`, email: `${id}@example.se`,
    role: 'lärare', status: 'active', since: '2027-04-12T14:00:00.000Z', seat: 'unit',
  });

  it('finds them in DynamoDB in the order asked, more than one batch of keys, repeats and unknown ids included', async () => {
    // Prepare: three participants in the table, asked for among 127 ids that are not
    const db = DynamoDBDocumentClient.from(localDynamoDbClient(platform.dynamoDbEndpoint));
    await db.send(new BatchWriteCommand({ RequestItems: { [platform.tableName]: ['b1', 'b2', 'b3'].map((id) => ({ PutRequest: { Item: participantItem(id) } })) } }));
    const unknown = Array.from({ length: 127 }, (_, index) => `saknas-${index}`);
    const asked = ['b3', 'b1', 'b3', ...unknown, 'b2'];

    // Act
    const found = await new DynamoParticipantBatchReader(db, platform.tableName).participantsById(asked);

    // Assess
    expect(found).toHaveLength(asked.length);
    expect(found.map((participant, index) => (participant ? `${asked[index]}=${participant.id}` : undefined)).filter(Boolean)).toEqual(['b3=b3', 'b1=b1', 'b3=b3', 'b2=b2']);
    expect(found.find(Boolean)).toMatchObject({ name: 'Deltagare b3', unitId: 'sylteskolan', status: 'active' });
    expect(found.find(Boolean)).not.toHaveProperty('pk');
  });

  it('asks again for the keys DynamoDB leaves unprocessed, and fails rather than leave members out', async () => {
    // Prepare: a client whose table is throttled (DynamoDB Local never leaves keys unprocessed)
    const table = 'satsning';
    const asked: string[][] = [];
    const throttled = (unprocessedRounds: number) => ({
      send: async (command: BatchGetCommand) => {
        const keysAsked = command.input.RequestItems![table]!.Keys! as { pk: string; sk: string }[];
        asked.push(keysAsked.map((key) => key.pk));
        // Each round answers the first key asked and leaves the rest unprocessed
        const [first, ...rest] = keysAsked;
        const left = asked.length <= unprocessedRounds ? rest : [];
        const answered = asked.length <= unprocessedRounds ? [first!] : keysAsked;
        return {
          Responses: { [table]: answered.map((key) => participantItem(key.pk.replace(/^[A-Z]+#/, ''))) },
          ...(left.length ? { UnprocessedKeys: { [table]: { Keys: left } } } : {}),
        };
      },
    }) as unknown as DynamoDBDocumentClient;
    const noPause = async () => {};

    // Act
    const found = await new DynamoParticipantBatchReader(throttled(2), table, noPause).participantsById(['b1', 'b2', 'b3', 'b4']);
    const roundsAsked = asked.splice(0);
    const failure = await new DynamoParticipantBatchReader(throttled(Infinity), table, noPause).participantsById(['b1', 'b2', 'b3', 'b4', 'b5', 'b6', 'b7']).catch((error: Error) => error);

    // Assess: only what was left is asked again, until every member is found or five attempts failed
    expect(found.map((participant) => participant?.id)).toEqual(['b1', 'b2', 'b3', 'b4']);
    expect(roundsAsked).toEqual([
      [keys.participant('b1').pk, keys.participant('b2').pk, keys.participant('b3').pk, keys.participant('b4').pk],
      [keys.participant('b2').pk, keys.participant('b3').pk, keys.participant('b4').pk],
      [keys.participant('b3').pk, keys.participant('b4').pk],
    ]);
    expect(failure).toBeInstanceOf(Error);
    expect(asked).toHaveLength(5);
  });
});

describe('the overview', () => {
  const programmeId = 'oversikt-2027';
  let p: Record<string, Person>;
  beforeAll(async () => {
    await newProgramme(programmeId);
    p = {};
    for (const [key, unit, name] of [
      ['a1', 'sylteskolan', 'Astrid Al'],
      ['a2', 'sylteskolan', 'Axel Ask'],
      ['a3', 'sylteskolan', 'Alma Asp'],
      ['b1', 'forskolan-solrosen', 'Berit Björk'],
      ['b2', 'forskolan-solrosen', 'Bengt Bok'],
      ['c1', 'kronogardsskolan', 'Cecilia Ceder'],
    ] as const) {
      p[key] = await register(programmeId, unit, name);
    }
    await platform.setClock('2027-06-01T10:00:00+02:00');
    for (const [key, milestone, status] of [
      ['a1', 'modul-1', 'done'],
      ['a1', 'cykel-1', 'done'],
      ['a2', 'modul-1', 'done'],
      ['a2', 'cykel-1', 'in_progress'],
      ['a3', 'modul-1', 'excused'],
      ['b1', 'modul-1', 'in_progress'],
      ['c1', 'modul-1', 'done'],
    ] as const) {
      expect((await setAs('admin', p[key]!, milestone, status)).status).toBe(200);
    }
    expect((await as(platform, 'admin', 'POST', `/api/participants/${p.c1!.id}/leave`)).status).toBe(200);
    const groups = `/api/programmes/${programmeId}/groups`;
    const g1 = await as(platform, 'admin', 'POST', groups, { name: 'Lärgrupp Norr', facilitatorId: p.a1!.id, memberIds: [p.a1!.id, p.b1!.id] });
    for (const [cycle, phase, date] of [[1, 'plan', '2027-06-01'], [1, 'try', '2027-06-08'], [1, 'evaluate', '2027-06-10'], [1, 'implement', '2027-06-14'], [2, 'plan', '2027-08-23']] as const) {
      expect((await as(platform, 'admin', 'PUT', `${groups}/${g1.body.id}/cycles/${cycle}/phases/${phase}`, { date, note: 'Kort anteckning.' })).status).toBe(200);
    }
    expect((await as(platform, 'admin', 'POST', groups, { name: 'Lärgrupp Syd', facilitatorId: p.a3!.id, memberIds: [p.a2!.id, p.a3!.id] })).status).toBe(201);
    await platform.setClock(overviewAt);
  });

  it('gives each unit’s and the programme’s figures as computed by hand', async () => {
    const response = await as(platform, 'admin', 'GET', `/api/programmes/${programmeId}/progress`);
    expect(response.status).toBe(200);
    const figures = (participants: number, left: number, expected: number, done: number, inProgress: number, notStarted: number, excused: number, overdue: number, doneShare: number | null) =>
      ({ participants, left, expected, done, inProgress, notStarted, excused, overdue, doneShare });
    // A: 3 × 3 = 9 expected, 1 excused; overdue: a2's cycle (in progress) and a3's cycle (not started).
    // B: 2 × 3 = 6; overdue: the first two milestones of both. C: the only participant has left.
    expect(response.body.units.map((unit: { id: string }) => unit.id)).toEqual(['sylteskolan', 'forskolan-solrosen', 'kronogardsskolan']);
    const [a, b, c] = response.body.units;
    expect(a).toMatchObject(figures(3, 0, 9, 3, 1, 4, 1, 2, 3 / 8));
    expect(b).toMatchObject(figures(2, 0, 6, 0, 1, 5, 0, 4, 0));
    expect(c).toMatchObject(figures(0, 1, 0, 0, 0, 0, 0, 0, null));
    expect(response.body.totals).toEqual(figures(5, 1, 15, 3, 2, 9, 1, 6, 3 / 14));
    expect(response.body.milestones.map((m: { id: string; done: number; overdue: number }) => [m.id, m.done, m.overdue])).toEqual([
      ['modul-1', 2, 2],
      ['cykel-1', 1, 4],
      ['seminarium', 0, 0],
    ]);
    expect(response.body.groups.map((g: { name: string; members: number; units: { id: string; name: string }[]; facilitator: { name: string }; current: unknown }) => [g.name, g.members, g.units, g.facilitator.name, g.current])).toEqual([
      ['Lärgrupp Norr', 2, [{ id: 'sylteskolan', name: 'Sylteskolan' }, { id: 'forskolan-solrosen', name: 'Förskolan Solrosen' }], 'Astrid Al', { cycle: 2, phase: 'plan', date: '2027-08-23' }],
      ['Lärgrupp Syd', 2, [{ id: 'sylteskolan', name: 'Sylteskolan' }], 'Alma Asp', null],
    ]);
  });

  it('gives a head their unit person by person, with the groups their people are in', async () => {
    const response = await as(platform, heads.sylteskolan, 'GET', `/api/programmes/${programmeId}/units/sylteskolan/progress`);
    expect(response.status).toBe(200);
    expect(response.body.totals).toMatchObject({ participants: 3, done: 3, overdue: 2 });
    const rows = Object.fromEntries(response.body.participants.map((row: { name: string; done: number; overdue: number; group: { name: string } | null }) => [row.name, [row.done, row.overdue, row.group?.name ?? null]]));
    expect(rows).toEqual({ 'Astrid Al': [2, 0, 'Lärgrupp Norr'], 'Axel Ask': [1, 1, 'Lärgrupp Syd'], 'Alma Asp': [0, 1, 'Lärgrupp Syd'] });
    expect(response.body.groups.map((group: { name: string }) => group.name)).toEqual(['Lärgrupp Norr', 'Lärgrupp Syd']);
    expect((await as(platform, heads.solrosen, 'GET', `/api/programmes/${programmeId}/units/sylteskolan/progress`)).status).toBe(403);
    expect((await as(platform, heads.sylteskolan, 'GET', `/api/programmes/${programmeId}/progress`)).status).toBe(403);
  });

  it('exports the participants as CSV for Excel, which reads back cell by cell', async () => {
    const token = await platform.tokenFor(adminEmail, ['admin']);
    const response = await fetch(`${platform.url}/api/programmes/${programmeId}/exports/participants.csv`, { headers: { authorization: `Bearer ${token}` } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(response.headers.get('content-disposition')).toBe('attachment; filename="oversikt-2027-deltagare.csv"');
    const bytes = new Uint8Array(await response.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);
    expect(text.split('\r\n')[0]).toBe('\uFEFFDeltagare;Namn;E-post;Enhet;Roll;Status;Deltar sedan;Lämnade;Plats;Lärgrupp;Klara delmoment;Försenade delmoment');
    const [header, ...rows] = parseCsv(text);
    expect(header).toHaveLength(12);
    expect(rows).toHaveLength(6);
    const byName = new Map(rows.map((row) => [row[1], row]));
    expect(byName.get('Astrid Al')).toEqual([
      p.a1!.id, 'Astrid Al', 'astrid.al.oversikt-2027@example.se', 'Sylteskolan', 'Lärare', 'Deltar',
      '2027-02-01 09:00', '', 'Enhetens plats', 'Lärgrupp Norr', '2', '0',
    ]);
    expect(byName.get('Cecilia Ceder')).toEqual([
      p.c1!.id, 'Cecilia Ceder', 'cecilia.ceder.oversikt-2027@example.se', 'Kronogårdsskolan', 'Lärare', 'Har lämnat',
      '2027-02-01 09:00', '2027-06-01 10:00', 'Enhetens plats', '', '1', '0',
    ]);
  });

  it('exports a head’s own units only, and progress as one row per participant and milestone', async () => {
    const token = await platform.tokenFor(heads.solrosen, ['head']);
    const response = await fetch(`${platform.url}/api/programmes/${programmeId}/exports/progress.csv`, { headers: { authorization: `Bearer ${token}` } });
    expect(response.status).toBe(200);
    const rows = parseCsv(await response.text()).slice(1);
    expect(rows.map((row) => [row[1], row[3], row[5], row[8]])).toEqual(
      [p.b1!.id, p.b2!.id].sort().flatMap((id) => {
        const name = id === p.b1!.id ? 'Berit Björk' : 'Bengt Bok';
        const first = id === p.b1!.id ? 'Pågår' : 'Ej påbörjat';
        return [
          [name, 'Modul 1: Skolförbättring', first, 'Ja'],
          [name, 'Första lärcykeln', 'Ej påbörjat', 'Ja'],
          [name, 'Seminarium', 'Ej påbörjat', 'Nej'],
        ];
      }),
    );
    const berit = rows.find((row) => row[1] === 'Berit Björk' && row[3] === 'Modul 1: Skolförbättring')!;
    expect([berit[4], berit[6], berit[7]]).toEqual(['2027-05-31 16:00', '2027-06-01 10:00', adminEmail]);
    const notTheirs = await fetch(`${platform.url}/api/programmes/${programmeId}/exports/progress.csv?unitId=sylteskolan`, { headers: { authorization: `Bearer ${token}` } });
    expect(notTheirs.status).toBe(403);
  });
});

describe('exports at scale', () => {
  const programmeId = 'export-5000-2027';
  const count = 5000;
  beforeAll(async () => {
    await newProgramme(programmeId, { seats: 100_000 });
    // 5,000 participants straight into the table, in the stores' own item shape: setting them up
    // through the API would take minutes and test nothing more.
    const db = DynamoDBDocumentClient.from(localDynamoDbClient(platform.dynamoDbEndpoint));
    const units = ['sylteskolan', 'forskolan-solrosen', 'kronogardsskolan'];
    const items = Array.from({ length: count }, (_, index) => {
      const id = `p${String(index).padStart(5, '0')}`;
      const unitId = units[index % 3]!;
      const participant = {
        id, applicationId: id, programmeId, unitId, name: `Deltagare ${index}; "nr" ${index}`, email: `d${index}@example.se`,
        role: 'lärare', status: 'active', since: '2027-04-12T14:00:00.000Z', seat: 'unit',
      };
      return { ...keys.participant(id), ...keys.participantIndexes(programmeId, unitId, id), entity: 'Participant', ...participant };
    });
    const progress = items.filter((_, index) => index % 2 === 0).map((item) => {
      const record = { participantId: item.id, programmeId, unitId: item.unitId, milestoneId: 'modul-1', status: 'done', at: '2027-05-10T07:30:00.000Z', by: adminEmail };
      return { ...keys.progress(item.id, 'modul-1'), ...keys.progressIndexes(programmeId, item.unitId, item.id, 'modul-1'), entity: 'Progress', ...record };
    });
    const all = [...items, ...progress];
    const batches = Array.from({ length: Math.ceil(all.length / 25) }, (_, index) => all.slice(index * 25, index * 25 + 25));
    let next = 0;
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        while (next < batches.length) {
          let requests: any = { [platform.tableName]: batches[next++]!.map((Item) => ({ PutRequest: { Item } })) };
          while (requests && Object.keys(requests).length > 0) requests = (await db.send(new BatchWriteCommand({ RequestItems: requests }))).UnprocessedItems;
        }
      }),
    );
    await platform.setClock(overviewAt);
  }, 180_000);

  async function download(kind: string, query = '') {
    const token = await platform.tokenFor(adminEmail, ['admin']);
    const response = await fetch(`${platform.url}/api/programmes/${programmeId}/exports/${kind}.csv${query}`, { headers: { authorization: `Bearer ${token}` } });
    expect(response.status).toBe(200);
    return { text: await response.text(), link: response.headers.get('link'), rows: Number(response.headers.get('x-row-count')) };
  }

  it('exports 5,000 participants in one file, each exactly once', async () => {
    const { text, link, rows } = await download('participants');
    expect(link).toBeNull();
    expect(rows).toBe(count);
    const parsed = parseCsv(text).slice(1);
    expect(parsed).toHaveLength(count);
    expect(new Set(parsed.map((row) => row[0])).size).toBe(count);
    const row = parsed.find((cells) => cells[0] === 'p00042')!;
    expect(row.slice(0, 4)).toEqual(['p00042', 'Deltagare 42; "nr" 42', 'd42@example.se', 'Sylteskolan']);
    // Even numbers have the first milestone done; the second is overdue for all, the first for odd ones.
    expect(row.slice(10)).toEqual(['1', '1']);
    expect(parsed.find((cells) => cells[0] === 'p00043')!.slice(10)).toEqual(['0', '2']);
  }, 60_000);

  /** Every part of an export, following the Link header from the first. */
  async function allParts(kind: string, query: string) {
    const rows: string[][] = [];
    let parts = 0;
    for (let next: string | null = query; next !== null; parts++) {
      const part = await download(kind, next);
      rows.push(...parseCsv(part.text).slice(1));
      next = part.link ? `?${/<[^?]*\?([^>]*)>; rel="next"/.exec(part.link)![1]}` : null;
    }
    return { rows, parts };
  }

  it('exports in parts of at most the limit that join to the whole, following the Link header', async () => {
    const whole = await allParts('progress', '');
    expect(whole.parts).toBe(2);
    expect(whole.rows).toHaveLength(count * milestones.length);
    expect(new Set(whole.rows.map((row) => `${row[0]}#${row[3]}`)).size).toBe(count * milestones.length);
    const small = await allParts('progress', '?limit=4000');
    expect(small.parts).toBe(4);
    expect(small.rows).toEqual(whole.rows);
  }, 60_000);
});
