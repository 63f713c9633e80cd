/**
 * The middy chain every route runs through, one middleware per concern (lambdas/http/middlewares.ts):
 * who is calling (401/403), body size (413), content type (415), JSON (400 INVALID_JSON), zod
 * validation (400 with per-field Swedish messages), then the use case, then one JSON response
 * shape. Handlers only declare schemas and call a use case.
 */
import middy from '@middy/core';
import type { APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import * as z from 'zod/mini';
import { swedishFieldMessage } from '#text/sv';
import { errorBody } from '#http/errors';
import { serialise, type Reply } from '#http/reply';
import {
  access,
  answerFloor,
  errorResponder,
  jsonBody,
  knownPathShapes,
  throughTheEdge,
  validation,
  type HttpEvent,
  type ParsedEvent,
  type RouteInput,
  type Validation,
} from '#http/middlewares';
import { routeKey, type PathParameters, type Route } from '#routes';

z.config({ customError: swedishFieldMessage });

export type { RouteInput } from '#http/middlewares';

interface RouteSpec<Body, Query> extends Validation<Body, Query> {
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

export function httpRoute<Body = undefined, Query = Record<string, string>, Params = Record<string, string>>(
  spec: RouteSpec<Body, Query>,
  run: (input: RouteInput<Body, Query, Params>) => Promise<Reply>,
): OperationFactory<Params> {
  return (route) =>
    middy<ParsedEvent, APIGatewayProxyStructuredResultV2>()
      .use(answerFloor(spec.answerNoSoonerThanMs ?? 0))
      .use(errorResponder())
      .use(throughTheEdge())
      .use(access(route.access))
      .use(knownPathShapes())
      .use(jsonBody(spec))
      .use(validation(spec))
      .handler(async function runUseCase(event) {
        return serialise(await run(event.input as unknown as RouteInput<Body, Query, Params>));
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

export { parsePath } from '#http/middlewares';
