/**
 * The middlewares of every route's chain, one per concern, in the order they run: the answer's
 * time floor, the one error shape, the origin header (403), who is calling (401, 403), the body's
 * bytes (413, 415, 400 INVALID_JSON) after a check of the path parameters' shapes (404), then
 * validation (400 with per-field Swedish messages). Each adds what it learned to `event.input`.
 */
import type { MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import * as z from 'zod/mini';
import { errorBody, HttpError, toErrorReply, validationError } from '#http/errors';
import { originHeader } from '#http/origin';
import { serialise } from '#http/reply';
import type { Group } from '#routes';
import { admitsActor, needsSignIn, type Actor, type Principal } from '#model/access';
import { log } from '#adapters/log';
import { putMetrics } from '#adapters/metrics';
import { config } from '#adapters/config';

export type HttpEvent = APIGatewayProxyEventV2WithJWTAuthorizer;

/** What the middlewares have learned of a request, for the route's use case. */
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

/** … and the body as JSON, before validation. */
type RequestInput = RouteInput<unknown, unknown> & { json?: unknown };

export type ParsedEvent = HttpEvent & { input?: RequestInput };
type Middleware = MiddlewareObj<ParsedEvent, APIGatewayProxyStructuredResultV2>;

export const maxBodyBytes = 64 * 1024;

/** What every path parameter looks like: random ids, slugs, SHA-256 hashes in hex, cycle numbers, phase names. */
const pathParameterShape = /^[A-Za-z0-9_-]{1,100}$/;

/** What the body and query are validated against, and how a one-click unsubscribe's form is read. */
export interface Validation<Body, Query> {
  body?: z.ZodMiniType<Body>;
  query?: z.ZodMiniType<Query>;
  oneClick?: boolean;
}

/** Holds the answer back until `floorMs` after the request was taken (outermost, so it waits last). */
export function answerFloor(floorMs: number): Middleware {
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

export function errorResponder(): Middleware {
  return {
    onError: async function respondWithErrorShape(request) {
      const known = toErrorReply(request.error);
      if (known) {
        request.response = serialise(known);
        // 4xx by code on the dashboard: a wave of 429s or 403s is worth seeing.
        putMetrics({ ClientErrors: { value: 1, unit: 'Count' } }, { code: known.body.error.code });
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

/** The request came through CloudFront (or the local gateway), and when: the request's clock. */
export function throughTheEdge(): Middleware {
  return {
    before: async function checkOrigin(request) {
      const event = request.event;
      const headers = event.headers ?? {};
      refuseUnlessThroughTheEdge(headers);
      event.input = {
        body: undefined,
        query: event.queryStringParameters ?? {},
        params: (event.pathParameters ?? {}) as Record<string, string>,
        actor: undefined,
        bearer: undefined,
        now: new Date(event.requestContext.timeEpoch),
        headers,
      };
    },
  };
}

/** Who is calling: a signed-in user where the route needs one (401, 403), an applicant's bearer secret where it takes one. */
export function access(principals: readonly Principal[]): Middleware {
  return {
    before: async function checkAccess(request) {
      const input = request.event.input!;
      if (needsSignIn(principals)) {
        const actor = actorOf(request.event);
        if (!actor) throw new HttpError(401, 'UNAUTHENTICATED', undefined, { 'www-authenticate': 'Bearer' });
        if (!admitsActor(principals, actor)) throw new HttpError(403, 'FORBIDDEN');
        input.actor = actor;
      }
      if (principals.includes('applicant')) input.bearer = bearerOf(input.headers.authorization);
    },
  };
}

/** The body's bytes as JSON: at most 64 KiB (413), JSON (415 otherwise, 400 if it does not parse); a one-click unsubscribe's form as `{ token }`. */
export function jsonBody(validation: Validation<unknown, unknown>): Middleware {
  return {
    before: async function readBody(request) {
      if (!validation.body) return;
      const event = request.event;
      const raw = event.body ?? '';
      const bytes = event.isBase64Encoded ? Buffer.from(raw, 'base64') : Buffer.from(raw, 'utf8');
      if (bytes.byteLength > maxBodyBytes) throw new HttpError(413, 'PAYLOAD_TOO_LARGE');
      const contentType = (event.headers?.['content-type'] ?? '').toLowerCase();
      if (validation.oneClick && /^(application\/x-www-form-urlencoded|multipart\/form-data)\s*(;|$)/.test(contentType)) {
        event.input!.json = { token: event.queryStringParameters?.token };
        return;
      }
      if (!/^application\/([\w.+-]+\+)?json\s*(;|$)/.test(contentType)) throw new HttpError(415, 'UNSUPPORTED_MEDIA_TYPE');
      try {
        event.input!.json = JSON.parse(bytes.toString('utf8'));
      } catch {
        throw new HttpError(400, 'INVALID_JSON');
      }
    },
  };
}

/** Ids, slugs, hashes, numbers and names: a path parameter of another shape names nothing that exists (404). */
export function knownPathShapes(): Middleware {
  return {
    before: async function checkPathShapes(request) {
      if (!Object.values(request.event.input!.params).every((value) => pathParameterShape.test(value))) throw new HttpError(404, 'NOT_FOUND');
    },
  };
}

/** The body and query by their zod schemas: 400 with a Swedish message per field. */
export function validation(spec: Validation<unknown, unknown>): Middleware {
  return {
    before: async function validate(request) {
      const input = request.event.input!;
      if (spec.body) input.body = parseWith(spec.body, input.json);
      if (spec.query) input.query = parseWith(spec.query, input.query);
    },
  };
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
