import { createHash } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { localDynamoDbClient } from '#local/dynamodb';
import { DynamoApplicationStore } from '#adapters/dynamodb/applications';
import { startTestPlatform, type TestPlatform } from '../helpers/platform.ts';
import { applicationBody, privateLinkIn, programmeBody } from '../helpers/fixtures.ts';

const applyPath = '/api/programmes/nyckelpersoner-2027/applications';

describe('applying', () => {
  let platform: TestPlatform;
  let admin: () => Promise<string>;

  beforeAll(async () => {
    platform = await startTestPlatform();
    admin = () => platform.tokenFor('admin@example.se', ['admin']);
    await platform.setClock('2027-01-10T12:00:00+01:00');
    expect((await platform.call('POST', '/api/programmes', { token: await admin(), body: programmeBody() })).status).toBe(201);
  });
  afterAll(() => platform?.stop());
  beforeEach(() => platform.setClock('2027-02-01T09:00:00+01:00'));

  describe('the window, in Europe/Stockholm', () => {
    it('is not open the minute before it opens, and open on the minute', async () => {
      await platform.setClock('2027-01-20T23:59:00+01:00');
      const early = await platform.call('POST', applyPath, { body: applicationBody({ email: 'early@example.se' }) });
      expect(early.status).toBe(409);
      expect(early.body.error.code).toBe('APPLICATION_WINDOW_NOT_OPEN');
      await platform.setClock('2027-01-21T00:00:00+01:00');
      expect((await platform.call('POST', applyPath, { body: applicationBody({ email: 'early@example.se' }) })).status).toBe(202);
    });

    it('closes on the minute across the change to summer time (01:59 winter is one minute before 03:00 summer)', async () => {
      await platform.setClock('2027-03-28T01:59:00+01:00');
      expect((await platform.call('POST', applyPath, { body: applicationBody({ email: 'late@example.se' }) })).status).toBe(202);
      await platform.setClock('2027-03-28T03:00:00+02:00');
      const late = await platform.call('POST', applyPath, { body: applicationBody({ email: 'later@example.se' }) });
      expect(late.status).toBe(409);
      expect(late.body.error.code).toBe('APPLICATION_WINDOW_CLOSED');
    });
  });

  it('answers 202, and mails a receipt with a private link whose secret has at least 128 bits', async () => {
    // Act
    const response = await platform.call('POST', applyPath, { body: applicationBody({ email: 'receipt@example.se' }) });
    // Assess
    expect(response.status).toBe(202);
    expect(response.body).toEqual({ accepted: true });
    const mail = await platform.mail();
    const receipt = mail.find((m: any) => m.to.includes('receipt@example.se'));
    expect(receipt.subject).toBe('Vi har tagit emot din ansökan: Nyckelpersoner för skolutveckling');
    expect(receipt.text).toContain('Sylteskolan');
    expect(receipt.text).toContain('28 mars 2027 kl. 03.00');
    const link = privateLinkIn(mail, 'receipt@example.se');
    expect((await platform.call('GET', `/api/applications/${link.id}`, { token: link.secret })).body.email).toBe('receipt@example.se');
    expect(Buffer.from(link.secret, 'base64url').length * 8).toBeGreaterThanOrEqual(128);
    expect(receipt.html).toContain(`/ansokan/${link.id}#${link.secret}`);
  });

  it('stores the private-link secret only as its SHA-256 hash', async () => {
    // Prepare
    await platform.call('POST', applyPath, { body: applicationBody({ email: 'hash@example.se' }) });
    const { id, secret } = privateLinkIn(await platform.mail(), 'hash@example.se');
    // Act
    const db = DynamoDBDocumentClient.from(localDynamoDbClient(platform.dynamoDbEndpoint));
    const { Item } = await db.send(new GetCommand({ TableName: platform.tableName, Key: { pk: `APPLICATION#${id}`, sk: 'APPLICATION' } }));
    db.destroy();
    // Assess
    expect(Item!.secretHash).toBe(createHash('sha256').update(secret).digest('hex'));
    expect(JSON.stringify(Item)).not.toContain(secret);
  });

  it('takes exactly one of 20 concurrent applications from one address', async () => {
    // Act
    const responses = await Promise.all(
      Array.from({ length: 20 }, () => platform.call('POST', applyPath, { body: applicationBody({ email: 'race@example.se' }) })),
    );
    // Assess: every one answered alike
    expect(responses.map((response) => [response.status, response.body])).toEqual(Array.from({ length: 20 }, () => [202, { accepted: true }]));
    const list = await listAll(platform, await admin());
    expect(list.filter((application: any) => application.email === 'race@example.se')).toHaveLength(1);
    // One mail, the receipt, and its link works: the others did not replace it.
    const mail = (await platform.mail()).filter((sent: { to: string[] }) => sent.to.includes('race@example.se'));
    expect(mail.map((sent: { subject: string }) => sent.subject)).toEqual(['Vi har tagit emot din ansökan: Nyckelpersoner för skolutveckling']);
    const receipt = privateLinkIn(mail, 'race@example.se');
    expect((await platform.call('GET', `/api/applications/${receipt.id}`, { token: receipt.secret })).status).toBe(200);
  });

  it('treats case and whitespace variants of an address as the same: at once the receipt stands, later a fresh link is mailed', async () => {
    // Prepare
    expect((await platform.call('POST', applyPath, { body: applicationBody({ email: 'Variant@Example.se' }) })).status).toBe(202);
    const first = privateLinkIn(await platform.mail(), 'variant@example.se');
    // Act: at once (a second click), and a quarter of an hour later
    const atOnce = await platform.call('POST', applyPath, { body: applicationBody({ email: 'variant@example.se' }) });
    const mailsAtOnce = (await platform.mail()).filter((sent: { to: string[] }) => sent.to.includes('variant@example.se')).length;
    await platform.setClock('2027-02-01T09:15:00+01:00');
    const again = await platform.call('POST', applyPath, { body: applicationBody({ email: '  VARIANT@example.SE ' }) });
    // Assess: both answered as a first application is; the first sends nothing, the second a new link
    expect([atOnce.status, atOnce.body]).toEqual([202, { accepted: true }]);
    expect(mailsAtOnce).toBe(1);
    expect([again.status, again.body]).toEqual([202, { accepted: true }]);
    const mail = await platform.mail();
    expect(mail[0].to).toEqual(['variant@example.se']);
    expect(mail[0].subject).toMatch(/^Länk till din ansökan/);
    expect(mail[0].text).toContain('Du har redan en ansökan');
    const fresh = privateLinkIn(mail, 'variant@example.se');
    expect(fresh.id).toBe(first.id);
    expect((await platform.call('GET', `/api/applications/${fresh.id}`, { token: fresh.secret })).status).toBe(200);
    expect((await platform.call('GET', `/api/applications/${first.id}`, { token: first.secret })).status).toBe(404);
  });

  it('answers bad answers with 400 and a Swedish message per field, and stores nothing', async () => {
    // Prepare
    const before = (await listAll(platform, await admin())).length;
    // Act
    const response = await platform.call('POST', applyPath, {
      body: { ...applicationBody({ email: 'inte en adress', unitId: 'finns-inte', motivation: 'x'.repeat(4001) }), privacyNoticeRead: false, extra: 'okänt' },
    });
    // Assess
    expect(response.status).toBe(400);
    expect(response.body.error).toEqual({
      code: 'VALIDATION_FAILED',
      message: 'Några uppgifter behöver rättas.',
      fields: {
        email: 'Ange en giltig e-postadress, till exempel namn@example.se.',
        motivation: 'Skriv högst 4000 tecken.',
        privacyNoticeRead: 'Du behöver läsa hur vi behandlar dina personuppgifter och kryssa i rutan för att kunna ansöka.',
        extra: 'Fältet är okänt.',
      },
    });
    const unknownUnit = await platform.call('POST', applyPath, { body: applicationBody({ email: 'unit@example.se', unitId: 'finns-inte' }) });
    expect(unknownUnit.status).toBe(400);
    expect(unknownUnit.body.error.fields).toEqual({ unitId: 'Välj en enhet som ingår i satsningen.' });
    const noConsent = applicationBody({ email: 'olast@example.se' }) as Record<string, unknown>;
    delete noConsent.privacyNoticeRead;
    expect((await platform.call('POST', applyPath, { body: noConsent })).body.error.fields).toEqual({ privacyNoticeRead: expect.any(String) });
    expect((await listAll(platform, await admin())).length).toBe(before);
  });

  it('accepts a motivation of exactly 4000 characters', async () => {
    const response = await platform.call('POST', applyPath, { body: applicationBody({ email: 'long@example.se', motivation: 'å'.repeat(4000) }) });
    expect(response.status).toBe(202);
  });

  it('escapes HTML and script in name and motivation in the e-mail', async () => {
    await platform.call('POST', applyPath, {
      body: applicationBody({ email: 'xss@example.se', name: '<script>alert(1)</script> Eva', motivation: '<img src=x onerror=alert(1)>' }),
    });
    const receipt = (await platform.mail()).find((m: any) => m.to.includes('xss@example.se'));
    expect(receipt.html).not.toContain('<script>');
    expect(receipt.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt; Eva');
  });

  it('answers an unknown programme with 404', async () => {
    const response = await platform.call('POST', '/api/programmes/finns-inte/applications', { body: applicationBody() });
    expect(response.status).toBe(404);
    expect(response.body.error.code).toBe('PROGRAMME_NOT_FOUND');
  });

  describe('the request itself', () => {
    it('refuses a body that is not JSON with 415', async () => {
      const response = await platform.call('POST', applyPath, { raw: 'name=Anna', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
      expect(response.status).toBe(415);
      expect(response.body.error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
    });

    it('refuses malformed JSON with 400 INVALID_JSON', async () => {
      const response = await platform.call('POST', applyPath, { raw: '{"name": "Anna",' });
      expect(response.status).toBe(400);
      expect(response.body).toEqual({ error: { code: 'INVALID_JSON', message: expect.any(String) } });
    });

    it('refuses a body over 64 KiB with 413', async () => {
      const response = await platform.call('POST', applyPath, { body: applicationBody({ motivation: 'x'.repeat(65 * 1024) }) });
      expect(response.status).toBe(413);
      expect(response.body.error.code).toBe('PAYLOAD_TOO_LARGE');
    });
  });

  describe('the private link', () => {
    let link: { id: string; secret: string };
    let linkEmail: string;

    beforeEach(async () => {
      linkEmail = `link.${Math.random().toString(36).slice(2)}@example.se`;
      await platform.setClock('2027-02-01T09:00:00+01:00');
      expect((await platform.call('POST', applyPath, { body: applicationBody({ email: linkEmail }) })).status).toBe(202);
      link = privateLinkIn(await platform.mail(), linkEmail);
    });

    it('shows the application with the secret, without the hash', async () => {
      const response = await platform.call('GET', `/api/applications/${link.id}`, { token: link.secret });
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({ id: link.id, name: 'Anna Andersson', unitName: 'Sylteskolan', status: 'submitted', canChange: true });
      expect(response.body.secretHash).toBeUndefined();
    });

    it('answers a wrong or missing secret exactly like an unknown id', async () => {
      const wrong = await platform.call('GET', `/api/applications/${link.id}`, { token: 'fel-hemlighet' });
      const missing = await platform.call('GET', `/api/applications/${link.id}`);
      const unknown = await platform.call('GET', '/api/applications/finns-inte', { token: link.secret });
      for (const response of [wrong, missing, unknown]) {
        expect(response.status).toBe(404);
        expect(response.body).toEqual(unknown.body);
      }
    });

    it('changes answers while the window is open, and mails the applicant', async () => {
      const response = await platform.call('PATCH', `/api/applications/${link.id}`, {
        token: link.secret,
        body: { subjects: 'Svenska åk 1–3', unitId: 'forskolan-solrosen', role: 'förskollärare' },
      });
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({ subjects: 'Svenska åk 1–3', unitId: 'forskolan-solrosen', unitName: 'Förskolan Solrosen' });
      expect((await platform.mail())[0].subject).toMatch(/^Din ansökan är ändrad/);
    });

    it('keeps one application per address when the address changes', async () => {
      await platform.call('POST', applyPath, { body: applicationBody({ email: 'taken@example.se' }) });
      const taken = await platform.call('PATCH', `/api/applications/${link.id}`, { token: link.secret, body: { email: ' Taken@example.se' } });
      expect(taken.status).toBe(409);
      expect(taken.body.error.code).toBe('EMAIL_IN_USE');
      const moved = await platform.call('PATCH', `/api/applications/${link.id}`, { token: link.secret, body: { email: 'new.address@example.se' } });
      expect(moved.status).toBe(200);
      expect(moved.body.email).toBe('new.address@example.se');
      // The old address is free again (a new application, and its receipt), the new one is not.
      expect((await platform.call('POST', applyPath, { body: applicationBody({ email: linkEmail }) })).status).toBe(202);
      expect((await platform.mail())[0]).toMatchObject({ to: [linkEmail], subject: expect.stringMatching(/^Vi har tagit emot din ansökan/) });
      expect((await platform.call('POST', applyPath, { body: applicationBody({ email: 'new.address@example.se' }) })).status).toBe(202);
      const addresses = (await listAll(platform, await admin())).map((application: { email: string }) => application.email);
      expect(addresses.filter((email: string) => email === linkEmail || email === 'new.address@example.se').sort()).toEqual([linkEmail, 'new.address@example.se']);
    });

    it('withdraws, after which the application is read-only and the address may apply again', async () => {
      const { body: before } = await platform.call('GET', `/api/applications/${link.id}`, { token: link.secret });
      const withdrawn = await platform.call('DELETE', `/api/applications/${link.id}`, { token: link.secret });
      expect(withdrawn.status).toBe(200);
      expect(withdrawn.body).toMatchObject({ status: 'withdrawn', canChange: false });
      expect((await platform.mail())[0].subject).toMatch(/^Din ansökan är återkallad/);
      const change = await platform.call('PATCH', `/api/applications/${link.id}`, { token: link.secret, body: { subjects: 'x' } });
      expect(change.status).toBe(409);
      expect(change.body.error.code).toBe('APPLICATION_WITHDRAWN');
      expect((await platform.call('POST', applyPath, { body: applicationBody({ email: before.email }) })).status).toBe(202);
    });

    it('can be viewed but not changed after the window closes, and withdrawn until the programme starts', async () => {
      await platform.setClock('2027-03-28T03:00:00+02:00');
      const view = await platform.call('GET', `/api/applications/${link.id}`, { token: link.secret });
      expect(view.status).toBe(200);
      expect(view.body).toMatchObject({ canChange: false, canWithdraw: true, decision: null });
      const change = await platform.call('PATCH', `/api/applications/${link.id}`, { token: link.secret, body: { subjects: 'x' } });
      expect(change.body.error.code).toBe('APPLICATION_WINDOW_CLOSED');
      // The programme starts 2027-04-19 at 00:00 in Stockholm: 2027-04-18T22:00Z.
      await platform.setClock('2027-04-18T22:00:00Z');
      const late = await platform.call('DELETE', `/api/applications/${link.id}`, { token: link.secret });
      expect(late.status).toBe(409);
      expect(late.body.error.code).toBe('PROGRAMME_STARTED');
      await platform.setClock('2027-04-18T21:59:00Z');
      const withdraw = await platform.call('DELETE', `/api/applications/${link.id}`, { token: link.secret });
      expect(withdraw.status).toBe(200);
      expect(withdraw.body).toMatchObject({ status: 'withdrawn', canWithdraw: false });
      expect((await platform.mail())[0].text).toContain('Ansökningstiden har gått ut');
    });
  });

  describe('the administrators’ list', () => {
    it('pages through every application with a cursor', async () => {
      const token = await admin();
      const all = await listAll(platform, token, 2);
      const whole = await platform.call('GET', `${applyPath}?limit=100`, { token });
      expect(all.map((a: any) => a.id)).toEqual(whole.body.items.map((a: any) => a.id));
      expect(all.length).toBeGreaterThan(4);
      expect(all[0].secretHash).toBeUndefined();
    });

    it('refuses a cursor the client made up, and a limit out of range', async () => {
      const token = await admin();
      const forged = Buffer.from(JSON.stringify({ pk: 'PROGRAMME#annan', sk: 'x' })).toString('base64url');
      expect((await platform.call('GET', `${applyPath}?cursor=${forged}`, { token })).status).toBe(400);
      expect((await platform.call('GET', `${applyPath}?cursor=%%%`, { token })).status).toBe(400);
      const limit = await platform.call('GET', `${applyPath}?limit=500`, { token });
      expect(limit.status).toBe(400);
      expect(limit.body.error.fields.limit).toBeDefined();
    });

    it('is for administrators only', async () => {
      const head = await platform.tokenFor('rektor.sylteskolan@example.se', ['head']);
      expect((await platform.call('GET', applyPath, { token: head })).status).toBe(403);
      expect((await platform.call('GET', applyPath)).status).toBe(401);
    });
  });

  describe('a lost private link', () => {
    const linkPath = `${applyPath}/link`;
    const mailsTo = async (email: string) => (await platform.mail()).filter((mail: { to: string[] }) => mail.to.includes(email));

    it('mails a new link that replaces the old one, also long after the window closed', async () => {
      // Prepare: applied in February; the programme is under way in October
      expect((await platform.call('POST', applyPath, { body: applicationBody({ email: 'tappad@example.se' }) })).status).toBe(202);
      const first = privateLinkIn(await platform.mail(), 'tappad@example.se');
      await platform.setClock('2027-10-04T07:30:00+02:00');
      // Act
      const response = await platform.call('POST', linkPath, { body: { email: ' Tappad@Example.se ' } });
      // Assess: 202; the mail says why, and only the new link opens the application
      expect(response.status).toBe(202);
      const [mail] = await mailsTo('tappad@example.se');
      expect(mail.subject).toBe('Länk till din ansökan: Nyckelpersoner för skolutveckling');
      expect(mail.text).toContain('bad om en ny länk till din ansökan');
      const fresh = privateLinkIn([mail], 'tappad@example.se');
      expect(fresh.id).toBe(first.id);
      expect((await platform.call('GET', `/api/applications/${fresh.id}`, { token: fresh.secret })).status).toBe(200);
      expect((await platform.call('GET', `/api/applications/${first.id}`, { token: first.secret })).status).toBe(404);
    });

    it('answers an address with no application the same, and mails nothing', async () => {
      const before = (await platform.mail()).length;
      const response = await platform.call('POST', linkPath, { body: { email: 'aldrig.sokt@example.se' } });
      expect(response.status).toBe(202);
      expect(response.body).toEqual({ accepted: true });
      expect((await platform.mail()).length).toBe(before);
    });

    it('mails at most one link in ten minutes, however often or at once it is asked for', async () => {
      // Prepare
      expect((await platform.call('POST', applyPath, { body: applicationBody({ email: 'ofta@example.se' }) })).status).toBe(202);
      const receipt = privateLinkIn(await platform.mail(), 'ofta@example.se');
      // Act: at once (the receipt has the link); then, after an hour, five at once, and one more nine minutes later
      const straightAway = await platform.call('POST', linkPath, { body: { email: 'ofta@example.se' } });
      await platform.setClock('2027-02-01T10:00:00+01:00');
      const responses = await Promise.all(Array.from({ length: 5 }, () => platform.call('POST', linkPath, { body: { email: 'ofta@example.se' } })));
      await platform.setClock('2027-02-01T10:09:00+01:00');
      const soon = await platform.call('POST', linkPath, { body: { email: 'ofta@example.se' } });
      // Assess: every answer 202, one mail, and its link is the one that works
      expect([straightAway, ...responses, soon].map((response) => response.status)).toEqual([202, 202, 202, 202, 202, 202, 202]);
      const mails = await mailsTo('ofta@example.se');
      expect(mails.map((mail: { subject: string }) => mail.subject)).toEqual([
        'Länk till din ansökan: Nyckelpersoner för skolutveckling',
        'Vi har tagit emot din ansökan: Nyckelpersoner för skolutveckling',
      ]);
      const fresh = privateLinkIn(mails, 'ofta@example.se');
      expect((await platform.call('GET', `/api/applications/${fresh.id}`, { token: fresh.secret })).status).toBe(200);
      expect((await platform.call('GET', `/api/applications/${receipt.id}`, { token: receipt.secret })).status).toBe(404);
      // Ten minutes after the mail, another may be asked for.
      await platform.setClock('2027-02-01T10:10:00+01:00');
      expect((await platform.call('POST', linkPath, { body: { email: 'ofta@example.se' } })).status).toBe(202);
      expect(await mailsTo('ofta@example.se')).toHaveLength(3);
    });

    it('keeps the new link from a change read before it was stored', async () => {
      // Prepare: the applicant's change has read the application; then a new link is stored
      expect((await platform.call('POST', applyPath, { body: applicationBody({ email: 'samtidig@example.se' }) })).status).toBe(202);
      const receipt = privateLinkIn(await platform.mail(), 'samtidig@example.se');
      const db = DynamoDBDocumentClient.from(localDynamoDbClient(platform.dynamoDbEndpoint));
      const store = new DynamoApplicationStore(db, platform.tableName);
      const read = (await store.get(receipt.id))!;
      expect(await store.replaceSecret(read.id, createHash('sha256').update('ny-hemlighet').digest('hex'), '2027-02-01T08:30:00.000Z', '2027-02-01T08:20:00.000Z')).toBe(true);
      // Act: the change, computed from what it read
      const change = store.update({ ...read, subjects: 'Svenska åk 7–9', revision: (read.revision ?? 0) + 1 });
      // Assess: refused, and the new secret stays
      await expect(change).rejects.toMatchObject({ code: 'CONCURRENT_CHANGE' });
      expect((await platform.call('GET', `/api/applications/${receipt.id}`, { token: 'ny-hemlighet' })).status).toBe(200);
      db.destroy();
    });

    it('mails nothing for a withdrawn application, and answers 400 for a bad address and 404 for an unknown programme', async () => {
      expect((await platform.call('POST', applyPath, { body: applicationBody({ email: 'aterkallad@example.se' }) })).status).toBe(202);
      const receipt = privateLinkIn(await platform.mail(), 'aterkallad@example.se');
      expect((await platform.call('DELETE', `/api/applications/${receipt.id}`, { token: receipt.secret })).status).toBe(200);
      const before = (await platform.mail()).length;
      expect((await platform.call('POST', linkPath, { body: { email: 'aterkallad@example.se' } })).status).toBe(202);
      expect((await platform.mail()).length).toBe(before);
      const bad = await platform.call('POST', linkPath, { body: { email: 'inte en adress', extra: 1 } });
      expect(bad.status).toBe(400);
      expect(bad.body.error.fields).toEqual({ email: 'Ange en giltig e-postadress, till exempel namn@example.se.', extra: 'Fältet är okänt.' });
      const unknown = await platform.call('POST', '/api/programmes/finns-inte/applications/link', { body: { email: 'tappad@example.se' } });
      expect(unknown.status).toBe(404);
      expect(unknown.body.error.code).toBe('PROGRAMME_NOT_FOUND');
    });
  });
});

async function listAll(platform: TestPlatform, token: string, limit = 100) {
  const items: any[] = [];
  let cursor: string | null = null;
  do {
    const query: string = `?limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`;
    const { status, body } = await platform.call('GET', `${applyPath}${query}`, { token });
    expect(status).toBe(200);
    items.push(...body.items);
    cursor = body.cursor;
  } while (cursor);
  return items;
}
