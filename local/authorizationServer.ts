/**
 * The local stand-in for Cognito's hosted UI: an OAuth 2.0 authorization server for the
 * authorization-code flow with PKCE (RFC 6749, RFC 7636), at the paths Cognito uses
 * (`/oauth2/authorize`, `/oauth2/token`), on the gateway's own origin. The pages run the same
 * code path locally as in AWS (web/js/auth.js), and get ID tokens shaped like Cognito's
 * (`email`, `cognito:groups`, `token_use`, `aud` the client's id), signed with the local key the
 * gateway verifies with and dated by the platform's clock, which tests move by months (a
 * library server such as oidc-provider dates tokens by the wall clock, which the API would then
 * find expired or not yet valid).
 *
 * Its sign-in page asks for an address and a role, as the demo has no passwords; it has no script
 * and no inline style, under the pages' CSP. Codes are single-use, tied to the client, the
 * redirect address and the PKCE challenge, and expire after a minute.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { escapeHtml } from '../lambdas/messages/layout.ts';
import { renderPage } from '../lib/pages.ts';
import type { Group } from '../lambdas/routes.ts';
import { localAudience, type LocalAuth } from './auth.ts';
import { readBody, send, sendJson } from './http.ts';

export const authorizePath = '/oauth2/authorize';
export const tokenPath = '/oauth2/token';
const loginPath = '/oauth2/login';

/** How long a started sign-in and an issued code stay valid, on the wall clock. */
const requestSeconds = 10 * 60;
const codeSeconds = 60;

interface Pending {
  state: string | undefined;
  challenge: string;
  expiresAt: number;
}

interface IssuedCode extends Pending {
  email: string;
  groups: Group[];
}

export interface AuthorizationServerDeps {
  auth: LocalAuth;
  now(): Date;
  /** the site's origin: the one redirect address allowed is its /logga-in.html */
  siteUrl: string;
  pageHeaders: Record<string, string>;
}

export function createAuthorizationServer(deps: AuthorizationServerDeps) {
  const pending = new Map<string, Pending>();
  const codes = new Map<string, IssuedCode>();
  const redirectUri = `${deps.siteUrl}/logga-in.html`;
  const random = () => randomBytes(24).toString('base64url');
  const sweep = () => {
    const now = Date.now();
    for (const [key, entry] of pending) if (entry.expiresAt < now) pending.delete(key);
    for (const [key, entry] of codes) if (entry.expiresAt < now) codes.delete(key);
  };

  function page(response: ServerResponse, status: number, html: string) {
    send(response, status, 'text/html; charset=utf-8', renderPage('logga-in.html', html), { ...deps.pageHeaders, 'cache-control': 'no-store' });
  }

  function problem(response: ServerResponse, status: number, message: string) {
    page(response, status, layout(`<p class="notice">${escapeHtml(message)}</p>\n<p><a href="/logga-in.html">Börja om från inloggningssidan</a></p>`));
  }

  /**
   * Back to the client's one redirect address, with the code or an error (RFC 6749 §4.1.2, and
   * §4.1.2.1 for an error once the address is known to be the client's), and its state.
   */
  function backToClient(response: ServerResponse, answer: { code: string } | { error: string }, state: string | null | undefined) {
    const target = new URL(redirectUri);
    for (const [name, value] of Object.entries(answer)) target.searchParams.set(name, value);
    if (state) target.searchParams.set('state', state);
    response.writeHead(303, { location: target.href, 'cache-control': 'no-store' }).end();
  }

  function authorize(response: ServerResponse, url: URL) {
    const query = url.searchParams;
    if (query.get('client_id') !== localAudience) return problem(response, 400, 'Inloggningen kommer från en okänd tjänst (client_id).');
    if (query.get('redirect_uri') !== redirectUri) return problem(response, 400, 'Inloggningen ska tillbaka till en adress som inte är tjänstens (redirect_uri).');
    const state = query.get('state');
    if (query.get('response_type') !== 'code') return backToClient(response, { error: 'unsupported_response_type' }, state);
    const challenge = query.get('code_challenge');
    if (!challenge || query.get('code_challenge_method') !== 'S256' || !/^[\w-]{43}$/.test(challenge)) return backToClient(response, { error: 'invalid_request' }, state);
    if (!(query.get('scope') ?? '').split(' ').includes('openid')) return backToClient(response, { error: 'invalid_scope' }, state);
    sweep();
    const uid = random();
    pending.set(uid, { state: state ?? undefined, challenge, expiresAt: Date.now() + requestSeconds * 1000 });
    page(response, 200, signInForm(uid));
  }

  async function login(request: IncomingMessage, response: ServerResponse) {
    const form = await formOf(request);
    const uid = form.get('uid') ?? '';
    const started = pending.get(uid);
    if (!started || started.expiresAt < Date.now()) return problem(response, 400, 'Inloggningen tog för lång tid eller är redan gjord. Börja om.');
    const email = (form.get('email') ?? '').trim().toLowerCase();
    const role = form.get('role') === 'admin' ? 'admin' : 'head';
    if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email)) return page(response, 400, signInForm(uid, { email: form.get('email') ?? '', role, error: 'Ange en giltig e-postadress, till exempel rektor.sylteskolan@example.se.' }));
    pending.delete(uid);
    const code = random();
    codes.set(code, { ...started, email, groups: [role], expiresAt: Date.now() + codeSeconds * 1000 });
    backToClient(response, { code }, started.state);
  }

  async function token(request: IncomingMessage, response: ServerResponse) {
    const refuse = (status: number, error: string, description: string) => sendJson(response, status, { error, error_description: description });
    if (!/^application\/x-www-form-urlencoded\b/i.test(request.headers['content-type'] ?? '')) return refuse(400, 'invalid_request', 'form-encoded body expected');
    const form = await formOf(request);
    if (form.get('grant_type') !== 'authorization_code') return refuse(400, 'unsupported_grant_type', 'authorization_code only');
    if (form.get('client_id') !== localAudience) return refuse(401, 'invalid_client', 'unknown client');
    const code = form.get('code') ?? '';
    const issued = codes.get(code);
    // A code is used once, whatever the outcome (RFC 6749 §4.1.2).
    codes.delete(code);
    if (!issued || issued.expiresAt < Date.now()) return refuse(400, 'invalid_grant', 'unknown, used or expired code');
    if (form.get('redirect_uri') !== redirectUri) return refuse(400, 'invalid_grant', 'redirect_uri differs');
    const verifier = form.get('code_verifier') ?? '';
    if (createHash('sha256').update(verifier).digest('base64url') !== issued.challenge) return refuse(400, 'invalid_grant', 'PKCE verification failed');
    const idToken = await deps.auth.issueToken({ email: issued.email, groups: issued.groups, now: deps.now() });
    sendJson(response, 200, { id_token: idToken, access_token: idToken, token_type: 'Bearer', expires_in: 3600 }, { pragma: 'no-cache' });
  }

  /** Handles the request if its path is the server's; false otherwise. */
  return async function handle(request: IncomingMessage, response: ServerResponse, url: URL): Promise<boolean> {
    const method = request.method ?? 'GET';
    if (url.pathname === authorizePath && method === 'GET') authorize(response, url);
    else if (url.pathname === loginPath && method === 'POST') await login(request, response);
    else if (url.pathname === tokenPath && method === 'POST') await token(request, response);
    else return false;
    return true;
  };
}

