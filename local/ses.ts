/**
 * A local SES v2 endpoint (aws-ses-v2-local): the real @aws-sdk/client-sesv2 client sends to it,
 * and the mail it accepted can be read back, shaped for the inbox page and `GET /_local/mail`.
 */
import { createServer, type Server } from 'node:http';
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
  /** how many of the next sends fail */
  count: number;
  /** the SES v2 error name, e.g. TooManyRequestsException or MessageRejected */
  error: string;
  /** only sends to this address fail (all, if absent) */
  to?: string;
}

export interface LocalSes {
  endpoint: string;
  /** make the next sends fail, as SES would (tests of retries and failures) */
  injectFault(fault: SesFault): void;
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
 * aws-ses-v2-local behind a small proxy on `port`: the proxy forwards every request, unless a
 * fault is armed, in which case a send gets SES's error response (status and x-amzn-errortype).
 */
export async function startLocalSes(port: number, backendPort: number): Promise<LocalSes> {
  const server: Server = await startSesServer({ host: '127.0.0.1', port: backendPort });
  const backend = `http://127.0.0.1:${backendPort}`;
  const faults: SesFault[] = [];
  const proxy = createServer(async (request, response) => {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    if (request.method === 'POST' && request.url?.startsWith('/v2/email/outbound-emails')) {
      const to = (JSON.parse(body.toString('utf8') || '{}') as { Destination?: { ToAddresses?: string[] } }).Destination?.ToAddresses ?? [];
      const fault = faults.find((candidate) => candidate.count > 0 && (!candidate.to || to.includes(candidate.to)));
      if (fault) {
        fault.count--;
        const status = fault.error === 'TooManyRequestsException' ? 429 : fault.error.endsWith('Exception') && fault.error !== 'MessageRejected' ? 500 : 400;
        response.writeHead(status, { 'content-type': 'application/json', 'x-amzn-errortype': fault.error });
        response.end(JSON.stringify({ message: `Injected fault: ${fault.error}` }));
        return;
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
