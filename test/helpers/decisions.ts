/** Building blocks for tests of decisions: a programme with applicants, and calls as a person. */
import { applicationBody, privateLinkIn, programmeBody } from './fixtures.ts';
import type { TestPlatform } from './platform.ts';

export const heads = {
  sylteskolan: 'rektor.sylteskolan@example.se',
  solrosen: 'forskolechef.solrosen@example.se',
};
export const adminEmail = 'admin@example.se';

/** Instants of the fixture programme, in Stockholm time. */
export const calendar = {
  whileOpen: '2027-02-01T09:00:00+01:00',
  /** the window closes at 03:00 summer time, the moment clocks go forward */
  closes: '2027-03-28T03:00:00+02:00',
  /** the last minute before the close (02:00–03:00 does not exist that night) */
  lastMinuteOpen: '2027-03-28T01:59:00+01:00',
  deadline: '2027-04-12T16:00:00+02:00',
  lastMinuteBeforeDeadline: '2027-04-12T15:59:00+02:00',
  /** 2027-04-19 00:00 in Stockholm */
  start: '2027-04-18T22:00:00Z',
};

export interface Applicant {
  id: string;
  email: string;
  secret: string;
  unitId: string;
}

/**
 * Call as someone: a fresh token at the platform's current clock (tokens last an hour, and tests
 * move the clock by weeks).
 */
export async function as(platform: TestPlatform, email: string | 'admin', method: string, path: string, body?: unknown) {
  const token =
    email === 'admin' ? await platform.tokenFor(adminEmail, ['admin']) : await platform.tokenFor(email, ['head']);
  return platform.call(method, path, { token, ...(body === undefined ? {} : { body }) });
}

/**
 * Publish a programme (the fixture, with overrides), and apply with `perUnit` people per unit
 * while the window is open. The clock is left at `calendar.closes`.
 */
export async function programmeWithApplicants(
  platform: TestPlatform,
  id: string,
  perUnit: Record<string, number>,
  overrides: Record<string, unknown> = {},
): Promise<Applicant[]> {
  await platform.setClock(calendar.whileOpen);
  const created = await as(platform, 'admin', 'POST', '/api/programmes', programmeBody({ id, ...overrides }));
  if (created.status !== 201) throw new Error(`programme ${id}: ${created.status} ${JSON.stringify(created.body)}`);
  const applicants: Applicant[] = [];
  for (const [unitId, count] of Object.entries(perUnit)) {
    for (let index = 0; index < count; index++) {
      const email = `${id}.${unitId}.${index}@example.se`;
      const response = await platform.call('POST', `/api/programmes/${id}/applications`, {
        body: applicationBody({ email, unitId, name: `Sökande ${unitId} ${index + 1}` }),
      });
      if (response.status !== 202) throw new Error(`apply: ${response.status} ${JSON.stringify(response.body)}`);
      const link = privateLinkIn(await platform.mail(), email);
      applicants.push({ id: link.id, email, secret: link.secret, unitId });
    }
  }
  await platform.setClock(calendar.closes);
  return applicants;
}

export function decide(platform: TestPlatform, who: string | 'admin', applicationId: string, decision: string, note?: string) {
  return as(platform, who, 'POST', `/api/applications/${applicationId}/decision`, { decision, ...(note ? { note } : {}) });
}

export async function unitList(platform: TestPlatform, programmeId: string, unitId: string) {
  const response = await as(platform, 'admin', 'GET', `/api/programmes/${programmeId}/units/${unitId}/applications`);
  if (response.status !== 200) throw new Error(`unit list: ${response.status}`);
  return response.body;
}

export function decisionOf(list: { items: { id: string; decision: { value: string } | null }[] }, applicationId: string) {
  return list.items.find((item) => item.id === applicationId)?.decision?.value ?? null;
}
