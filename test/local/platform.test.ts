import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { SignJWT, generateKeyPair } from 'jose';
import { localDynamoDbClient } from '#local/dynamodb';
import { freePort } from '#local/platform';
import { startLocalSes } from '#local/ses';
import { SesSender } from '#adapters/ses/sender';
import { startTestPlatform, type TestPlatform } from '../helpers/platform.ts';
import { routeKey, routes } from '#routes';

describe('the local platform', () => {
  let platform: TestPlatform;

  beforeAll(async () => {
    platform = await startTestPlatform();
  });
  afterAll(() => platform?.stop());

  it('answers the health check through the whole chain', async () => {
    // Act
    const response = await platform.call('GET', '/api/health');
    // Assess
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ status: 'ok' });
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
  });

  it('answers an unknown route with 404 in the error shape', async () => {
    const response = await platform.call('GET', '/api/finns-inte');
    expect(response.status).toBe(404);
    expect(response.body).toEqual({ error: { code: 'NOT_FOUND', message: expect.any(String) } });
  });

  it('answers a known path with the wrong method with 405 and Allow', async () => {
    const response = await platform.call('DELETE', '/api/health');
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('GET');
    expect(response.body.error.code).toBe('METHOD_NOT_ALLOWED');
  });

  it('answers 404 for a path parameter of any other shape than an id, on every route', async () => {
    // Prepare: each route with parameters, each parameter in turn replaced by a value no id has
    const token = await platform.tokenFor('admin@example.se', ['admin']);
    const withParameters = routes.filter((route) => route.path.includes('{'));
    const oddValues = ['x'.repeat(1024), 'två ord', 'a%00b', 'a.b', "1' OR '1'='1"];
    const answers: string[] = [];
    for (const route of withParameters) {
      const names = [...route.path.matchAll(/\{(\w+)\}/g)].map((match) => match[1]!);
      for (const name of names) {
        for (const value of oddValues) {
          const path = route.path.replace(/\{(\w+)\}/g, (_, other: string) => (other === name ? encodeURIComponent(value) : 'finns-inte'));
          // Act
          const response = await platform.call(route.method, path, { token, ...(route.method === 'GET' || route.method === 'DELETE' ? {} : { body: {} }) });
          // Assess (collected, so that a failure names every route that answered otherwise)
          if (response.status !== 404 || response.body?.error?.code !== 'NOT_FOUND') answers.push(`${routeKey(route)} ${name}=${value.slice(0, 20)}: ${response.status}`);
        }
      }
    }
    expect(withParameters.length).toBeGreaterThan(30);
    expect(answers).toEqual([]);
  });

  it('refuses a protected route without a token', async () => {
    const response = await platform.call('GET', '/api/me');
    expect(response.status).toBe(401);
    expect(response.body.error.code).toBe('UNAUTHENTICATED');
  });

  it('accepts a token from the local sign-in and passes its claims as the authorizer does', async () => {
    // Prepare
    const token = await platform.tokenFor('Rektor.Sylte@Example.se', ['head']);
    // Act
    const response = await platform.call('GET', '/api/me', { token });
    // Assess
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ email: 'rektor.sylte@example.se', isAdmin: false, programmes: [] });
  });

  it('refuses a token signed with another key', async () => {
    // Prepare: a well-formed token with the right claims, signed by a key the JWKS does not hold
    const { privateKey } = await generateKeyPair('RS256');
    const forged = await new SignJWT({ email: 'admin@example.se', 'cognito:groups': ['admin'], token_use: 'id' })
      .setProtectedHeader({ alg: 'RS256', kid: 'forged' })
      .setSubject('someone')
      .setIssuer(`${platform.url}/_local`)
      .setAudience('satsning-local')
      .setIssuedAt()
      .setExpirationTime('1h')
      .sign(privateKey);
    // Act
    const response = await platform.call('GET', '/api/me', { token: forged });
    // Assess
    expect(response.status).toBe(401);
  });

  it('refuses an expired token', async () => {
    // Prepare: a token valid for one minute, then the clock moves on two
    await platform.setClock('2027-01-21T08:00:00+01:00');
    const { body } = await platform.call('POST', '/_local/token', {
      body: { email: 'admin@example.se', groups: ['admin'], expiresInSeconds: 60 },
    });
    expect((await platform.call('GET', '/api/me', { token: body.token })).status).toBe(200);
    // Act
    await platform.setClock('2027-01-21T08:02:00+01:00');
    const response = await platform.call('GET', '/api/me', { token: body.token });
    // Assess
    expect(response.status).toBe(401);
    await platform.setClock(undefined);
  });

  it('refuses a tampered token', async () => {
    const token = await platform.tokenFor('head@example.se', ['head']);
    const [header, payload, signature] = token.split('.');
    const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString());
    claims['cognito:groups'] = ['admin'];
    const tampered = `${header}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.${signature}`;
    expect((await platform.call('GET', '/api/me', { token: tampered })).status).toBe(401);
  });

  it('shows mail sent through the real SES v2 client in /_local/mail, newest first', async () => {
    // Prepare
    const mailer = new SesSender(
      new SESv2Client({ endpoint: platform.ses.endpoint, region: 'eu-north-1', credentials: { accessKeyId: 'l', secretAccessKey: 'l' } }),
      'satsning@example.se',
      undefined,
      100,
    );
    // Act
    await mailer.send({ to: 'a@example.se', subject: 'Första', text: 'ett', html: '<p>ett</p>' });
    await mailer.send({
      to: 'b@example.se',
      subject: 'Andra',
      text: 'två',
      html: '<p>två</p>',
      headers: { 'List-Unsubscribe': '<https://example.se/avsluta>' },
    });
    // Assess
    const mail = await platform.mail();
    expect(mail.slice(0, 2).map((m: any) => m.subject)).toEqual(['Andra', 'Första']);
    expect(mail[0]).toMatchObject({
      to: ['b@example.se'],
      from: 'satsning@example.se',
      text: 'två',
      html: '<p>två</p>',
      headers: { 'List-Unsubscribe': '<https://example.se/avsluta>' },
      sentAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    });
    const inbox = await platform.call('GET', '/_local/inbox');
    expect(inbox.status).toBe(200);
    expect(inbox.body).toContain('Andra');
  });

  it('runs the notification handler on demand for a given instant', async () => {
    const response = await platform.call('POST', '/_local/notify', { body: { at: '2027-01-21T08:00:00+01:00' } });
    expect(response.status).toBe(200);
    expect(response.body.at).toBe('2027-01-21T07:00:00.000Z');
  });

  it('sends every answer with its length, as API Gateway does, not in chunks', async () => {
    // Act: a function's answer, the fallback function's, the gateway's own refusal, a page
    const answers = await Promise.all(
      ['/api/health', '/api/finns-inte', '/api/me', '/'].map(async (path) => {
        const response = await fetch(`${platform.url}${path}`);
        return { headers: response.headers, body: Buffer.from(await response.arrayBuffer()) };
      }),
    );

    // Assess
    for (const { headers, body } of answers) {
      expect(headers.get('transfer-encoding')).toBeNull();
      expect(body.length).toBeGreaterThan(0);
      expect(headers.get('content-length')).toBe(String(body.length));
    }
  });

  it('serves the web pages at /', async () => {
    const response = await fetch(`${platform.url}/`);
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('<html lang="sv"');
  });
});

