/**
 * The notification benchmark: the same notification run (one due notification, 20 watchers) with
 * a small and a large number of unrelated items in the table, a tenth of them notifications
 * pending in the due index for later years. A run Queries what is due, so the items it reads, and
 * its time, should not grow with the table: the ratio should be about 1. `npm run bench:notify`
 * runs it with 1,000 and 100,000 items; `npm run bench` with 1,000 and 10,000 (time).
 */
import { BatchWriteCommand, DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { Platform } from '#local/platform';
import * as keys from '#adapters/dynamodb/entities';
import { programmeBody } from '../../test/helpers/fixtures.ts';
import { createHash } from 'node:crypto';

export interface NotificationFigures {
  small: { items: number; itemsRead: number; milliseconds: number };
  large: { items: number; itemsRead: number; milliseconds: number };
  /** seconds spent writing the large table's extra items */
  fillSeconds: number;
}

/** Runs on the given platform (its clock is moved); the platform should send mail without a rate limit. */
export async function notificationBenchmark(platform: Platform, sizes: { small: number; large: number }): Promise<NotificationFigures> {
  const db = DynamoDBDocumentClient.from(
    new DynamoDBClient({ region: 'eu-north-1', endpoint: platform.dynamoDbEndpoint, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }),
  );
  const hash = (text: string) => createHash('sha256').update(text).digest('hex');

  async function call(method: string, path: string, body?: unknown, token?: string) {
    const response = await fetch(`${platform.url}${path}`, {
      method,
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: response.status, body: await response.json() };
  }

  // The token is issued on the platform's clock: set the clock first.
  await call('POST', '/_local/clock', { at: '2027-01-10T10:00:00+01:00' });
  const admin = (await call('POST', '/_local/token', { email: 'admin@example.se', groups: ['admin'] })).body.token;

  /** A programme whose window opens at `opensAt`, with 20 confirmed watchers. */
  async function programmeWithWatchers(id: string, opensAt: string) {
    const body = programmeBody({ id, window: { opensAt, closesAt: '2027-03-28T03:00:00+02:00' } });
    const created = await call('POST', '/api/programmes', body, admin);
    if (created.status !== 201) throw new Error(`programme: ${JSON.stringify(created.body)}`);
    const watchers = Array.from({ length: 20 }, (_, index) => {
      const email = `${id}.${index}@example.se`;
      return {
        ...keys.watcher(id, hash(email)),
        ...keys.watcherIndex(id, hash(email)),
        entity: 'Watcher',
        programmeId: id,
        email,
        emailHash: hash(email),
        status: 'confirmed',
        createdAt: '2027-01-10T09:00:00.000Z',
      };
    });
    await writeAll(watchers);
  }

  let filler = 0;
  /** Unrelated items: applications of other programmes, and notifications due in later years. */
  async function addUnrelated(count: number) {
    const items = Array.from({ length: count }, () => {
      const n = filler++;
      if (n % 10 === 0) {
        const dueAt = new Date(Date.UTC(2030 + (n % 7), n % 12, 1 + (n % 28), 7)).toISOString();
        return {
          ...keys.notification(`annan-${n}`, 'windowOpens#at'),
          ...keys.notificationDue(`annan-${n}`, 'windowOpens#at', dueAt),
          entity: 'Notification',
          status: 'pending',
          dueAt,
        };
      }
      return {
        ...keys.application(`fyllnad-${n}`),
        ...keys.applicationIndexes(`annan-${n % 50}`, 'skola', '2027-02-01T08:00:00.000Z', `fyllnad-${n}`),
        entity: 'Application',
      };
    });
    await writeAll(items);
  }

  async function writeAll(items: Record<string, unknown>[]) {
    const batches: Record<string, unknown>[][] = [];
    for (let index = 0; index < items.length; index += 25) batches.push(items.slice(index, index + 25));
    let next = 0;
    await Promise.all(
      Array.from({ length: 16 }, async () => {
        while (next < batches.length) {
          let requests: any = { [platform.tableName]: batches[next++]!.map((Item) => ({ PutRequest: { Item } })) };
          while (requests && Object.keys(requests).length > 0) {
            const result = await db.send(new BatchWriteCommand({ RequestItems: requests }));
            requests = result.UnprocessedItems;
          }
        }
      }),
    );
  }

  async function timedRun(at: string) {
    await call('POST', '/_local/clock', { at });
    const started = process.hrtime.bigint();
    const run = await call('POST', '/_local/notify', { at });
    const milliseconds = Number(process.hrtime.bigint() - started) / 1e6;
    if (run.body.sent !== 20) throw new Error(`expected 20 mails, got ${JSON.stringify(run.body)}`);
    return { itemsRead: run.body.itemsRead as number, milliseconds };
  }

  /** Warm-up runs are on 10–14 January, the small table's on 20–24, the large one's on 25–29. */
  const dayOf = (label: string, index: number) => String(({ warmup: 10, small: 20, large: 25 } as Record<string, number>)[label]! + index);

  /** Five runs, each at its own minute with its own programme; the median and the items read. */
  async function measure(label: string) {
    const runs = [];
    for (let index = 0; index < 5; index++) runs.push(await timedRun(`2027-01-${dayOf(label, index)}T08:00:00+01:00`));
    const times = runs.map((run) => run.milliseconds).sort((a, b) => a - b);
    return { itemsRead: Math.max(...runs.map((run) => run.itemsRead)), milliseconds: times[2]! };
  }

  for (let index = 0; index < 5; index++) {
    await programmeWithWatchers(`bench-warmup-${index}`, `2027-01-${dayOf('warmup', index)}T08:00:00+01:00`);
    await programmeWithWatchers(`bench-small-${index}`, `2027-01-${dayOf('small', index)}T08:00:00+01:00`);
    await programmeWithWatchers(`bench-large-${index}`, `2027-01-${dayOf('large', index)}T08:00:00+01:00`);
  }
  await addUnrelated(sizes.small);
  // Load the handler and warm the clients, the JIT and DynamoDB Local's JVM on the same path.
  await measure('warmup');
  const small = await measure('small');
  const started = Date.now();
  await addUnrelated(sizes.large - sizes.small);
  const fillSeconds = (Date.now() - started) / 1000;
  const large = await measure('large');
  return { small: { items: sizes.small, ...small }, large: { items: sizes.large, ...large }, fillSeconds };
}
