/**
 * Hostile requests, generated with fast-check from the route table and the request bodies'
 * JSON Schemas in docs/api: every route, its method or another, path parameters that name
 * something or look like nothing, bodies near their schema or far from it, broken JSON, the wrong
 * content type, too large, no token, a forged one, a real one. Shared by the property-based test
 * (test/lambdas/hostile.test.ts) and `npm run fuzz` (scripts/fuzz.ts).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { routeKey, routes, type HttpMethod } from '#routes';
import { as, calendar, decide, heads, programmeWithApplicants } from './decisions.ts';
import type { TestPlatform } from './platform.ts';

interface JsonSchema {
  type?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  enum?: unknown[];
  const?: unknown;
  format?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  maxItems?: number;
}

export interface HostileRequest {
  method: HttpMethod;
  path: string;
  headers: Record<string, string>;
  body?: string;
}

/** What the generator may use that exists on the platform: ids by parameter name, and tokens. */
export interface Known {
  ids: Record<string, string[]>;
  tokens: string[];
}

/** A programme under way with two units, applicants, two participants in a group, and tokens of each kind. */
export async function hostileWorld(on: TestPlatform): Promise<Known> {
  const programmeId = 'fientlig-2027';
  const people = await programmeWithApplicants(on, programmeId, { sylteskolan: 3, 'forskolan-solrosen': 1 });
  for (const person of people.slice(0, 2)) await decide(on, heads.sylteskolan, person.id, 'appoint');
  await on.setClock(calendar.start);
  const group = await as(on, 'admin', 'POST', `/api/programmes/${programmeId}/groups`, { name: 'Grupp', facilitatorId: people[0]!.id, memberIds: [people[0]!.id, people[1]!.id] });
  const ids = people.map((person) => person.id);
  return {
    ids: {
      programmeId: [programmeId],
      unitId: ['sylteskolan', 'forskolan-solrosen'],
      applicationId: ids,
      participantId: ids,
      groupId: [group.body.id],
      milestoneId: ['modul-1'],
      cycle: ['1', '2'],
      phase: ['plan', 'try', 'evaluate', 'implement'],
      emailHash: ['0'.repeat(64)],
    },
    tokens: [
      await on.tokenFor('admin@example.se', ['admin']),
      await on.tokenFor(heads.sylteskolan, ['head']),
      await on.tokenFor('ingen@example.se', []),
      people[2]!.secret,
    ],
  };
}

const schemaDirectory = join(import.meta.dirname, '..', '..', 'docs', 'api');

/** The documented body of each route, by route key (a schema's title names one or more routes). */
export function documentedBodies(): Map<string, JsonSchema> {
  const bodies = new Map<string, JsonSchema>();
  for (const file of readdirSync(schemaDirectory).filter((name) => name.endsWith('.schema.json'))) {
    const schema = JSON.parse(readFileSync(join(schemaDirectory, file), 'utf8')) as JsonSchema & { title: string };
    for (const key of schema.title.split(', ')) bodies.set(key, schema);
  }
  return bodies;
}

const methods: HttpMethod[] = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];

/** Text an attacker types: markup, injection, control characters, odd Unicode, dates that are not. */
const typedText = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  fc.constantFrom(
    '',
    ' ',
    '<script>alert(1)</script>',
    "' OR '1'='1",
    '${7*7}',
    '../../etc/passwd',
    '\u0000',
    '\uD800',
    '\u202Eevil',
    '=HYPERLINK("x")',
    '__proto__',
    'NaN',
    'Infinity',
    '2027-13-45',
    '2027-02-30T10:00:00+01:00',
    '+275760-09-13T00:00:00Z',
    '0000-01-01T00:00:00Z',
    '9999-12-31T23:59:59Z',
    'a@b',
    `${'x'.repeat(300)}@example.se`,
  ),
  fc.integer({ min: 1, max: 4_000 }).map((length) => 'x'.repeat(length)),
);

/**
 * …and in a body, up to past the 64 KiB a body may have. (Headers and addresses stay under 8 KB:
 * beyond, API Gateway and Node's HTTP server refuse the request before any code of ours sees it.)
 */
const hostileText = fc.oneof({ weight: 9, arbitrary: typedText }, { weight: 1, arbitrary: fc.integer({ min: 1, max: 70_000 }).map((length) => 'x'.repeat(length)) });

