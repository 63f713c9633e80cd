/**
 * The local API gateway: turns each HTTP request into an API Gateway HTTP API payload-2.0 event and
 * calls the handler module the stack deploys, found through the shared route table. Protected
 * routes get their JWT checked first, as the HTTP API's JWT authorizer does. Also serves the pages
 * from web/ and the local platform's own endpoints under /_local/.
 */
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { basename, extname, join, normalize, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import type { JWTPayload } from 'jose';
import { errorBody } from '#http/errors';
import { pageForPath } from '#site';
import { needsSignIn } from '#model/access';
import {
  fallbackGroup,
  feedbackGroup,
  groupEntry,
  matchRoute,
  routeKey,
  scheduledGroup,
  type FunctionGroupName,
} from '#routes';
import { localAudience, type LocalAuth } from './auth.ts';
import { authorizePath, createAuthorizationServer, tokenPath } from './authorizationServer.ts';
import { framing, readBody, send, sendJson } from './http.ts';
import type { LocalSes } from './ses.ts';
import type { LocalEdge } from './edge.ts';
import { renderInbox } from './inbox.ts';
import { notPublished, renderPage } from '../lib/pages.ts';

export const repositoryRoot = resolve(import.meta.dirname, '..');
const webRoot = join(repositoryRoot, 'web');

export interface LocalClock {
  now(): Date;
  /** fix the clock at an instant; undefined returns to the real clock */
  set(at: Date | undefined): void;
}

export function createLocalClock(): LocalClock {
  let fixed: Date | undefined;
  return {
    now: () => (fixed ? new Date(fixed) : new Date()),
    set: (at) => {
      fixed = at;
    },
  };
}

interface GatewayDependencies {
  auth: LocalAuth;
  ses: LocalSes;
  /** CloudFront's and WAF's part: limits, the origin header, security headers */
  edge: LocalEdge;
  clock: LocalClock;
  /** the gateway's own origin: the site, the API and the sign-in's */
  siteUrl: string;
  /** runs the notification handler for an instant */
  notify(at: Date): Promise<unknown>;
}

type LambdaModule = { handler: (event: unknown, context: Context) => Promise<APIGatewayProxyStructuredResultV2> };
const modules = new Map<FunctionGroupName, Promise<LambdaModule>>();

/** The handler module of a group, as the stack bundles it (lambdas/handlers/<group>.ts). */
export function loadGroup(group: FunctionGroupName): Promise<LambdaModule> {
  let loaded = modules.get(group);
  if (!loaded) {
    loaded = import(pathToFileURL(join(repositoryRoot, groupEntry(group))).href) as Promise<LambdaModule>;
    modules.set(group, loaded);
  }
  return loaded;
}

export function loadNotifyHandler(): Promise<LambdaModule> {
  return loadGroup(scheduledGroup);
}

export function createGateway(deps: GatewayDependencies) {
  const authorizationServer = createAuthorizationServer({ auth: deps.auth, now: () => deps.clock.now(), siteUrl: deps.siteUrl, pageHeaders: deps.edge.pageHeaders });
  return async function handleRequest(request: IncomingMessage, response: ServerResponse): Promise<void> {
    try {
      const url = new URL(request.url ?? '/', 'http://127.0.0.1');
      if (url.pathname.startsWith('/_local/')) return await handleLocal(deps, request, response, url);
      if (url.pathname === '/api' || url.pathname.startsWith('/api/')) return await handleApi(deps, request, response, url);
      if (url.pathname.startsWith('/oauth2/') && (await authorizationServer(request, response, url))) return;
      // As in AWS, where the stack writes config.json with the user pool's client and sign-in domain:
      // here the sign-in is the gateway's own (local/authorizationServer.ts), on the same origin.
      if (url.pathname === '/config.json') return sendJson(response, 200, { signIn: 'cognito', clientId: localAudience, signInUrl: '' }, deps.edge.apiHeaders);
      return await serveStatic(request, response, url, deps.edge.pageHeaders);
    } catch (error) {
      console.error('local gateway error', error);
      if (!response.headersSent) sendJson(response, 500, errorBody('INTERNAL_ERROR'));
      else response.end();
    }
  };
}

async function handleApi(deps: GatewayDependencies, request: IncomingMessage, response: ServerResponse, url: URL) {
  const method = request.method ?? 'GET';
  const limited = deps.edge.overLimit(request, url.pathname);
  if (limited) {
    request.resume();
    response.writeHead(limited.status, { ...limited.headers, ...framing(limited.status, Buffer.byteLength(limited.body)) });
    response.end(limited.body);
    return;
  }
  const body = await readBody(request);
  if (body === 'tooLarge') return sendJson(response, 413, errorBody('PAYLOAD_TOO_LARGE'));
  const match = matchRoute(method, url.pathname);
  const group = match.kind === 'found' ? match.route.group : fallbackGroup;
  const now = deps.clock.now();

  let claims: JWTPayload | undefined;
  if (match.kind === 'found' && needsSignIn(match.route.access)) {
    const token = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '')?.[1];
    claims = token ? await deps.auth.verify(token, now) : undefined;
    // As the HTTP API's JWT authorizer: no valid token, no call to the function.
    if (!claims) return sendJson(response, 401, errorBody('UNAUTHENTICATED'), { 'www-authenticate': 'Bearer', ...deps.edge.apiHeaders });
  }

  const event = toEvent({
    request,
    url,
    body,
    now,
    originHeaders: deps.edge.originHeaders,
    routeKey: match.kind === 'found' ? routeKey(match.route) : '$default',
    pathParameters: match.kind === 'found' ? match.pathParameters : undefined,
    claims,
  });
  const module = await loadGroup(group);
  const result = await module.handler(event, lambdaContext(group));
  const status = result.statusCode ?? 200;
  const payload = result.body === undefined ? Buffer.alloc(0) : Buffer.from(result.body, result.isBase64Encoded ? 'base64' : 'utf8');
  response.writeHead(status, { ...(result.headers as Record<string, string>), ...deps.edge.apiHeaders, ...framing(status, payload.length) });
  response.end(payload);
}

