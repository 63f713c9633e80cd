/**
 * The local stand-in for Cognito's hosted UI speaks the authorization-code flow with PKCE as
 * Cognito does, on the gateway's origin: what a client may get wrong is refused, a code is good
 * once, and its token is shaped like Cognito's and dated by the platform's clock.
 */
import { createHash, randomBytes } from 'node:crypto';
import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPlatform, type TestPlatform } from '../helpers/platform.ts';

let platform: TestPlatform;
beforeAll(async () => {
  platform = await startTestPlatform();
}, 120_000);
afterAll(async () => {
  await platform?.stop();
});

const verifier = randomBytes(32).toString('base64url');
const challenge = createHash('sha256').update(verifier).digest('base64url');

function authorizeUrl(overrides: Record<string, string | undefined> = {}) {
  const query = { response_type: 'code', client_id: 'satsning-local', redirect_uri: `${platform.url}/logga-in.html`, scope: 'openid email', code_challenge: challenge, code_challenge_method: 'S256', state: 'tillstånd', ...overrides };
  return `${platform.url}/oauth2/authorize?${new URLSearchParams(Object.entries(query).filter((entry): entry is [string, string] => entry[1] !== undefined))}`;
}

/** The form's steps as a browser takes them: the page, then the post; the code from the redirect. */
async function codeFor(email: string, role: 'head' | 'admin') {
  const page = await fetch(authorizeUrl());
  const uid = /name="uid" value="([\w-]+)"/.exec(await page.text())![1]!;
  const posted = await fetch(`${platform.url}/oauth2/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ uid, email, role }),
    redirect: 'manual',
  });
  const location = new URL(posted.headers.get('location')!);
  return { status: posted.status, location, code: location.searchParams.get('code')! };
}

const exchange = (code: string, overrides: Record<string, string> = {}) =>
  fetch(`${platform.url}/oauth2/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'authorization_code', client_id: 'satsning-local', code, redirect_uri: `${platform.url}/logga-in.html`, code_verifier: verifier, ...overrides }),
  });

describe('the local authorization server', () => {
  it('publishes its discovery document: the issuer the gateway verifies, and the endpoints at Cognito’s paths', async () => {
    const { body } = await platform.call('GET', '/_local/.well-known/openid-configuration');
    expect(body).toMatchObject({
      issuer: `${platform.url}/_local`,
      authorization_endpoint: `${platform.url}/oauth2/authorize`,
      token_endpoint: `${platform.url}/oauth2/token`,
      code_challenge_methods_supported: ['S256'],
    });
    const keys = await platform.call('GET', new URL(body.jwks_uri).pathname);
    expect(keys.body.keys[0]).toMatchObject({ kty: 'RSA', alg: 'RS256' });
  });

  it('serves its sign-in form under the pages’ CSP, with no script or style of its own', async () => {
    const response = await fetch(authorizeUrl());
    const html = await response.text();
    expect(response.status).toBe(200);
    expect(response.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(html).not.toMatch(/<script|style=|<style/);
    expect(html).toContain('<form method="post" action="/oauth2/login"');
  });

  it('gives a code for the sign-in, good once, for an ID token shaped like Cognito’s at the platform’s clock', async () => {
    // Prepare
    await platform.setClock('2027-04-01T09:00:00+02:00');

    // Act
    const { status, location, code } = await codeFor('Admin@Example.se', 'admin');
    const first = await exchange(code);
    const again = await exchange(code);

    // Assess
    expect(status).toBe(303);
    expect(`${location.origin}${location.pathname}`).toBe(`${platform.url}/logga-in.html`);
    expect(location.searchParams.get('state')).toBe('tillstånd');
    expect(first.status).toBe(200);
    expect(first.headers.get('cache-control')).toBe('no-store');
    const tokens = await first.json();
    const claims = decodeJwt(tokens.id_token);
    expect(claims).toMatchObject({ email: 'admin@example.se', 'cognito:groups': ['admin'], token_use: 'id', aud: 'satsning-local', iss: `${platform.url}/_local` });
    expect(claims.iat).toBe(Date.parse('2027-04-01T07:00:00Z') / 1000);
    const me = await platform.call('GET', '/api/me', { token: tokens.id_token });
    expect(me.body).toMatchObject({ email: 'admin@example.se', isAdmin: true });
    expect(again.status).toBe(400);
    expect(await again.json()).toMatchObject({ error: 'invalid_grant' });
    await platform.setClock(undefined);
  });

  it('refuses a code without the right PKCE verifier or redirect address, and then refuses it for good', async () => {
    const wrongVerifier = await codeFor('rektor.sylteskolan@example.se', 'head');
    expect(await (await exchange(wrongVerifier.code, { code_verifier: randomBytes(32).toString('base64url') })).json()).toMatchObject({ error: 'invalid_grant' });
    expect((await exchange(wrongVerifier.code)).status).toBe(400);
    const wrongRedirect = await codeFor('rektor.sylteskolan@example.se', 'head');
    expect(await (await exchange(wrongRedirect.code, { redirect_uri: 'https://elak.example/logga-in.html' })).json()).toMatchObject({ error: 'invalid_grant' });
    const wrongClient = await codeFor('rektor.sylteskolan@example.se', 'head');
    expect((await exchange(wrongClient.code, { client_id: 'annan' })).status).toBe(401);
  });

  it('sends no code to an address that is not the client’s, and none without a PKCE challenge', async () => {
    const elsewhere = await fetch(authorizeUrl({ redirect_uri: 'https://elak.example/logga-in.html' }), { redirect: 'manual' });
    expect(elsewhere.status).toBe(400);
    const unknown = await fetch(authorizeUrl({ client_id: 'annan' }), { redirect: 'manual' });
    expect(unknown.status).toBe(400);
    const noChallenge = await fetch(authorizeUrl({ code_challenge: undefined }), { redirect: 'manual' });
    expect(noChallenge.status).toBe(303);
    expect(new URL(noChallenge.headers.get('location')!).searchParams.get('error')).toBe('invalid_request');
    const plain = await fetch(authorizeUrl({ code_challenge_method: 'plain' }), { redirect: 'manual' });
    expect(new URL(plain.headers.get('location')!).searchParams.get('error')).toBe('invalid_request');
  });
});
