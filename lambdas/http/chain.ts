/**
 * The middy chain every route runs through: who is calling (401/403), body size (413), content
 * type (415), JSON (400 INVALID_JSON), zod validation (400 with per-field Swedish messages), then
 * the use case, then one JSON response shape. Handlers only declare schemas and call a use case.
 */
import middy, { type MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import * as z from 'zod/mini';
import { swedishFieldMessage } from '#text/sv';
import { errorBody, HttpError, toErrorReply, validationError } from '#http/errors';
import { routeKey, type Group, type PathParameters, type Route } from '#routes';
import { admitsActor, needsSignIn, type Actor, type Principal } from '#model/access';
import { log } from '#adapters/log';
import { config } from '#adapters/config';
import { originHeader } from '#http/origin';

z.config({ customError: swedishFieldMessage });

export const maxBodyBytes = 64 * 1024;

/** What every path parameter looks like: random ids, slugs, SHA-256 hashes in hex, cycle numbers, phase names. */
const pathParameterShape = /^[A-Za-z0-9_-]{1,100}$/;

export type HttpEvent = APIGatewayProxyEventV2WithJWTAuthorizer;

export interface RouteInput<Body, Query, Params = Record<string, string>> {
  body: Body;
  query: Query;
  /** the route's path parameters, by the names in its path */
  params: Params;
  /** the signed-in user, on routes behind sign-in */
  actor: Actor | undefined;
  /** the private-link secret or token from `Authorization: Bearer …`, on privateLink routes */
  bearer: string | undefined;
  /** when the gateway received the request: the request's clock */
  now: Date;
  headers: Record<string, string | undefined>;
}

export interface Reply {
  statusCode: number;
  /** serialised as JSON, unless `raw` is given */
  body?: unknown;
  raw?: { contentType: string; text: string };
  headers?: Record<string, string>;
}

interface RouteSpec<Body, Query> {
  body?: z.ZodMiniType<Body>;
  query?: z.ZodMiniType<Query>;
  /**
   * RFC 8058 one-click unsubscribe: mail clients POST `List-Unsubscribe=One-Click` as a form to
   * the link, whose query holds the token. Such a request's body is read as `{ token }`.
   */
  oneClick?: boolean;
  /**
   * Answer no sooner than this many milliseconds after the function took the request, errors
   * included: where the work differs with what the caller should not learn (whether an address has
   * applied), the time taken then does not tell.
   */
  answerNoSoonerThanMs?: number;
}

type ParsedEvent = HttpEvent & { parsed?: RouteInput<unknown, unknown> };
type LambdaHandler = (event: HttpEvent, context: Context) => Promise<APIGatewayProxyStructuredResultV2>;

declare const pathParameters: unique symbol;

/**
 * A route's handler, completed with the route's access rule by the group's dispatcher. `Params`
 * are the path parameters it reads: a type only, so that the compiler holds them to the route's.
 */
export type OperationFactory<Params = Record<string, string>> = ((route: Route) => LambdaHandler) & { readonly [pathParameters]?: Params };

/** What a group's module exports: one operation for each route of its list, given that route's path parameters. */
export type Operations<Routes extends readonly Route[]> = {
  [R in Routes[number] as R['operation']]: OperationFactory<PathParameters<R['path']>>;
};

const securityHeaders = {
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
};

export function httpRoute<Body = undefined, Query = Record<string, string>, Params = Record<string, string>>(
  spec: RouteSpec<Body, Query>,
  run: (input: RouteInput<Body, Query, Params>) => Promise<Reply>,
): OperationFactory<Params> {
  return (route) =>
    middy<ParsedEvent, APIGatewayProxyStructuredResultV2>()
      .use(answerFloor(spec.answerNoSoonerThanMs ?? 0))
      .use(errorResponder())
      .use(requestParser(route.access, spec))
      .handler(async function runUseCase(event) {
        return serialise(await run(event.parsed as RouteInput<Body, Query, Params>));
      }) as unknown as LambdaHandler;
}

/**
 * The function a group's Lambda exports: picks the operation by the API Gateway route key.
 * `groupRoutes` is the group's own list from the route table (its bundle holds no other).
 * The compiler holds `operations` to the routes (each route's operation, with its path
 * parameters); a route without an operation would still fail at load, not at request time.
 */
export function groupHandler<const Routes extends readonly Route[]>(groupRoutes: Routes, operations: Operations<Routes>): LambdaHandler {
  const byRouteKey = new Map<string, LambdaHandler>();
  for (const route of groupRoutes) {
    const factory = (operations as Record<string, OperationFactory<unknown> | undefined>)[route.operation];
    if (!factory) throw new Error(`Group ${route.group} has no operation ${route.operation}`);
    if (route.group !== groupRoutes[0]!.group) throw new Error(`${routeKey(route)} is in the list of ${groupRoutes[0]!.group}`);
    byRouteKey.set(routeKey(route), factory(route));
  }
  return async function dispatch(event, context) {
    const handler = byRouteKey.get(event.routeKey);
    if (!handler) return serialise({ statusCode: 404, body: errorBody('NOT_FOUND') });
    return handler(event, context);
  };
}

export function serialise(reply: Reply): APIGatewayProxyStructuredResultV2 {
  if (reply.raw) {
    return {
      statusCode: reply.statusCode,
      headers: { ...securityHeaders, 'content-type': reply.raw.contentType, ...reply.headers },
      body: reply.raw.text,
    };
  }
  return {
    statusCode: reply.statusCode,
    headers: {
      ...securityHeaders,
      ...(reply.body === undefined ? {} : { 'content-type': 'application/json; charset=utf-8' }),
      ...reply.headers,
    },
    ...(reply.body === undefined ? {} : { body: JSON.stringify(reply.body) }),
  };
}

/** Holds the answer back until `floorMs` after the request was taken (outermost, so it waits last). */
function answerFloor(floorMs: number): MiddlewareObj<ParsedEvent, APIGatewayProxyStructuredResultV2> {
  if (floorMs <= 0) return { before: async function noFloor() {} };
  const started = new WeakMap<object, number>();
  const waitForFloor = async function waitForFloor(request: { event: object }) {
    const left = (started.get(request.event) ?? 0) + floorMs - performance.now();
    if (left > 0) await new Promise((done) => setTimeout(done, left));
  };
  return {
    before: async function startFloor(request) {
      started.set(request.event, performance.now());
    },
    after: waitForFloor,
    onError: waitForFloor,
  };
}

function errorResponder(): MiddlewareObj<ParsedEvent, APIGatewayProxyStructuredResultV2> {
  return {
    onError: async function respondWithErrorShape(request) {
      const known = toErrorReply(request.error);
      if (known) {
        request.response = serialise(known);
        return;
      }
      // Only the error's name and message: events and inputs may hold personal data.
      const error = request.error as Error | undefined;
      log.error('unhandled error', {
        routeKey: request.event.routeKey,
        requestId: request.context.awsRequestId,
        errorName: error?.name,
        errorMessage: error?.message,
      });
      request.response = serialise({ statusCode: 500, body: errorBody('INTERNAL_ERROR') });
    },
  };
}

function requestParser<Body, Query>(
  access: readonly Principal[],
  spec: RouteSpec<Body, Query>,
): MiddlewareObj<ParsedEvent, APIGatewayProxyStructuredResultV2> {
  return {
    before: async function parseRequest(request) {
      const event = request.event;
      const headers = event.headers ?? {};
      refuseUnlessThroughTheEdge(headers);
      const actor = actorOf(event);
      if (needsSignIn(access)) {
        if (!actor) throw new HttpError(401, 'UNAUTHENTICATED', undefined, { 'www-authenticate': 'Bearer' });
        if (!admitsActor(access, actor)) throw new HttpError(403, 'FORBIDDEN');
      }
      const params = (event.pathParameters ?? {}) as Record<string, string>;
      // Ids, slugs, hashes, numbers and names: a value of another shape names nothing that exists.
      if (!Object.values(params).every((value) => pathParameterShape.test(value))) throw new HttpError(404, 'NOT_FOUND');
      const input: RouteInput<unknown, unknown> = {
        body: spec.body ? parseBody(event, spec.body, spec.oneClick ?? false) : undefined,
        query: spec.query ? parseWith(spec.query, event.queryStringParameters ?? {}) : (event.queryStringParameters ?? {}),
        params,
        actor: needsSignIn(access) ? actor : undefined,
        bearer: access.includes('applicant') ? bearerOf(headers.authorization) : undefined,
        now: new Date(event.requestContext.timeEpoch),
        headers,
      };
      event.parsed = input;
    },
  };
}

function parseBody<Body>(event: HttpEvent, schema: z.ZodMiniType<Body>, oneClick: boolean): Body {
  const raw = event.body ?? '';
  const bytes = event.isBase64Encoded ? Buffer.from(raw, 'base64') : Buffer.from(raw, 'utf8');
  if (bytes.byteLength > maxBodyBytes) throw new HttpError(413, 'PAYLOAD_TOO_LARGE');
  const contentType = (event.headers?.['content-type'] ?? '').toLowerCase();
  if (oneClick && /^(application\/x-www-form-urlencoded|multipart\/form-data)\s*(;|$)/.test(contentType)) {
    return parseWith(schema, { token: event.queryStringParameters?.token });
  }
  if (!/^application\/([\w.+-]+\+)?json\s*(;|$)/.test(contentType)) throw new HttpError(415, 'UNSUPPORTED_MEDIA_TYPE');
  let json: unknown;
  try {
    json = JSON.parse(bytes.toString('utf8'));
  } catch {
    throw new HttpError(400, 'INVALID_JSON');
  }
  return parseWith(schema, json);
}

/** Path parameters that carry more than an id (a number, a name from a list): 400 with fields if not. */
export function parsePath<Output>(schema: z.ZodMiniType<Output>, params: Record<string, string>): Output {
  return parseWith(schema, params);
}

function parseWith<Output>(schema: z.ZodMiniType<Output>, value: unknown): Output {
  const result = schema.safeParse(value);
  if (!result.success) throw validationError(result.error.issues);
  return result.data;
}

/**
 * 403 for a request that did not come through CloudFront (or the local gateway): the API's own
 * address is public, and a request sent there directly would pass no WAF rule.
 */
export function refuseUnlessThroughTheEdge(headers: Record<string, string | undefined>): void {
  if (!config.originSecret) return;
  if (!sameInConstantTime(headers[originHeader] ?? '', config.originSecret)) throw new HttpError(403, 'FORBIDDEN');
}

/**
 * Whether two texts are equal, in a time that does not tell how much of a guess was right.
 * (node:crypto's timingSafeEqual would do the same; loading node:crypto costs every function that
 * uses no other part of it about 15 ms of its cold start.)
 */
function sameInConstantTime(given: string, expected: string): boolean {
  let difference = given.length ^ expected.length;
  for (let index = 0; index < expected.length; index++) difference |= (given.charCodeAt(index) | 0) ^ expected.charCodeAt(index);
  return difference === 0;
}

/** The signed-in user from the claims as the HTTP API JWT authorizer passes them: strings, arrays as "[a b]". */
function actorOf(event: HttpEvent): Actor | undefined {
  const claims = event.requestContext.authorizer?.jwt?.claims;
  if (!claims || typeof claims.sub !== 'string') return undefined;
  const rawGroups = claims['cognito:groups'];
  const groups = Array.isArray(rawGroups)
    ? rawGroups.map(String)
    : String(rawGroups ?? '')
        .replace(/^\[|\]$/g, '')
        .split(/[\s,]+/);
  return { email: String(claims.email ?? '').trim().toLowerCase(), isAdmin: groups.includes('admin' satisfies Group) };
}

function bearerOf(authorization: string | undefined): string | undefined {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
  return match?.[1];
}