function toEvent(input: {
  request: IncomingMessage;
  url: URL;
  body: Buffer | undefined;
  now: Date;
  routeKey: string;
  pathParameters: Record<string, string> | undefined;
  claims: JWTPayload | undefined;
  /** what CloudFront adds, over any header of the same name the client sent */
  originHeaders: Record<string, string>;
}): APIGatewayProxyEventV2WithJWTAuthorizer {
  const { request, url, body } = input;
  const headers: Record<string, string> = {};
  let cookies: string[] | undefined;
  for (const [name, value] of Object.entries(request.headers)) {
    if (value === undefined) continue;
    if (name === 'cookie') cookies = String(value).split(/;\s*/);
    else headers[name] = Array.isArray(value) ? value.join(',') : value;
  }
  Object.assign(headers, input.originHeaders);
  const query: Record<string, string> = {};
  for (const [name, value] of url.searchParams) query[name] = name in query ? `${query[name]},${value}` : value;
  const contentType = headers['content-type'] ?? '';
  const isText = /^(text\/|application\/([\w.+-]+\+)?(json|xml|x-www-form-urlencoded)|application\/javascript)/i.test(contentType);
  const requestId = randomUUID();
  const event = {
    version: '2.0',
    routeKey: input.routeKey,
    rawPath: url.pathname,
    rawQueryString: url.search.replace(/^\?/, ''),
    ...(cookies ? { cookies } : {}),
    headers,
    ...(Object.keys(query).length > 0 ? { queryStringParameters: query } : {}),
    ...(input.pathParameters && Object.keys(input.pathParameters).length > 0 ? { pathParameters: input.pathParameters } : {}),
    requestContext: {
      accountId: 'local',
      apiId: 'local',
      domainName: headers.host ?? '127.0.0.1',
      domainPrefix: 'local',
      http: {
        method: request.method ?? 'GET',
        path: url.pathname,
        protocol: `HTTP/${request.httpVersion}`,
        sourceIp: request.socket.remoteAddress ?? '127.0.0.1',
        userAgent: headers['user-agent'] ?? '',
      },
      requestId,
      routeKey: input.routeKey,
      stage: '$default',
      time: input.now.toUTCString(),
      timeEpoch: input.now.getTime(),
      ...(input.claims ? { authorizer: { jwt: { claims: claimsAsAuthorizerPasses(input.claims), scopes: null } } } : {}),
    },
    ...(body && body.length > 0
      ? { body: isText ? body.toString('utf8') : body.toString('base64'), isBase64Encoded: !isText }
      : { isBase64Encoded: false }),
  };
  return event as unknown as APIGatewayProxyEventV2WithJWTAuthorizer;
}

/** The HTTP API passes every claim as a string, arrays as "[a b]". */
function claimsAsAuthorizerPasses(claims: JWTPayload): Record<string, string> {
  const passed: Record<string, string> = {};
  for (const [name, value] of Object.entries(claims)) {
    passed[name] = Array.isArray(value) ? `[${value.join(' ')}]` : String(value);
  }
  return passed;
}

