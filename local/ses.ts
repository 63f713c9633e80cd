/**
 * A local SES v2 endpoint (aws-ses-v2-local): the real @aws-sdk/client-sesv2 client sends to it,
 * and the mail it accepted can be read back, shaped for the inbox page and `GET /_local/mail`.
 */
import type { Server } from 'node:http';
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

export interface LocalSes {
  endpoint: string;
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

export async function startLocalSes(port: number): Promise<LocalSes> {
  const server: Server = await startSesServer({ host: '127.0.0.1', port });
  const endpoint = `http://127.0.0.1:${port}`;
  return {
    endpoint,
    async listMail() {
      const response = await fetch(`${endpoint}/store`);
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
    stop: () =>
      new Promise<void>((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}
