/**
 * The whole system on one machine, on loopback, with no AWS account: DynamoDB Local, the local
 * SES endpoint, the local sign-in and the gateway that serves the API, the pages and the inbox.
 */
import { createServer, type AddressInfo, type Server } from 'node:net';
import { createServer as createHttpServer, type RequestListener } from 'node:http';
import { join, resolve } from 'node:path';
import { randomUUID } from 'node:crypto';
import { createLocalAuth } from './auth.ts';
import { ensureTable, localDynamoDbClient, startDynamoDbLocal, type DynamoDbLocal } from './dynamodb.ts';
import { createGateway, createLocalClock, deliverSesFeedback, loadNotifyHandler, type LocalClock } from './gateway.ts';
import { startLocalSes, type LocalSes } from './ses.ts';
import { createLocalEdge } from './edge.ts';
import { defaultSettings } from '../lib/config.ts';
import { scheduledGroup, timeoutOf } from '#routes';

export interface PlatformOptions {
  /** gateway port; 0 picks a free one */
  port?: number;
  /** where DynamoDB Local keeps its data, the sign-in its key and SES its suppression list; omitted: in memory */
  dataDir?: string;
  /** use an already running DynamoDB Local instead of starting one */
  dynamoDbEndpoint?: string;
  tableName?: string;
  /** run the notification handler every minute on the real clock */
  notifyEveryMinute?: boolean;
  /** seed demo data into an empty table */
  seed?: (now: Date) => Promise<void>;
  /** the public mail forms' answer floor (ms); default as in AWS */
  publicFormAnswerMs?: number;
  /** the per-client limits on the public forms, as WAF applies them in AWS; default on */
  clientLimits?: boolean;
  /** the account's SES sending rate, which the local SES holds sends to; default as in AWS */
  sesRatePerSecond?: number;
  /** the notification function's timeout, which its runs budget their time by; default as in AWS */
  notifyTimeoutMs?: number;
}

export interface Platform {
  url: string;
  apiUrl: string;
  inboxUrl: string;
  dynamoDbEndpoint: string;
  tableName: string;
  clock: LocalClock;
  ses: LocalSes;
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  const server: Server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const address = server.address();
  await new Promise<void>((done) => server.close(() => done()));
  if (!address || typeof address === 'string') throw new Error('no free port');
  return address.port;
}

export async function startPlatform(options: PlatformOptions = {}): Promise<Platform> {
  const stops: (() => Promise<void>)[] = [];
  const stopAll = async () => {
    for (const stop of stops.reverse()) await stop().catch(() => undefined);
  };
  try {
    // The gateway takes its port first and holds it: a port only looked up here could be taken
    // while DynamoDB Local starts, by a platform another test file starts beside this one.
    let gateway: RequestListener | undefined;
    const server = createHttpServer((request, response) => (gateway ? gateway(request, response) : response.writeHead(503).end()));
    server.keepAliveTimeout = 5000;
    await new Promise<void>((done, fail) => {
      server.once('error', fail);
      server.listen(options.port ?? 0, '127.0.0.1', done);
    });
    stops.push(
      () =>
        new Promise<void>((done) => {
          server.closeAllConnections();
          server.close(() => done());
        }),
    );
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const tableName = options.tableName ?? 'satsning';

    let dynamoDbEndpoint = options.dynamoDbEndpoint;
    if (!dynamoDbEndpoint) {
      const dynamoDb: DynamoDbLocal = await startDynamoDbLocal({
        port: await freePort(),
        ...(options.dataDir ? { dataDir: join(resolve(options.dataDir), 'dynamodb') } : {}),
      });
      stops.push(() => dynamoDb.stop());
      dynamoDbEndpoint = dynamoDb.endpoint;
    }
    const admin = localDynamoDbClient(dynamoDbEndpoint);
    await ensureTable(admin, tableName);
    admin.destroy();

    const sesRatePerSecond = options.sesRatePerSecond ?? defaultSettings.sesRatePerSecond;
    const ses = await startLocalSes(await freePort(), await freePort(), {
      ...(options.dataDir ? { suppressionFile: join(resolve(options.dataDir), 'ses-suppression-list.json') } : {}),
      maxSendRate: sesRatePerSecond,
    });
    stops.push(() => ses.stop());

    const edge = createLocalEdge({ clientLimits: options.clientLimits ?? true });
    // The functions read these at load, exactly as they read what the stack sets in AWS.
    Object.assign(process.env, {
      ORIGIN_SECRET: edge.originSecret,
      TABLE_NAME: tableName,
      DYNAMODB_ENDPOINT: dynamoDbEndpoint,
      SES_ENDPOINT: ses.endpoint,
      AWS_REGION: 'eu-north-1',
      AWS_ACCESS_KEY_ID: 'local',
      AWS_SECRET_ACCESS_KEY: 'local',
      MAIL_FROM: process.env.MAIL_FROM ?? 'Utbildningsförvaltningen <satsning@example.se>',
      SITE_URL: url,
      PUBLIC_FORM_ANSWER_MS: String(options.publicFormAnswerMs ?? defaultSettings.publicFormAnswerMs),
      SES_RATE_PER_SECOND: String(sesRatePerSecond),
    });

    const auth = await createLocalAuth({
      issuer: `${url}/_local`,
      jwksUrl: `${url}/_local/jwks.json`,
      ...(options.dataDir ? { keyFile: join(resolve(options.dataDir), 'jwt-key.json') } : {}),
    });
    const clock = createLocalClock();
    // SES reports each message it drops for a suppressed address as a permanent bounce.
    ses.onSuppressedSend(async (email) => {
      await deliverSesFeedback({ type: 'bounce', email, bounceType: 'Permanent', bounceSubType: 'OnAccountSuppressionList' }, clock.now());
    });
    // Invoked as Lambda does: with the time it has left before its timeout.
    const notifyTimeoutMs = options.notifyTimeoutMs ?? timeoutOf(scheduledGroup) * 1000;
    const notify = async (at: Date) => {
      const started = Date.now();
      const context = { awsRequestId: randomUUID(), getRemainingTimeInMillis: () => Math.max(0, notifyTimeoutMs - (Date.now() - started)) };
      return (await loadNotifyHandler()).handler({ at: at.toISOString() }, context as never);
    };

    gateway = createGateway({ auth, ses, clock, notify, edge, siteUrl: url });

    if (options.seed) await options.seed(clock.now());

    if (options.notifyEveryMinute) {
      let timer: NodeJS.Timeout;
      const scheduleNext = () => {
        const now = Date.now();
        timer = setTimeout(async () => {
          const at = new Date(Math.floor(Date.now() / 60_000) * 60_000);
          await notify(at).catch((error) => console.error('notification run failed', error));
          scheduleNext();
        }, 60_000 - (now % 60_000) + 50);
      };
      scheduleNext();
      stops.push(async () => clearTimeout(timer));
    }

    return {
      url,
      apiUrl: `${url}/api`,
      inboxUrl: `${url}/_local/inbox`,
      dynamoDbEndpoint,
      tableName,
      clock,
      ses,
      stop: stopAll,
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}