function lambdaContext(group: FunctionGroupName): Context {
  const started = Date.now();
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName: `satsning-local-${group}`,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:local:000000000000:function:satsning-local-${group}`,
    memoryLimitInMB: '512',
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/satsning-local-${group}`,
    logStreamName: 'local',
    getRemainingTimeInMillis: () => Math.max(0, 29_000 - (Date.now() - started)),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

async function handleLocal(deps: GatewayDependencies, request: IncomingMessage, response: ServerResponse, url: URL) {
  const method = request.method ?? 'GET';
  const path = url.pathname;
  if (method === 'GET' && path === '/_local/jwks.json') return sendJson(response, 200, deps.auth.jwks);
  // The local authorization server's discovery document, as Cognito publishes its pool's (OpenID Connect Discovery 1.0).
  if (method === 'GET' && path === '/_local/.well-known/openid-configuration') {
    return sendJson(response, 200, {
      issuer: deps.auth.issuer,
      authorization_endpoint: `${deps.siteUrl}${authorizePath}`,
      token_endpoint: `${deps.siteUrl}${tokenPath}`,
      jwks_uri: `${deps.siteUrl}/_local/jwks.json`,
      response_types_supported: ['code'],
      grant_types_supported: ['authorization_code'],
      code_challenge_methods_supported: ['S256'],
      token_endpoint_auth_methods_supported: ['none'],
      scopes_supported: ['openid', 'email'],
      subject_types_supported: ['public'],
      id_token_signing_alg_values_supported: ['RS256'],
      claims_supported: ['sub', 'email', 'email_verified', 'cognito:groups', 'cognito:username', 'token_use', 'auth_time'],
    });
  }
  if (method === 'GET' && path === '/_local/mail') return sendJson(response, 200, await deps.ses.listMail());
  if (method === 'GET' && path === '/_local/inbox') {
    return send(response, 200, 'text/html; charset=utf-8', renderInbox(await deps.ses.listMail()));
  }
  if (method === 'GET' && path === '/_local/clock') return sendJson(response, 200, { now: deps.clock.now().toISOString() });
  if (method === 'POST') {
    const body = await readBody(request);
    let json: Record<string, unknown> = {};
    try {
      json = body && body !== 'tooLarge' ? JSON.parse(body.toString('utf8')) : {};
    } catch {
      return sendJson(response, 400, errorBody('INVALID_JSON'));
    }
    if (path === '/_local/token') {
      const email = typeof json.email === 'string' ? json.email : '';
      const groups = Array.isArray(json.groups) ? json.groups.filter((g) => g === 'admin' || g === 'head') : [];
      if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email)) {
        return sendJson(response, 400, errorBody('VALIDATION_FAILED', { email: 'Ange en giltig e-postadress.' }));
      }
      const expiresInSeconds = typeof json.expiresInSeconds === 'number' ? json.expiresInSeconds : undefined;
      const token = await deps.auth.issueToken({ email, groups, now: deps.clock.now(), ...(expiresInSeconds ? { expiresInSeconds } : {}) });
      return sendJson(response, 200, { token, idToken: token, email: email.trim().toLowerCase(), groups });
    }
    if (path === '/_local/notify') {
      const at = typeof json.at === 'string' ? new Date(json.at) : deps.clock.now();
      if (Number.isNaN(at.getTime())) {
        return sendJson(response, 400, errorBody('VALIDATION_FAILED', { at: 'Ange en tidpunkt i ISO 8601.' }));
      }
      return sendJson(response, 200, await deps.notify(at));
    }
    if (path === '/_local/ses-faults') {
      const count = typeof json.count === 'number' ? json.count : 1;
      const error = typeof json.error === 'string' ? json.error : 'TooManyRequestsException';
      const action = json.action === 'DeleteSuppressedDestination' ? 'DeleteSuppressedDestination' : 'SendEmail';
      deps.ses.injectFault({ count, error, action, ...(typeof json.to === 'string' ? { to: json.to } : {}) });
      return sendJson(response, 200, { armed: { count, error, action } });
    }
    if (path === '/_local/ses-feedback') {
      // What SES would publish through the configuration set to SNS, delivered as SNS delivers it.
      const type = json.type === 'complaint' ? 'complaint' : json.type === 'bounce' ? 'bounce' : undefined;
      const email = typeof json.email === 'string' ? json.email : '';
      if (!type || !email.includes('@')) {
        return sendJson(response, 400, errorBody('VALIDATION_FAILED', {
          ...(type ? {} : { type: 'Ange bounce eller complaint.' }),
          ...(email.includes('@') ? {} : { email: 'Ange en e-postadress.' }),
        }));
      }
      const bounceType = json.bounceType === 'Transient' ? 'Transient' : 'Permanent';
      // SES puts the address on the account's suppression list itself, then publishes the event.
      if (type === 'complaint' || bounceType === 'Permanent') deps.ses.suppress(email);
      return sendJson(response, 200, await deliverSesFeedback({ type, email, bounceType, bounceSubType: 'General' }, deps.clock.now()));
    }
    if (path === '/_local/clock') {
      const at = typeof json.at === 'string' ? new Date(json.at) : undefined;
      if (at && Number.isNaN(at.getTime())) {
        return sendJson(response, 400, errorBody('VALIDATION_FAILED', { at: 'Ange en tidpunkt i ISO 8601.' }));
      }
      deps.clock.set(at);
      return sendJson(response, 200, { now: deps.clock.now().toISOString(), fixed: at !== undefined });
    }
  }
  return sendJson(response, 404, errorBody('NOT_FOUND'));
}

