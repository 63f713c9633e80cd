/**
 * Handler cost: CPU time per warm invocation of each handler, its database and SES calls answered
 * in-process, so that the figure is ours alone (the chain, zod, the use case, and the SDK client's
 * own work for the calls we make). The SDK clients the handlers use get a middleware in front of
 * their serializer that answers from a small in-memory table: no socket is opened. The stand-in's
 * own time (finding and copying items) is measured apart and taken off.
 */
import { dynamo, ses } from '#adapters/clients';
import { originHeader } from '#http/origin';
import * as keys from '#adapters/dynamodb/entities';
import { routeKey, routes, type Route } from '#routes';
import { programmeBody, applicationBody } from '../../test/helpers/fixtures.ts';

export interface HandlerFigures {
  route: string;
  status: number;
  cpuMicroseconds: number;
}

type Item = Record<string, unknown>;

/** A programme open for applications, with applicants and participants, as the stores wrote them. */
function fixtureItems(): Item[] {
  const programme = {
    ...programmeBody({ id: 'bench', window: { opensAt: '2027-01-21T00:00:00+01:00', closesAt: '2027-03-28T03:00:00+02:00' } }),
    createdAt: '2027-01-10T09:00:00.000Z',
    updatedAt: '2027-01-10T09:00:00.000Z',
    version: 1,
  };
  const items: Item[] = [{ ...keys.programme('bench'), ...keys.programmeListing('2027-03-28T01:00:00.000Z', 'bench'), entity: 'Programme', ...programme }];
  for (let index = 0; index < 20; index++) {
    const id = `app${index}`;
    const unitId = index % 2 ? 'sylteskolan' : 'forskolan-solrosen';
    const { privacyNoticeRead: _privacyNoticeRead, ...answers } = applicationBody({ email: `a${index}@example.se`, unitId });
    items.push({
      ...keys.application(id),
      ...keys.applicationIndexes('bench', unitId, '2027-02-01T08:00:00.000Z', id),
      entity: 'Application',
      id, programmeId: 'bench', ...answers, privacyNoticeReadAt: '2027-02-01T08:00:00.000Z', status: 'submitted',
      createdAt: '2027-02-01T08:00:00.000Z', updatedAt: '2027-02-01T08:00:00.000Z', secretHash: '0'.repeat(64), revision: 1,
    });
    items.push({
      ...keys.participant(id), ...keys.participantIndexes('bench', unitId, id), entity: 'Participant',
      id, applicationId: id, programmeId: 'bench', unitId, name: answers.name, email: answers.email, role: answers.role, status: 'active', since: '2027-04-12T14:00:00.000Z', seat: 'unit',
    });
  }
  return items;
}

/**
 * Answers the commands from `items`: Get by key, Query by partition (and begins_with), writes
 * succeed. In front of the serializer the document client's values are still plain JavaScript.
 */
function answer(items: Item[], command: string, input: any): unknown {
  const values = input.ExpressionAttributeValues ?? {};
  const names = input.ExpressionAttributeNames ?? {};
  switch (command) {
    case 'GetItemCommand': {
      const found = items.find((item) => item.pk === input.Key.pk && item.sk === input.Key.sk);
      return found ? { Item: structuredClone(found) } : {};
    }
    case 'QueryCommand': {
      const match = /^(\S+) = (:\w+)(?: AND begins_with\((\S+), (:\w+)\))?/.exec(input.KeyConditionExpression);
      if (!match) return { Items: [], Count: 0 };
      const attribute = names[match[1]!] ?? match[1]!;
      const partition = values[match[2]!];
      const prefix = match[4] ? values[match[4]] : undefined;
      const found = items.filter((item) => item[attribute] === partition && (prefix === undefined || String(item.sk).startsWith(prefix)));
      return { Items: found.map((item) => structuredClone(item)), Count: found.length };
    }
    case 'SendEmailCommand':
      return { MessageId: 'bench' };
    default:
      return {};
  }
}

/** time spent in the stand-in, not in what is measured */
let standInNanoseconds = 0n;

