/**
 * What CloudFront and WAF add in AWS, as the local gateway adds it from the same settings
 * (lib/edge.ts): security headers on every answer, per-client limits on the public forms, and
 * the origin header without which the functions answer nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiHeaders, contentSecurityPolicy, originHeader, pageHeaders, rateLimits } from '../../lib/edge.ts';
import { loadGroup } from '#local/gateway';
import { programmeBody } from '../helpers/fixtures.ts';
import { startTestPlatform, type TestPlatform } from '../helpers/platform.ts';
import { accessibilityViolations, launchBrowser, pageForTests, reportCspBreaches } from '../helpers/browser.ts';

let platform: TestPlatform;

beforeAll(async () => {
  platform = await startTestPlatform({ clientLimits: true });
  await platform.setClock('2027-02-01T09:00:00+01:00');
  const admin = await platform.tokenFor('admin@example.se', ['admin']);
  expect((await platform.call('POST', '/api/programmes', { token: admin, body: programmeBody() })).status).toBe(201);
});
afterAll(() => platform?.stop());

const page = pageForTests();

describe('the security headers', () => {
  it('send every page its CSP, HSTS, referrer and permissions policies', async () => {
    // Act
    const responses = await Promise.all(['/', '/satsning/nyckelpersoner-2027', '/logga-in.html', '/finns-inte'].map((path) => fetch(`${platform.url}${path}`)));
    // Assess
    for (const response of responses) {
      expect(response.headers.get('content-security-policy')).toBe(contentSecurityPolicy());
      for (const [name, value] of Object.entries(pageHeaders)) expect([name, response.headers.get(name)]).toEqual([name, value]);
    }
    expect(contentSecurityPolicy()).not.toContain('unsafe-inline');
    expect(contentSecurityPolicy()).toMatch(/object-src 'none'.*base-uri 'none'.*frame-ancestors 'none'/);
  });

  it('send every API answer no-store, nosniff and frame-ancestors none, errors too', async () => {
    for (const path of ['/api/health', '/api/finns-inte', '/api/me']) {
      const response = await fetch(`${platform.url}${path}`);
      for (const [name, value] of Object.entries(apiHeaders)) expect([path, name, response.headers.get(name)]).toEqual([path, name, value]);
    }
  });

  it('are kept by every page: the browser reports a breach, and the pages make none', async () => {
    // Prepare: a breach made on purpose, in a browser of its own
    const browser = await launchBrowser();
    const breaches: string[] = [];
    try {
      const own = await browser.newPage();
      reportCspBreaches(own, breaches);
      await own.goto(`${platform.url}/`);
      // Act: an inline style, which the policy refuses
      await own.evaluate(() => {
        const element = document.createElement('div');
        element.setAttribute('style', 'color: red');
        document.body.append(element);
      });
      await own.waitForTimeout(200);
    } finally {
      await browser.close();
    }
    // Assess: reported (the file's own page, under the same watch, reports nothing on the pages it opens)
    expect(breaches.join('\n')).toMatch(/style-src 'self'/);
  });
});

describe('the per-client limits', () => {
  it('answer a client over the watch form’s limit 429, in the error shape, and only on that form', async () => {
    // Prepare: the limit's worth of requests from this client
    const limit = rateLimits.find((candidate) => candidate.name === 'watchers')!;
    const watch = (index: number) => platform.call('POST', '/api/programmes/nyckelpersoner-2027/watchers', { body: { email: `granne.${index}@example.se` } });
    const within = await Promise.all(Array.from({ length: limit.perMinute }, (_, index) => watch(index)));
    // Act
    const over = await watch(limit.perMinute);
    const elsewhere = await platform.call('GET', '/api/programmes/nyckelpersoner-2027');
    // Assess
    expect(new Set(within.map((response) => response.status))).toEqual(new Set([202]));
    expect(over.status).toBe(429);
    expect(over.headers.get('retry-after')).toBe('60');
    expect(over.body).toEqual({ error: { code: 'TOO_MANY_REQUESTS', message: expect.stringContaining('Vänta en minut') } });
    expect(elsewhere.status).toBe(200);
  });

  it('show the page’s visitor the 429’s message beside the form, accessibly', async () => {
    // Prepare: this client is over the watch form's limit (above)
    await page.goto(`${platform.url}/satsning/nyckelpersoner-2027`);
    await page.locator('#watch-form').getByLabel('E-postadress').fill('besokare@example.se');
    // Act
    await page.locator('#watch-form').getByRole('button').click();
    // Assess
    await expect.poll(() => page.locator('#watch-errors').textContent()).toContain('Vänta en minut och försök igen');
    expect(await page.locator('#watch-errors').isVisible()).toBe(true);
    expect(await accessibilityViolations(page)).toEqual([]);
  });
});

describe('the origin header', () => {
  it('is what the functions require: without it they answer 403, in the error shape', async () => {
    // Prepare: an event as API Gateway would pass it for a request sent to its own address, not through CloudFront
    const health = await loadGroup('health');
    const event = {
      version: '2.0',
      routeKey: 'GET /api/health',
      rawPath: '/api/health',
      headers: { [originHeader]: 'gissat' },
      requestContext: { http: { method: 'GET', path: '/api/health' }, timeEpoch: Date.now(), requestId: 'direkt' },
      isBase64Encoded: false,
    };
    // Act
    const direct = await health.handler(event, {} as never);
    const fallback = await (await loadGroup('fallback')).handler({ ...event, routeKey: '$default', headers: {} }, {} as never);
    const throughTheGateway = await fetch(`${platform.url}/api/health`, { headers: { [originHeader]: 'gissat' } });
    // Assess
    expect(direct.statusCode).toBe(403);
    expect(JSON.parse(String(direct.body))).toEqual({ error: { code: 'FORBIDDEN', message: expect.any(String) } });
    expect(fallback.statusCode).toBe(403);
    expect(throughTheGateway.status).toBe(200);
  });
});