export interface SesFeedback {
  type: 'bounce' | 'complaint';
  email: string;
  bounceType: 'Permanent' | 'Transient';
  /** `General` for a mailbox that does not exist; `OnAccountSuppressionList` for mail SES dropped */
  bounceSubType: 'General' | 'OnAccountSuppressionList';
}

/** What SES publishes through the configuration set to SNS, delivered to the feedback function as SNS delivers it. */
export async function deliverSesFeedback(feedback: SesFeedback, now: Date) {
  const module = await loadGroup(feedbackGroup);
  return module.handler(sesFeedbackEvent(feedback, now), lambdaContext(feedbackGroup));
}

/** An SNS event carrying an SES event-publishing message: a bounce or a complaint. */
function sesFeedbackEvent({ type, email, bounceType, bounceSubType }: SesFeedback, now: Date) {
  const timestamp = now.toISOString();
  const diagnosticCode = bounceSubType === 'General' ? 'smtp; 550 5.1.1 user unknown' : 'Amazon SES did not send the message to this address because it is on the suppression list for your account.';
  const message =
    type === 'bounce'
      ? { eventType: 'Bounce', bounce: { bounceType, bounceSubType, bouncedRecipients: [{ emailAddress: email, diagnosticCode }], timestamp } }
      : { eventType: 'Complaint', complaint: { complainedRecipients: [{ emailAddress: email }], complaintFeedbackType: 'abuse', timestamp } };
  return {
    Records: [
      {
        EventSource: 'aws:sns',
        EventVersion: '1.0',
        EventSubscriptionArn: 'arn:aws:sns:eu-north-1:000000000000:satsning-local-feedback:local',
        Sns: {
          Type: 'Notification',
          MessageId: randomUUID(),
          TopicArn: 'arn:aws:sns:eu-north-1:000000000000:satsning-local-feedback',
          Subject: null,
          Message: JSON.stringify({ ...message, mail: { timestamp, destination: [email] } }),
          Timestamp: timestamp,
          SignatureVersion: '1',
          Signature: '',
          SigningCertUrl: '',
          UnsubscribeUrl: '',
          MessageAttributes: {},
        },
      },
    ],
  };
}

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
};

async function serveStatic(request: IncomingMessage, response: ServerResponse, url: URL, headers: Record<string, string>) {
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    return send(response, 405, 'text/plain; charset=utf-8', 'Metoden stöds inte.', { allow: 'GET, HEAD', ...headers });
  }
  let decoded: string;
  try {
    decoded = decodeURIComponent(url.pathname);
  } catch {
    return send(response, 404, 'text/plain; charset=utf-8', 'Sidan finns inte.', headers);
  }
  let path = pageForPath(decoded);
  if (path.endsWith('/')) path += 'index.html';
  const file = normalize(join(webRoot, path));
  const published = file.startsWith(webRoot + '/') && !notPublished.includes(file.slice(webRoot.length + 1).split('/')[0]!);
  if (!published) return send(response, 404, 'text/plain; charset=utf-8', 'Sidan finns inte.', headers);
  try {
    const content = await readFile(file);
    // A page as the deployment uploads it: with its head, navigation and footer (lib/pages.ts).
    const body = extname(file) === '.html' ? renderPage(basename(file), content.toString('utf8')) : content;
    send(response, 200, contentTypes[extname(file)] ?? 'application/octet-stream', body, { 'cache-control': 'no-cache', ...headers });
  } catch {
    const notFound = await readFile(join(webRoot, '404.html'), 'utf8').then((html) => renderPage('404.html', html)).catch(() => 'Sidan finns inte.');
    send(response, 404, 'text/html; charset=utf-8', notFound, headers);
  }
}