/** Any JSON value at all, a little nested. */
const anyJson: fc.Arbitrary<unknown> = fc.oneof(
  hostileText,
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.oneof(hostileText, fc.integer()), { maxLength: 4 }),
  fc.dictionary(fc.oneof(hostileText, fc.constantFrom('__proto__', 'constructor')), fc.oneof(hostileText, fc.integer()), { maxKeys: 4 }),
);

/** A value near what `schema` asks for, or now and then anything at all. */
function near(schema: JsonSchema, depth = 0): fc.Arbitrary<unknown> {
  return fc.oneof({ weight: 5, arbitrary: shaped(schema, depth) }, { weight: 1, arbitrary: anyJson });
}

function shaped(schema: JsonSchema, depth: number): fc.Arbitrary<unknown> {
  if (schema.const !== undefined) return fc.constant(schema.const);
  if (schema.enum) return fc.constantFrom(...schema.enum);
  switch (schema.type) {
    case 'string':
      if (schema.format === 'date-time') {
        return fc.oneof(fc.date({ min: new Date('2020-01-01'), max: new Date('2035-01-01'), noInvalidDate: true }).map((date) => date.toISOString()), hostileText);
      }
      if (schema.format === 'date') {
        return fc.oneof(fc.date({ min: new Date('2020-01-01'), max: new Date('2035-01-01'), noInvalidDate: true }).map((date) => date.toISOString().slice(0, 10)), hostileText);
      }
      return fc.oneof(fc.string({ minLength: schema.minLength ?? 0, maxLength: Math.min(schema.maxLength ?? 50, 50) }), hostileText);
    case 'integer':
    case 'number':
      return fc.integer({ min: (schema.minimum ?? -1000) - 2, max: Math.min(schema.maximum ?? 1000, 100_000) + 2 });
    case 'boolean':
      return fc.boolean();
    case 'array':
      return depth > 3 ? fc.constant([]) : fc.array(near(schema.items ?? {}, depth + 1), { maxLength: Math.min((schema.maxItems ?? 4) + 1, 5) });
    case 'object': {
      if (depth > 3) return fc.constant({});
      const properties = Object.fromEntries(Object.entries(schema.properties ?? {}).map(([name, property]) => [name, near(property, depth + 1)]));
      // every field, or any of them (a required one missing)
      return fc.oneof(fc.record(properties), fc.record(properties, { requiredKeys: [] }));
    }
    default:
      return anyJson;
  }
}

/** The raw body: JSON of a value near the schema, or JSON that is not JSON, too large or too deep. */
function bodyFor(schema: JsonSchema | undefined): fc.Arbitrary<string | undefined> {
  return fc.oneof(
    { weight: 8, arbitrary: (schema ? near(schema) : anyJson).map((value) => JSON.stringify(value)) },
    { weight: 1, arbitrary: fc.constantFrom(undefined, '', '{', '{"a":', 'null', '[]', '"text"', '{"__proto__":{"isAdmin":true}}', '\u0000') },
    { weight: 1, arbitrary: fc.constantFrom(`{"x":"${'x'.repeat(66_000)}"}`, `${'['.repeat(5_000)}${']'.repeat(5_000)}`) },
  );
}

const contentTypes = fc.constantFrom(
  'application/json',
  'application/json',
  'application/json',
  'application/json; charset=utf-8',
  'text/plain',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  'application/xml',
  '',
);

/** A value for a path parameter: one that exists, or anything that could be typed in an address. */
function parameter(known: Known, name: string): fc.Arbitrary<string> {
  const real = known.ids[name] ?? [];
  return fc.oneof(
    { weight: real.length > 0 ? 4 : 0, arbitrary: real.length > 0 ? fc.constantFrom(...real) : fc.constant('x') },
    { weight: 2, arbitrary: fc.stringMatching(/^[A-Za-z0-9_-]{1,30}$/) },
    { weight: 2, arbitrary: typedText.filter((text) => text.length > 0) },
  );
}

function authorisation(known: Known): fc.Arbitrary<string | undefined> {
  return fc.oneof(
    fc.constant(undefined),
    fc.constantFrom(...known.tokens).map((token) => `Bearer ${token}`),
    fc.constantFrom('Bearer ', 'Bearer x.y.z', 'Basic YTpi', 'Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4IiwiY29nbml0bzpncm91cHMiOlsiYWRtaW4iXX0.'),
    // what a header can carry: visible ASCII (a client cannot send the rest)
    typedText.map((text) => `Bearer ${text.replace(/[^\x20-\x7e]/g, '?')}`),
  );
}