describe('the local platform with data on disk', () => {
  it('keeps a write across a restart of the local server', async () => {
    // Prepare
    const dataDir = mkdtempSync(join(tmpdir(), 'satsning-restart-'));
    try {
      const first = await startTestPlatform({ dataDir });
      const writer = DynamoDBDocumentClient.from(localDynamoDbClient(first.dynamoDbEndpoint));
      await writer.send(new PutCommand({ TableName: first.tableName, Item: { pk: 'RESTART', sk: 'TEST', value: 42 } }));
      writer.destroy();
      await first.stop();
      // Act
      const second = await startTestPlatform({ dataDir });
      const reader = DynamoDBDocumentClient.from(localDynamoDbClient(second.dynamoDbEndpoint));
      const { Item } = await reader.send(new GetCommand({ TableName: second.tableName, Key: { pk: 'RESTART', sk: 'TEST' } }));
      reader.destroy();
      await second.stop();
      // Assess
      expect(Item).toEqual({ pk: 'RESTART', sk: 'TEST', value: 42 });
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('keeps SES\'s suppression list across a restart, so mail to a bounced address stays dropped', async () => {
    // Prepare: SES lists an address (as on a permanent bounce), and restarts. The local SES on its
    // own: a second platform in one test file would run the functions loaded for the first.
    const dataDir = mkdtempSync(join(tmpdir(), 'satsning-restart-'));
    const suppressionFile = join(dataDir, 'ses-suppression-list.json');
    try {
      const first = await startLocalSes(await freePort(), await freePort(), { suppressionFile });
      first.suppress('Borta@example.se');
      await first.stop();
      const second = await startLocalSes(await freePort(), await freePort(), { suppressionFile });
      const mailer = new SesSender(
        new SESv2Client({ endpoint: second.endpoint, region: 'eu-north-1', credentials: { accessKeyId: 'l', secretAccessKey: 'l' } }),
        'satsning@example.se',
        undefined,
        100,
      );
      // Act
      await mailer.send({ to: 'borta@example.se', subject: 'Till studsad', text: 'ett', html: '<p>ett</p>' });
      await mailer.send({ to: 'finns@example.se', subject: 'Till fungerande', text: 'två', html: '<p>två</p>' });
      const mail = await second.listMail();
      await second.stop();
      // Assess (aws-ses-v2-local keeps one store per process: this file's other mail is there too)
      const toTheseTwo = mail.filter((m) => ['borta@example.se', 'finns@example.se'].includes(m.to[0]!));
      expect(toTheseTwo.map((m) => m.subject)).toEqual(['Till fungerande']);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
