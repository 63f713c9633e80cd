/**
 * A local SES v2 endpoint (aws-ses-v2-local): the real @aws-sdk/client-sesv2 client sends to it,
 * and the mail it accepted can be read back, shaped for the inbox page and `GET /_local/mail`.
 */
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { createServer, type Server, type ServerResponse } from 'node:http';
import sesLocal from 'aws-ses-v2-local';

// A CommonJS module whose server is its `default` export.
const startSesServer = (sesLocal as unknown as { default: typeof sesLocal }).default ?? sesLocal;

export interface LocalMail {
  messageId: string;
  to: string[];
  from: string;
  subject: string;
  text: string | undefined;
  html: string | undefined;
  headers: Record<string, string>;
  sentAt: string;
}

/** Faults SES can answer with that cannot be made real locally: throttling, a rejected message. */
export interface SesFault {
  /** how many of the next calls fail */
  count: number;
  /** the SES v2 error name, e.g. TooManyRequestsException or MessageRejected */
  error: string;
  /** only calls for this address fail (all, if absent) */
  to?: string;
  /** which calls fail: sends (the default), or removals from the suppression list */
  action?: FaultyAction;
}

export type FaultyAction = 'SendEmail' | 'DeleteSuppressedDestination';

/** A sending rate that nothing reaches: for load measurements, where SES's rate is a quota, not work. */
export const unlimitedSendRate = 1_000_000;

export interface LocalSes {
  endpoint: string;
  /** make the next calls fail, as SES would (tests of retries and failures) */
  injectFault(fault: SesFault): void;
  /**
   * Put an address on the account's suppression list, as SES does on a permanent bounce or a
   * complaint (the stack's configuration set suppresses both).
   */
  suppress(email: string): void;
  /**
   * Called for each message SES drops because its recipient is on the suppression list. SES
   * reports such a message as a permanent bounce (`OnAccountSuppressionList`).
   */
  onSuppressedSend(listener: (email: string) => Promise<void>): void;
  /** how many sends were refused for going over the account's sending rate */
  throttledSends(): number;
  /** newest first */
  listMail(): Promise<LocalMail[]>;
  stop(): Promise<void>;
}

interface StoredEmail {
  messageId: string;
  from: string;
  destination: { to: string[]; cc: string[]; bcc: string[] };
  subject: string;
  body: { html?: string; text?: string };
  headers?: { name: string; value: string }[];
  at: number;
}

/**
 * The account's maximum sending rate as SES keeps it: a bucket of one second's sends that refills
 * at the rate, so that a short burst passes and a sustained excess is refused.
 */
function sendingRate(perSecond: number) {
  let tokens = perSecond;
  let refilledAt = performance.now();
  return {
    take(): boolean {
      const now = performance.now();
      tokens = Math.min(perSecond, tokens + ((now - refilledAt) / 1000) * perSecond);
      refilledAt = now;
      if (tokens < 1) return false;
      tokens -= 1;
      return true;
    },
  };
}

/**
 * aws-ses-v2-local behind a small proxy on `port`. The proxy keeps the account's suppression list,
 * which aws-ses-v2-local does not have: a send to an address on it is accepted and dropped, as
 * SES does, and `DeleteSuppressedDestination` takes an address off it. It forwards every other
 * request, unless a fault is armed, in which case the call gets SES's error response (status and
 * x-amzn-errortype). It holds sends to the account's rate (`maxSendRate` a second), answering
 * beyond it as SES does: 429 TooManyRequestsException, "Maximum sending rate exceeded".
 */
