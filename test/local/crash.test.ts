/**
 * A crash of the database in the middle of applying and appointing: DynamoDB Local is killed
 * (SIGKILL) while requests are in flight, restarted on the same data, and what it holds then must
 * still keep every rule: an accepted application stored with its e-mail guard, no guard without
 * its application, one application per address, no unit or programme over its seats.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoDBDocumentClient, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { localDynamoDbClient, startDynamoDbLocal, type DynamoDbLocal } from '#local/dynamodb';
import { freePort } from '#local/platform';
import * as keys from '#adapters/dynamodb/entities';
import type { Partition } from '#adapters/dynamodb/entities';
import { partitionQuery } from '#adapters/dynamodb/operations';
import { applicationBody, programmeBody } from '../helpers/fixtures.ts';
import { startTestPlatform, type TestPlatform } from '../helpers/platform.ts';
import { as, heads, programmeWithApplicants, type Applicant } from '../helpers/decisions.ts';

const deciding = 'krasch-beslut';
const applying = 'krasch-ansokan';
const unitSeats = { sylteskolan: 8, 'forskolan-solrosen': 4 };

describe('a crash of the database in the middle of the load', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'satsning-crash-'));
  let port: number;
  let dynamoDb: DynamoDbLocal;
  let platform: TestPlatform;
  let applicants: Applicant[];

  beforeAll(async () => {
    port = await freePort();
    dynamoDb = await startDynamoDbLocal({ port, dataDir });
    platform = await startTestPlatform({ dynamoDbEndpoint: dynamoDb.endpoint });
    // One programme whose heads decide now, one open for applications now
    applicants = await programmeWithApplicants(platform, deciding, { sylteskolan: 12, 'forskolan-solrosen': 6 });
    const created = await as(platform, 'admin', 'POST', '/api/programmes', programmeBody({
      id: applying,
      window: { opensAt: '2027-03-01T00:00:00+01:00', closesAt: '2027-05-01T00:00:00+02:00' },
      decisionDeadline: '2027-05-10T16:00:00+02:00',
      period: { start: '2027-06-01', end: '2028-06-01' },
      milestones: [],
    }));
    expect(created.status).toBe(201);
    await platform.setClock('2027-04-01T10:00:00+02:00');
  }, 180_000);
  afterAll(async () => {
    await platform?.stop();
    await dynamoDb?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('loses nothing accepted and breaks no rule', { timeout: 120_000 }, async () => {
    // Prepare: applications (each address twice, at once) and every head appointing all their applicants
    const emails = Array.from({ length: 40 }, (_, index) => `krasch.${index}@example.se`);
    const apply = (email: string) => platform.call('POST', `/api/programmes/${applying}/applications`, { body: applicationBody({ email }) }).catch(() => ({ status: 0 }));
    const appoint = (person: Applicant) =>
      as(platform, person.unitId === 'sylteskolan' ? heads.sylteskolan : heads.solrosen, 'POST', `/api/applications/${person.id}/decision`, { decision: 'appoint' }).catch(() => ({ status: 0 }));
    const load = () => [...emails.flatMap((email) => [apply(email), apply(email)]), ...applicants.map(appoint)];

    // Act: a first wave; a second, with DynamoDB Local killed under it; restarted on its data
    const firstWave = load();
    const first = await Promise.all(firstWave);
    const second = load();
    await new Promise((done) => setTimeout(done, 60));
    await dynamoDb.kill();
    const secondAnswers = await Promise.all(second);
    dynamoDb = await startDynamoDbLocal({ port, dataDir });

    // Assess: the crash was felt; every address answered 202 before it has its application; the rules hold
    expect(secondAnswers.some((answer) => answer.status === 0 || answer.status >= 500)).toBe(true);
    const acceptedBefore = new Set(
      [...first, ...secondAnswers].flatMap((answer, index) => (answer.status === 202 ? [emails[Math.floor((index % firstWave.length) / 2)]!] : [])),
    );
    expect(acceptedBefore.size).toBeGreaterThan(0);
    const db = DynamoDBDocumentClient.from(localDynamoDbClient(dynamoDb.endpoint));
    try {
      expect(await brokenRules(db, platform.tableName, emails)).toEqual([]);
      const stored = await applicationsByEmail(db, platform.tableName);
      expect([...acceptedBefore].filter((email) => !stored.has(email))).toEqual([]);

      // Act: the platform comes back, and a third wave finds every rule still kept
      const third = await Promise.all(load());
      expect(third.filter((answer) => answer.status >= 500 || answer.status === 0)).toEqual([]);
      expect(await brokenRules(db, platform.tableName, emails)).toEqual([]);
      expect([...(await applicationsByEmail(db, platform.tableName)).keys()].sort()).toEqual([...emails].sort());
      // …and every seat taken once: the heads appointed more than there are
      const decided = await queryAll(db, platform.tableName, keys.programmeApplications(deciding));
      for (const [unitId, seats] of Object.entries(unitSeats)) {
        expect(decided.filter((application) => application.unitId === unitId && application.decision?.value === 'appoint')).toHaveLength(seats);
      }
    } finally {
      db.destroy();
    }
  });
});

/** The applications of the open programme, by address. */
async function applicationsByEmail(db: DynamoDBDocumentClient, tableName: string) {
  const byEmail = new Map<string, Record<string, any>[]>();
  for (const application of await queryAll(db, tableName, keys.programmeApplications(applying))) {
    byEmail.set(application.email, [...(byEmail.get(application.email) ?? []), application]);
  }
  return byEmail;
}