const queryString = fc.oneof(
  fc.constant(''),
  fc.constantFrom('?limit=10', '?limit=0', '?limit=-1', '?limit=1e9', '?limit=abc', '?cursor=xyz', '?cursor=', '?unitId=finns-inte', '?limit=5&cursor=eyJ4IjoxfQ', '?token=x'),
  fc.tuple(fc.constantFrom('limit', 'cursor', 'unitId', 'token'), typedText).map(([name, value]) => `?${name}=${percentEncoded(value)}`),
);

/** One hostile request against any route of the table (or a path near one). */
export function hostileRequest(known: Known): fc.Arbitrary<HostileRequest> {
  const bodies = documentedBodies();
  const perRoute = routes.map((route) => {
    const names = [...route.path.matchAll(/\{(\w+)\}/g)].map((match) => match[1]!);
    return fc
      .record({
        method: fc.oneof({ weight: 6, arbitrary: fc.constant(route.method) }, { weight: 1, arbitrary: fc.constantFrom(...methods) }),
        values: fc.tuple(...names.map((name) => parameter(known, name))),
        query: queryString,
        contentType: contentTypes,
        authorization: authorisation(known),
        body: bodyFor(bodies.get(routeKey(route))),
        suffix: fc.oneof({ weight: 9, arbitrary: fc.constant('') }, { weight: 1, arbitrary: fc.constantFrom('/', '/x', '%2F', '//') }),
      })
      .map(({ method, values, query, contentType, authorization, body, suffix }): HostileRequest => {
        let index = 0;
        const path = route.path.replace(/\{\w+\}/g, () => percentEncoded(values[index++]!));
        const withBody = method !== 'GET' && method !== 'DELETE' && body !== undefined;
        return {
          method,
          path: `${path}${suffix}${query}`,
          headers: { ...(contentType ? { 'content-type': contentType } : {}), ...(authorization ? { authorization } : {}) },
          ...(withBody ? { body } : {}),
        };
      });
  });
  return fc.oneof(...perRoute);
}

/** The text for an address; a lone surrogate, which encodeURIComponent refuses, as its UTF-8 replacement's bytes. */
function percentEncoded(text: string): string {
  try {
    return encodeURIComponent(text);
  } catch {
    return [...Buffer.from(text, 'utf8')].map((byte) => `%${byte.toString(16).padStart(2, '0')}`).join('');
  }
}

export interface Answer {
  status: number;
  contentType: string;
  text: string;
  ms: number;
}

export async function send(baseUrl: string, request: HostileRequest): Promise<Answer> {
  const started = performance.now();
  const response = await fetch(`${baseUrl}${request.path}`, {
    method: request.method,
    headers: request.headers,
    ...(request.body !== undefined ? { body: request.body } : {}),
  });
  const text = await response.text();
  return { status: response.status, contentType: response.headers.get('content-type') ?? '', text, ms: performance.now() - started };
}

/** What is wrong with an answer, if anything: a 5xx, or an error not in the API's one shape. */
export function faultOf(answer: Answer): string | undefined {
  if (answer.status >= 500) return `${answer.status}: ${answer.text.slice(0, 200)}`;
  if (answer.status < 400) return undefined;
  if (!answer.contentType.startsWith('application/json')) return `${answer.status} as ${answer.contentType || 'no content type'}`;
  let body: { error?: { code?: unknown; message?: unknown; fields?: unknown } };
  try {
    body = JSON.parse(answer.text);
  } catch {
    return `${answer.status} with a body that is not JSON`;
  }
  const error = body?.error;
  const fieldsOk =
    error?.fields === undefined ||
    (typeof error.fields === 'object' && error.fields !== null && Object.values(error.fields).every((message) => typeof message === 'string' && message.length > 0));
  if (typeof error?.code !== 'string' || !/^[A-Z_]+$/.test(error.code) || typeof error.message !== 'string' || !error.message || !fieldsOk) {
    return `${answer.status} not in the error shape: ${answer.text.slice(0, 200)}`;
  }
  return undefined;
}
