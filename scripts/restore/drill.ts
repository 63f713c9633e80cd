/**
 * The restore drill, against DynamoDB Local, in the steps docs/restore.md gives for AWS: the demo's
 * data in a table; every item exported (as DynamoDB's export writes them: one item's attribute
 * values per line); imported into a fresh table, which gets its TTL again; the platform started
 * on the restored table in a process of its own (as a deployment pointed at it would be, with
 * `existingTableName`); and the data's invariants checked on the restored table, and the pages'
 * answers compared with the original's.
 */
import { spawn } from 'node:child_process';
import { createWriteStream, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { BatchWriteItemCommand, DeleteTableCommand, ResourceNotFoundException, ScanCommand, type AttributeValue, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import * as keys from '#adapters/dynamodb/entities';
import { ensureTable, localDynamoDbClient, startDynamoDbLocal } from '#local/dynamodb';
import { freePort } from '#local/platform';
import { emailHash } from '#model/application';
import { seatLimits, type Programme } from '#model/programme';
import { plannedNotifications } from '#model/schedule';

type Item = Record<string, AttributeValue>;

export interface DrillReport {
  /** items per entity: in the original table, exported, and in the restored table */
  counts: { entity: string; original: number; restored: number }[];
  exported: number;
  imported: number;
  /** every invariant that does not hold, in words */
  broken: string[];
  /** answers of the restored platform that differ from the original's */
  differences: string[];
  timings: { step: string; ms: number }[];
}

export interface DrillOptions {
  /**
   * a DynamoDB Local already running (the drill's two tables in it are replaced), so that a test
   * starts one for several drills
   */
  dynamoDbEndpoint?: string;
  /** between the import and the checks: a test breaks the restored data, to see it caught */
  afterImport?: (client: DynamoDBClient, table: string) => Promise<void>;
}

export const originalTable = 'satsning';
export const restoredTable = 'satsning-aterstalld';

async function scanAll(client: DynamoDBClient, table: string): Promise<Item[]> {
  const items: Item[] = [];
  let start: Item | undefined;
  do {
    const page = await client.send(new ScanCommand({ TableName: table, ConsistentRead: true, ...(start ? { ExclusiveStartKey: start } : {}) }));
    items.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey;
  } while (start);
  return items;
}

/** The export: one item per line, its attribute values as DynamoDB writes them. */
async function exportTable(client: DynamoDBClient, table: string, file: string): Promise<number> {
  const out = createWriteStream(file);
  const items = await scanAll(client, table);
  for (const item of items) if (!out.write(`${JSON.stringify({ Item: item })}\n`)) await once(out, 'drain');
  out.end();
  await once(out, 'finish');
  return items.length;
}

/** The import: every line of the export into the fresh table, 25 to a batch, until none is left over. */
async function importTable(client: DynamoDBClient, table: string, file: string): Promise<number> {
  const items = readFileSync(file, 'utf8').split('\n').filter(Boolean).map((line) => (JSON.parse(line) as { Item: Item }).Item);
  for (let start = 0; start < items.length; start += 25) {
    let requests = { [table]: items.slice(start, start + 25).map((item) => ({ PutRequest: { Item: item } })) };
    for (let attempt = 0; requests[table]?.length; attempt++) {
      if (attempt > 10) throw new Error('import: DynamoDB kept items unprocessed');
      const { UnprocessedItems } = await client.send(new BatchWriteItemCommand({ RequestItems: requests }));
      requests = (UnprocessedItems ?? {}) as typeof requests;
    }
  }
  return items.length;
}

const countByEntity = (items: Record<string, unknown>[]) =>
  items.reduce((counts, item) => counts.set(String(item.entity ?? '(ingen)'), (counts.get(String(item.entity ?? '(ingen)')) ?? 0) + 1), new Map<string, number>());

/** What must hold of the data, whatever else changed: each broken one, in words. */
export function brokenInvariants(items: Record<string, any>[]): string[] {
  const broken: string[] = [];
  const byKey = new Map(items.map((item) => [`${item.pk}\n${item.sk}`, item]));
  const at = (key: { pk: string; sk: string }) => byKey.get(`${key.pk}\n${key.sk}`);
  const of = (entity: string) => items.filter((item) => item.entity === entity);
  const programmes = new Map<string, Programme>(of(keys.entity.programme).map((item) => [item.id, item as Programme]));

  // Applications ↔ e-mail guards: one guard per application that counts, each pointing back at it.
  for (const application of of(keys.entity.application)) {
    if (application.status !== 'submitted') continue;
    const guard = at(keys.applicantEmailGuard(application.programmeId, emailHash(application.email)));
    if (guard?.applicationId !== application.id) broken.push(`ansökan ${application.id} saknar sin e-postspärr`);
  }
  for (const guard of of(keys.entity.applicantEmail)) {
    const application = at(keys.application(guard.applicationId));
    if (!application || application.status !== 'submitted' || `PROGRAMME#${application.programmeId}` !== guard.pk.split('#APPLICANT#')[0]) {
      broken.push(`e-postspärren ${guard.pk} pekar inte på en inskickad ansökan`);
    }
  }
  // Seats: no counter above its limit, and the units' counters as many as their appointed.
  for (const counter of of(keys.entity.seatCounter)) {
    const programme = programmes.get(String(counter.pk).slice('PROGRAMME#'.length));
    if (!programme) {
      broken.push(`platsräknaren ${counter.pk} ${counter.sk} hör inte till någon satsning`);
      continue;
    }
    const limits = seatLimits(programme);
    const unitId = keys.unitOfSeatCounter(counter.sk);
    const limit = unitId ? limits.unit(unitId) : counter.sk === 'SEATS#POOL' ? limits.pool : limits.programme;
    if (counter.used < 0 || counter.used > limit) broken.push(`platsräknaren ${programme.id} ${counter.sk}: ${counter.used} av ${limit}`);
  }
  // Participants ↔ applications: each participant is an appointed application.
  for (const participant of of(keys.entity.participant)) {
    const application = at(keys.application(participant.applicationId));
    if (application?.decision?.value !== 'appoint') broken.push(`deltagaren ${participant.id} har ingen utsedd ansökan`);
  }
  // Schedule ↔ programmes: every item of a programme that exists and plans it, every planned one there.
  for (const notification of of(keys.entity.notification)) {
    const programme = programmes.get(notification.programmeId);
    if (!programme) broken.push(`utskicket ${notification.key} hör inte till någon satsning`);
    else if (notification.kind === 'message') {
      if (!at(keys.programmeMessage(programme.id, notification.ref))) broken.push(`utskicket ${notification.key} saknar sitt meddelande`);
    } else if (!plannedNotifications(programme).some((planned) => planned.key === notification.key)) {
      broken.push(`utskicket ${notification.key} planeras inte av ${programme.id}`);
    }
  }
  for (const programme of programmes.values()) {
    for (const planned of plannedNotifications(programme)) {
      if (!at(keys.notification(programme.id, planned.key))) broken.push(`${programme.id} saknar utskicket ${planned.key}`);
    }
  }
  return broken;
}

interface Served {
  url: string;
  stop(): Promise<void>;
}

/** The platform on a table, in a process of its own: its configuration is read once, as a function's. */
async function serve(endpoint: string, table: string, seed = false): Promise<Served> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'serve.ts')], {
    env: { ...process.env, DRILL_DYNAMODB_ENDPOINT: endpoint, DRILL_TABLE: table, DRILL_SEED: seed ? '1' : '0' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((done, fail) => {
    let output = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /^serving (\S+)$/m.exec(output);
      if (match) done(match[1]!);
    });
    child.once('exit', (code) => fail(new Error(`the platform on ${table} exited (${code})`)));
  });
  return {
    url,
    async stop() {
      const exited = once(child, 'exit');
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/** What a visitor and an administrator see: the programmes, and each one's overview and messages. */
async function answers(url: string, at: string): Promise<Record<string, unknown>> {
  // Both at the same instant: some answers say when they were made.
  await fetch(`${url}/_local/clock`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ at }) });
  const json = async (path: string, token?: string) => {
    const response = await fetch(`${url}${path}`, token ? { headers: { authorization: `Bearer ${token}` } } : {});
    return { status: response.status, body: await response.json() };
  };
  const { body: tokenBody } = await fetch(`${url}/_local/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'admin@example.se', groups: ['admin'] }),
  }).then(async (response) => ({ body: await response.json() }));
  const token = (tokenBody as { token: string }).token;
  const me = await json('/api/me', token);
  const seen: Record<string, unknown> = { programmes: await json('/api/programmes') };
  for (const programme of (me.body as { programmes: { id: string }[] }).programmes) {
    seen[`${programme.id} overview`] = await json(`/api/programmes/${programme.id}/overview`, token);
    seen[`${programme.id} messages`] = await json(`/api/programmes/${programme.id}/messages`, token);
    seen[`${programme.id} progress`] = await json(`/api/programmes/${programme.id}/progress`, token);
  }
  return seen;
}

/** A table that is not there is one fewer to remove. */
function unlessMissing(error: unknown): void {
  if (!(error instanceof ResourceNotFoundException)) throw error;
}

export async function runRestoreDrill(options: DrillOptions = {}): Promise<DrillReport> {
  const timings: DrillReport['timings'] = [];
  const timed = async <T>(step: string, run: () => Promise<T>): Promise<T> => {
    const started = performance.now();
    const result = await run();
    timings.push({ step, ms: Math.round(performance.now() - started) });
    return result;
  };
  const workDir = mkdtempSync(join(tmpdir(), 'satsning-restore-'));
  const dynamoDb = options.dynamoDbEndpoint ? { endpoint: options.dynamoDbEndpoint, stop: async () => {} } : await startDynamoDbLocal({ port: await freePort() });
  const client = localDynamoDbClient(dynamoDb.endpoint);
  let original: Served | undefined;
  let restored: Served | undefined;
  try {
    await client.send(new DeleteTableCommand({ TableName: originalTable })).catch(unlessMissing);
    original = await timed('demodata i originaltabellen', () => serve(dynamoDb.endpoint, originalTable, true));
    const file = join(workDir, 'export.jsonl');
    const exported = await timed('export', () => exportTable(client, originalTable, file));
    const imported = await timed('import till en ny tabell', async () => {
      await client.send(new DeleteTableCommand({ TableName: restoredTable })).catch(unlessMissing);
      await ensureTable(client, restoredTable);
      return importTable(client, restoredTable, file);
    });
    await options.afterImport?.(client, restoredTable);
    restored = await timed('plattformen på den återställda tabellen', () => serve(dynamoDb.endpoint, restoredTable));
    const [before, after] = await timed('kontroll', async () => [await scanAll(client, originalTable), await scanAll(client, restoredTable)]);
    const restoredItems = after!.map((item) => unmarshall(item));
    const originalCounts = countByEntity(before!.map((item) => unmarshall(item)));
    const restoredCounts = countByEntity(restoredItems);
    const entities = [...new Set([...originalCounts.keys(), ...restoredCounts.keys()])].sort();
    const broken = brokenInvariants(restoredItems);
    const at = new Date().toISOString();
    const [seenBefore, seenAfter] = await timed('sidornas svar jämförda', async () => [await answers(original!.url, at), await answers(restored!.url, at)]);
    const differences = Object.keys(seenBefore!).filter((key) => JSON.stringify(seenBefore![key]) !== JSON.stringify(seenAfter![key]));
    return {
      counts: entities.map((entity) => ({ entity, original: originalCounts.get(entity) ?? 0, restored: restoredCounts.get(entity) ?? 0 })),
      exported,
      imported,
      broken,
      differences,
      timings,
    };
  } finally {
    await restored?.stop();
    await original?.stop();
    client.destroy();
    await dynamoDb.stop();
  }
}