/** A form's fields, read as the gateway reads every body (a body over its limit reads as none). */
async function formOf(request: IncomingMessage): Promise<URLSearchParams> {
  const body = await readBody(request);
  return new URLSearchParams(body instanceof Buffer ? body.toString('utf8') : '');
}

function layout(content: string): string {
  return `<!doctype html>
<html lang="sv">
<head>
<!--#head-->
<title>Logga in – Utbildningsförvaltningen</title>
</head>
<body>
<!--#header public-->
<main id="main" tabindex="-1">
<h1>Logga in</h1>
${content}
</main>
<!--#footer-->
</body>
</html>`;
}

/** The sign-in form, with what was entered and its error when it is shown again. */
function signInForm(uid: string, again?: { email: string; role: 'admin' | 'head'; error: string }): string {
  const error = again?.error;
  const checked = (role: string) => ((again?.role ?? 'head') === role ? ' checked' : '');
  return layout(`<p class="notice">Lokal inloggning: den står i för kommunens inloggning när systemet körs på den här datorn. Logga in med en rektors eller förskolechefs e-postadress från demodata, till exempel rektor.sylteskolan@example.se, eller som administratör med vilken adress som helst.</p>
${error ? `<div class="error-summary" id="error-summary" tabindex="-1" role="alert" aria-labelledby="error-summary-title"><h2 id="error-summary-title">Något behöver rättas</h2><ul><li><a href="#email">E-postadress: ${escapeHtml(error)}</a></li></ul></div>` : ''}
<form method="post" action="${loginPath}" novalidate>
  <input type="hidden" name="uid" value="${escapeHtml(uid)}">
  <div class="field">
    <label for="email">E-postadress</label>
    ${error ? `<p class="field-error" id="email-error"><span class="visually-hidden">Fel: </span>${escapeHtml(error)}</p>` : ''}
    <input type="email" id="email" name="email" autocomplete="email" required value="${escapeHtml(again?.email ?? '')}"${error ? ' aria-invalid="true" aria-describedby="email-error"' : ''}>
  </div>
  <fieldset>
    <legend>Roll</legend>
    <label><input type="radio" name="role" value="head"${checked('head')}> Rektor eller förskolechef</label>
    <label><input type="radio" name="role" value="admin"${checked('admin')}> Administratör på utbildningsförvaltningen</label>
  </fieldset>
  <div class="actions"><button type="submit">Logga in</button></div>
</form>`);
}