function answerInProcess(items: Item[]): void {
  const middleware = (next: unknown, context: { commandName: string }) => async (args: { input: unknown }) => {
    const started = process.hrtime.bigint();
    const output = { $metadata: {}, ...(answer(items, context.commandName, args.input) as object) };
    standInNanoseconds += process.hrtime.bigint() - started;
    return { output, response: {} };
  };
  for (const client of [dynamo(), ses()]) {
    client.middlewareStack.add(middleware as never, { step: 'serialize', priority: 'high', name: 'benchAnswersInProcess' });
  }
}

function event(route: Route, pathParameters: Record<string, string>, body?: unknown, claims?: Record<string, string>) {
  return {
    version: '2.0',
    routeKey: routeKey(route),
    rawPath: route.path,
    rawQueryString: '',
    // as CloudFront sends it: the functions answer nothing without it
    headers: { 'content-type': 'application/json', [originHeader]: process.env.ORIGIN_SECRET ?? '' },
    queryStringParameters: {},
    requestContext: {
      http: { method: route.method, path: route.path },
      timeEpoch: Date.parse('2027-02-01T08:00:00Z'),
      requestId: 'bench',
      ...(claims ? { authorizer: { jwt: { claims, scopes: [] } } } : {}),
    },
    pathParameters,
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    isBase64Encoded: false,
  };
}

/** The calls measured: one per function group, a typical request of each. */
function cases() {
  const admin = { sub: 'admin', email: 'admin@example.se', 'cognito:groups': '[admin]' };
  const find = (key: string) => routes.find((route) => routeKey(route) === key)!;
  return [
    { group: 'health', route: find('GET /api/health'), params: {} },
    { group: 'programmes', route: find('GET /api/programmes/{programmeId}'), params: { programmeId: 'bench' } },
    { group: 'applications', route: find('POST /api/programmes/{programmeId}/applications'), params: { programmeId: 'bench' }, body: applicationBody({ email: 'ny@example.se' }) },
    { group: 'decisions', route: find('GET /api/programmes/{programmeId}/units/{unitId}/applications'), params: { programmeId: 'bench', unitId: 'sylteskolan' }, claims: admin },
    { group: 'decisionAdmin', route: find('GET /api/programmes/{programmeId}/overview'), params: { programmeId: 'bench' }, claims: admin },
    { group: 'participants', route: find('GET /api/programmes/{programmeId}/participants'), params: { programmeId: 'bench' }, claims: admin },
    { group: 'progress', route: find('GET /api/programmes/{programmeId}/progress'), params: { programmeId: 'bench' }, claims: admin },
    { group: 'exports', route: find('GET /api/programmes/{programmeId}/exports/participants.csv'), params: { programmeId: 'bench' }, claims: admin },
    { group: 'watchers', route: find('POST /api/programmes/{programmeId}/watchers'), params: { programmeId: 'bench' }, body: { email: 'bevakare@example.se' } },
    { group: 'feedback', route: find('GET /api/suppressions'), params: {}, claims: admin },
  ] as const;
}

export async function handlerBenchmark(iterations = 2000): Promise<HandlerFigures[]> {
  answerInProcess(fixtureItems());
  const figures: HandlerFigures[] = [];
  for (const testCase of cases()) {
    const module = await import(`../../lambdas/handlers/${testCase.group}.ts`);
    const request = event(testCase.route, testCase.params, 'body' in testCase ? testCase.body : undefined, 'claims' in testCase ? testCase.claims : undefined);
    const context = { awsRequestId: 'bench', getRemainingTimeInMillis: () => 10_000 };
    let status = 0;
    for (let warm = 0; warm < 200; warm++) status = (await module.handler(structuredClone(request), context)).statusCode;
    const requests = Array.from({ length: iterations }, () => structuredClone(request));
    standInNanoseconds = 0n;
    const before = process.cpuUsage();
    for (const each of requests) await module.handler(each, context);
    const used = process.cpuUsage(before);
    const standInMicroseconds = Number(standInNanoseconds / 1000n);
    figures.push({ route: routeKey(testCase.route), status, cpuMicroseconds: (used.user + used.system - standInMicroseconds) / iterations });
  }
  return figures;
}
