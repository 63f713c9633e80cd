/**
 * Tests run against the real local platform: DynamoDB Local, the local SES endpoint, the local
 * sign-in and the gateway, through real HTTP. One platform per test file, on free ports.
 */
import { startPlatform, type Platform, type PlatformOptions } from '#local/platform';
import type { Group } from '#routes';
import { programmeBody } from './fixtures.ts';

export interface TestPlatform extends Platform {
  /** fetch against the platform, JSON in and out */
  call(method: string, path: string, options?: CallOptions): Promise<{ status: number; headers: Headers; body: any }>;
  tokenFor(email: string, groups: Group[]): Promise<string>;
  mail(): Promise<any[]>;
  setClock(at: string | undefined): Promise<void>;
}

interface CallOptions {
  body?: unknown;
  token?: string;
  headers?: Record<string, string>;
  /** send this exact text as the body */
  raw?: string;
}

export async function startTestPlatform(options: PlatformOptions = {}): Promise<TestPlatform> {
  // The public forms' answer floor and per-client limits only where a test is about them: the rest
  // would wait for nothing, or send more from one address than a client may.
  const platform = await startPlatform({ port: 0, publicFormAnswerMs: 0, clientLimits: false, ...options });
  const call: TestPlatform['call'] = async (method, path, { body, token, headers = {}, raw } = {}) => {
    const response = await fetch(`${platform.url}${path}`, {
      method,
      headers: {
        ...(body !== undefined || raw !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...headers,
      },
      ...(raw !== undefined ? { body: raw } : body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      // not JSON: keep the text
    }
    return { status: response.status, headers: response.headers, body: parsed };
  };
  return {
    ...platform,
    call,
    async tokenFor(email, groups) {
      const { body } = await call('POST', '/_local/token', { body: { email, groups } });
      return body.token;
    },
    async mail() {
      return (await call('GET', '/_local/mail')).body;
    },
    async setClock(at) {
      await call('POST', '/_local/clock', { body: { at } });
    },
  };
}

/** A platform with the fixture programme published, its clock at `at` (the programme's window opens on 21 January 2027). */
export async function platformWithProgramme(at: string): Promise<TestPlatform> {
  const platform = await startTestPlatform();
  await platform.setClock(at);
  const admin = await platform.tokenFor('admin@example.se', ['admin']);
  const created = await platform.call('POST', '/api/programmes', { token: admin, body: programmeBody() });
  if (created.status !== 201) throw new Error(`programme: ${created.status} ${JSON.stringify(created.body)}`);
  return platform;
}
