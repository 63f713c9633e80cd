// Signing in: the authorization-code flow with PKCE, against Cognito's hosted UI in AWS and
// against the gateway's stand-in for it locally (local/authorizationServer.ts); config.json
// names the client and where its sign-in is. The ID token lives in sessionStorage, for this tab only.
import { byId } from './common.js';

const storageKey = 'satsning.idToken';

export async function signInConfig() {
  const response = await fetch('/config.json', { cache: 'no-store' }).catch(() => undefined);
  if (!response?.ok) throw new Error('Inloggningen går inte att nå just nu. Försök igen om en stund.');
  return response.json();
}

function claimsOf(token) {
  try {
    const payload = token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
    return JSON.parse(decodeURIComponent(escape(atob(payload))));
  } catch {
    return undefined;
  }
}

/**
 * The signed-in person's token and claims, or undefined. Expiry is the API's to judge (a 401
 * sends the person back to sign in): the browser's clock may not be the server's.
 */
export function currentSession() {
  const token = sessionStorage.getItem(storageKey);
  const claims = token ? claimsOf(token) : undefined;
  if (!token || !claims) return undefined;
  return { token, email: claims.email, isAdmin: (claims['cognito:groups'] ?? []).includes('admin') };
}

export function storeToken(token) {
  sessionStorage.setItem(storageKey, token);
}

export function signOut() {
  sessionStorage.removeItem(storageKey);
  location.assign('/logga-in.html?utloggad=1');
}

/**
 * The session, or off to the sign-in page and back here afterwards. Without a session the promise
 * never settles, so the page's script (awaiting it) goes no further while the browser leaves.
 */
export function requireSession() {
  const session = currentSession();
  return session ? Promise.resolve(session) : backAfterSignIn({});
}

/**
 * A staff page's start: the session (or off to sign in), the navigation's "Logga ut" wired, and
 * its administrators' places shown to administrators.
 */
export async function staffPage() {
  const session = await requireSession();
  byId('sign-out').addEventListener('click', signOut);
  for (const place of document.querySelectorAll('[data-admin-only]')) /** @type {HTMLElement} */ (place).hidden = !session.isAdmin;
  return session;
}

/** The API said 401 to the session's token: it has expired. Sign in again, then back here. */
export function signInAgain() {
  sessionStorage.removeItem(storageKey);
  return backAfterSignIn({ utgangen: '1' });
}

function backAfterSignIn(notice) {
  location.assign(`/logga-in.html?${new URLSearchParams({ ...notice, next: location.pathname + location.search })}`);
  return new Promise(() => {});
}

function base64url(bytes) {
  return btoa(String.fromCharCode(...new Uint8Array(bytes))).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** Off to Cognito's hosted UI, with a PKCE challenge. */
export async function startHostedSignIn(config, next) {
  const verifier = base64url(crypto.getRandomValues(new Uint8Array(32)));
  const state = base64url(crypto.getRandomValues(new Uint8Array(16)));
  // The client too: the break-glass client's code is traded by that client.
  sessionStorage.setItem('satsning.pkce', JSON.stringify({ verifier, state, next, clientId: config.clientId }));
  const challenge = base64url(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier)));
  const query = new URLSearchParams({
    response_type: 'code',
    client_id: config.clientId,
    redirect_uri: `${location.origin}/logga-in.html`,
    scope: 'openid email',
    code_challenge: challenge,
    code_challenge_method: 'S256',
    state,
  });
  // The municipality's identity provider, when the pool has one: no stop at the hosted UI's own page.
  if (config.identityProvider) query.set('identity_provider', config.identityProvider);
  location.assign(`${config.signInUrl}/oauth2/authorize?${query}`);
}

/** Back from the hosted UI: trade the code for tokens. Returns where to go next. */
export async function finishHostedSignIn(config, code, state) {
  const saved = JSON.parse(sessionStorage.getItem('satsning.pkce') ?? '{}');
  sessionStorage.removeItem('satsning.pkce');
  if (!saved.verifier || saved.state !== state) throw new Error('Inloggningen kunde inte slutföras. Försök igen.');
  const response = await fetch(`${config.signInUrl}/oauth2/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      client_id: saved.clientId ?? config.clientId,
      code,
      redirect_uri: `${location.origin}/logga-in.html`,
      code_verifier: saved.verifier,
    }),
  }).catch(() => undefined);
  if (!response) throw new Error('Vi fick inget svar från inloggningen. Kontrollera att du är ansluten till internet och försök igen.');
  if (!response.ok) throw new Error('Inloggningen kunde inte slutföras. Försök igen.');
  storeToken((await response.json()).id_token);
  return saved.next;
}

/** Only same-site paths as the place to return to. */
export function safeNext(next, fallback) {
  return typeof next === 'string' && next.startsWith('/') && !next.startsWith('//') ? next : fallback;
}