export async function startLocalSes(
  port: number,
  backendPort: number,
  { suppressionFile, maxSendRate = 14 }: { suppressionFile?: string; maxSendRate?: number } = {},
): Promise<LocalSes> {
  const rate = sendingRate(maxSendRate);
  let throttled = 0;
  const server: Server = await startSesServer({ host: '127.0.0.1', port: backendPort });
  const backend = `http://127.0.0.1:${backendPort}`;
  const faults: SesFault[] = [];
  // Kept in `suppressionFile` when there is one, so that it outlives a restart as SES's list does.
  const suppressed = new Set<string>(suppressionFile && existsSync(suppressionFile) ? (JSON.parse(readFileSync(suppressionFile, 'utf8')) as string[]) : []);
  if (suppressionFile) mkdirSync(dirname(suppressionFile), { recursive: true });
  const saveSuppressed = () => {
    if (suppressionFile) writeFileSync(suppressionFile, JSON.stringify([...suppressed].sort()));
  };
  let suppressedSendListener: (email: string) => Promise<void> = async () => {};
  const answerFault = (response: ServerResponse, action: FaultyAction, addresses: string[]) => {
    const fault = faults.find(
      (candidate) => candidate.count > 0 && (candidate.action ?? 'SendEmail') === action && (!candidate.to || addresses.includes(candidate.to)),
    );
    if (!fault) return false;
    fault.count--;
    sendError(response, fault.error === 'TooManyRequestsException' ? 429 : fault.error.endsWith('Exception') && fault.error !== 'MessageRejected' ? 500 : 400, fault.error);
    return true;
  };
  const proxy = createServer(async (request, response) => {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    const suppressedAddress = /^\/v2\/email\/suppression\/addresses\/([^/?]+)/.exec(request.url ?? '');
    if (request.method === 'DELETE' && suppressedAddress) {
      const email = decodeURIComponent(suppressedAddress[1]!).toLowerCase();
      if (answerFault(response, 'DeleteSuppressedDestination', [email])) return;
      if (!suppressed.delete(email)) return sendError(response, 404, 'NotFoundException');
      saveSuppressed();
      return sendJson(response, 200, {});
    }
    if (request.method === 'POST' && request.url?.startsWith('/v2/email/outbound-emails')) {
      const to = (JSON.parse(body.toString('utf8') || '{}') as { Destination?: { ToAddresses?: string[] } }).Destination?.ToAddresses ?? [];
      if (answerFault(response, 'SendEmail', to)) return;
      if (!rate.take()) {
        throttled++;
        return sendJson(response, 429, { message: 'Maximum sending rate exceeded.' }, { 'x-amzn-errortype': 'TooManyRequestsException' });
      }
      // The system's mail has one recipient: a message to a suppressed address is dropped whole.
      const dropped = to.filter((address) => suppressed.has(address.toLowerCase()));
      if (dropped.length > 0) {
        for (const address of dropped) await suppressedSendListener(address.toLowerCase());
        return sendJson(response, 200, { MessageId: `local-suppressed-${randomUUID()}` });
      }
    }
    const forwarded = await fetch(`${backend}${request.url}`, {
      method: request.method ?? 'GET',
      headers: Object.fromEntries(Object.entries(request.headers).filter(([name]) => name !== 'host' && name !== 'content-length')) as Record<string, string>,
      ...(body.length > 0 ? { body } : {}),
    });
    response.writeHead(forwarded.status, { 'content-type': forwarded.headers.get('content-type') ?? 'application/json' });
    response.end(Buffer.from(await forwarded.arrayBuffer()));
  });
  await new Promise<void>((done) => proxy.listen(port, '127.0.0.1', done));
  const endpoint = `http://127.0.0.1:${port}`;
  return {
    endpoint,
    injectFault(fault) {
      faults.push({ ...fault });
    },
    suppress(email) {
      suppressed.add(email.trim().toLowerCase());
      saveSuppressed();
    },
    onSuppressedSend(listener) {
      suppressedSendListener = listener;
    },
    throttledSends: () => throttled,
    async listMail() {
      const response = await fetch(`${backend}/store`);
      const store = (await response.json()) as { emails: StoredEmail[] };
      return store.emails
        .map((email) => ({
          messageId: email.messageId,
          to: [...email.destination.to, ...email.destination.cc, ...email.destination.bcc],
          from: email.from,
          subject: email.subject,
          text: email.body.text,
          html: email.body.html,
          headers: Object.fromEntries((email.headers ?? []).map((header) => [header.name, header.value])),
          sentAt: new Date(email.at * 1000).toISOString(),
        }))
        .reverse();
    },
    stop: async () => {
      for (const running of [proxy, server]) {
        await new Promise<void>((done) => {
          running.closeAllConnections();
          running.close(() => done());
        });
      }
    },
  };
}

function sendJson(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  response.writeHead(status, { 'content-type': 'application/json', ...headers });
  response.end(JSON.stringify(body));
}

/** SES's error shape: the error's name in x-amzn-errortype. */
function sendError(response: ServerResponse, status: number, error: string) {
  const message = error === 'NotFoundException' ? 'Email address is not on the suppression list.' : `Injected fault: ${error}`;
  sendJson(response, status, { message }, { 'x-amzn-errortype': error });
}