/** Every rule the stored data breaks, as text: nothing, if all hold. */
async function brokenRules(db: DynamoDBDocumentClient, tableName: string, emails: string[]): Promise<string[]> {
  const broken: string[] = [];
  const byEmail = await applicationsByEmail(db, tableName);
  for (const [email, list] of byEmail) if (list.length > 1) broken.push(`${email}: ${list.length} applications`);
  for (const email of emails) {
    const hash = createHash('sha256').update(email, 'utf8').digest('hex');
    const guard = (await db.send(new GetCommand({ TableName: tableName, Key: keys.applicantEmailGuard(applying, hash) }))).Item;
    const application = guard && (await db.send(new GetCommand({ TableName: tableName, Key: keys.application(guard.applicationId) }))).Item;
    if (guard && application?.email !== email) broken.push(`${email}: a guard without its application`);
    if (!guard && byEmail.has(email)) broken.push(`${email}: an application without its guard`);
  }
  const decided = await queryAll(db, tableName, keys.programmeApplications(deciding));
  const appointed = (unitId?: string) => decided.filter((application) => (!unitId || application.unitId === unitId) && application.decision?.value === 'appoint').length;
  const counter = async (scope: { unitId: string } | 'programme') => Number((await db.send(new GetCommand({ TableName: tableName, Key: keys.seatCounter(deciding, scope) }))).Item?.used ?? 0);
  for (const [unitId, seats] of Object.entries(unitSeats)) {
    if (appointed(unitId) > seats) broken.push(`${unitId}: ${appointed(unitId)} appointed, ${seats} seats`);
    if ((await counter({ unitId })) !== appointed(unitId)) broken.push(`${unitId}: the counter says ${await counter({ unitId })}, ${appointed(unitId)} appointed`);
  }
  if ((await counter('programme')) !== appointed()) broken.push(`the programme's counter says ${await counter('programme')}, ${appointed()} appointed`);
  return broken;
}

/** Every item of a partition, keys included (the invariants read the raw items). */
async function queryAll(db: DynamoDBDocumentClient, tableName: string, partition: Partition) {
  const items: Record<string, any>[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await db.send(new QueryCommand({ ...partitionQuery(tableName, partition), ExclusiveStartKey: start }));
    items.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey;
  } while (start);
  return items;
}
