/**
 * API overhead under load: a route through the local gateway, loaded from a second process
 * (`load.ts`, 50 connections), against the raw round trips the route needs, issued by the very SDK
 * clients the handlers use, to the same DynamoDB Local and local SES, with the same 50 in flight.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { GetCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { SendEmailCommand } from '@aws-sdk/client-sesv2';
import type { Platform } from '#local/platform';
import type { Application } from '#model/application';
import { applicationBody, programmeBody } from '../../test/helpers/fixtures.ts';
import { type LoadFigures, loadFigures } from './loadFigures.ts';

export interface ApiFigures {
  route: string;
  baselineLabel: string;
  api: LoadFigures;
  baseline: LoadFigures;
}

const programmeId = 'bench-api';
const connections = 50;
const rounds = 2;
/** Seconds of each warm-up round, on each side in turn: 10 s of load in all. */
const warmUpRounds = [2, 3];
export const warmUpSeconds = 2 * warmUpRounds.reduce((sum, round) => sum + round, 0);

/** Rounds of the same load as one figure: rates and percentiles averaged, counts summed. */
function combined(figures: LoadFigures[]): LoadFigures {
  const mean = (pick: (figure: LoadFigures) => number) => figures.reduce((sum, figure) => sum + pick(figure), 0) / figures.length;
  const sum = (pick: (figure: LoadFigures) => number) => figures.reduce((total, figure) => total + pick(figure), 0);
  return {
    requestsPerSecond: mean((figure) => figure.requestsPerSecond),
    p50: mean((figure) => figure.p50),
    p99: mean((figure) => figure.p99),
    total: sum((figure) => figure.total),
    non2xx: sum((figure) => figure.non2xx),
    errors: sum((figure) => figure.errors),
    ...(figures.every((figure) => figure.generatorCpuMicroseconds !== undefined)
      ? { generatorCpuMicroseconds: mean((figure) => figure.generatorCpuMicroseconds!) }
      : {}),
  };
}

export function load(url: string, method: string, seconds: number, template?: string): Promise<LoadFigures> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'load.ts'), url, method, String(seconds), String(connections), ...(template ? [template] : [])], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(output.trim().split('\n').at(-1)!)) : reject(new Error(`load generator exited ${code}`))));
  });
}

/** `connections` loops of `operation` for `seconds`: the same shape of load, without our code. */
export async function baselineLoad(seconds: number, operation: () => Promise<void>): Promise<LoadFigures> {
  const latencies: number[] = [];
  let errors = 0;
  const until = performance.now() + seconds * 1000;
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (performance.now() < until) {
        const started = performance.now();
        try {
          await operation();
          latencies.push(performance.now() - started);
        } catch {
          errors++;
        }
      }
    }),
  );
  return loadFigures(latencies, seconds, { non2xx: 0, errors });
}

/** A programme open for applications on the real clock, with room for every applicant. */
async function openProgramme(platform: Platform): Promise<string> {
  const day = 24 * 3600 * 1000;
  const now = Date.now();
  const iso = (offset: number) => new Date(now + offset).toISOString();
  const date = (offset: number) => iso(offset).slice(0, 10);
  const token = (await (await fetch(`${platform.url}/_local/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'admin@example.se', groups: ['admin'] }),
  })).json()).token;
  const units = programmeBody().units.map((unit) => ({ ...unit, seats: 1000 }));
  const created = await fetch(`${platform.url}/api/programmes`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify(programmeBody({
      id: programmeId,
      window: { opensAt: iso(-day), closesAt: iso(30 * day) },
      decisionDeadline: iso(40 * day),
      period: { start: date(60 * day), end: date(400 * day) },
      seats: 100_000,
      units,
      milestones: [],
    })),
  });
  if (created.status !== 201) throw new Error(`bench programme: ${created.status} ${await created.text()}`);
  return programmeId;
}

/** An application body whose `{n}` the load generator makes unique per request. */
const applicationTemplate = JSON.stringify(applicationBody({ email: 'last-{n}@example.se' }));

/** A route under load, and the raw round trips it needs: what the baseline issues instead. */
export interface ApiCase {
  route: string;
  baselineLabel: string;
  method: 'GET' | 'POST';
  url: string;
  /** the POST body, its `{n}` made unique per request */
  template?: string;
  operation: () => Promise<void>;
}

/** The routes the benchmark loads, on an open programme made here, with their baselines. */
export async function apiCases(platform: Platform): Promise<ApiCase[]> {
  // After the platform has set the environment: the same clients and table the handlers use.
  const { dynamo, ses } = await import('#adapters/clients');
  const keys = await import('#adapters/dynamodb/entities');
  const { applicationItem, emailGuardItem } = await import('#adapters/dynamodb/items');
  const { config } = await import('#adapters/config');
  await openProgramme(platform);

  const getProgramme = () => dynamo().send(new GetCommand({ TableName: config.tableName, Key: keys.programme(programmeId) }));
  let counter = 0;
  const applyRoundTrips = async () => {
    await getProgramme();
    const id = randomBytes(12).toString('base64url');
    const at = new Date().toISOString();
    const { privacyNoticeRead: _privacyNoticeRead, ...answers } = applicationBody({ email: `baslinje-${counter++}@example.se` });
    await dynamo().send(new TransactWriteCommand({
      TransactItems: [
        { Put: { TableName: config.tableName, Item: emailGuardItem(programmeId, randomBytes(32).toString('hex'), id), ConditionExpression: 'attribute_not_exists(pk)' } },
        { Put: { TableName: config.tableName, Item: applicationItem({ id, programmeId, ...answers, privacyNoticeReadAt: at, status: 'submitted', createdAt: at, updatedAt: at, secretHash: '0'.repeat(64) } as Application), ConditionExpression: 'attribute_not_exists(pk)' } },
      ],
    }));
    // The receipt counts towards the address's interval on unsolicited mail (model/mailCap.ts).
    await dynamo().send(new UpdateCommand({
      TableName: config.tableName,
      Key: keys.mailCapProgramme(randomBytes(32).toString('hex'), programmeId),
      UpdateExpression: 'SET lastAt = :at',
      ExpressionAttributeValues: { ':at': at },
    }));
    await ses().send(new SendEmailCommand({
      FromEmailAddress: config.mailFrom,
      Destination: { ToAddresses: [answers.email] },
      Content: { Simple: { Subject: { Data: 'Baslinje' }, Body: { Text: { Data: 'Baslinje' } } } },
    }));
  };

  return [
    {
      route: 'GET /api/programmes/{programmeId}',
      baselineLabel: 'DynamoDB GetItem',
      method: 'GET',
      url: `${platform.url}/api/programmes/${programmeId}`,
      operation: async () => void (await getProgramme()),
    },
    {
      route: 'POST /api/programmes/{programmeId}/applications',
      baselineLabel: 'GetItem + TransactWriteItems + UpdateItem + SES SendEmail',
      method: 'POST',
      url: `${platform.url}/api/programmes/${programmeId}/applications`,
      template: applicationTemplate,
      operation: applyRoundTrips,
    },
  ];
}

/**
 * The route and its baseline in turn, until the handler, the clients, the JIT and DynamoDB Local
 * are steady on the same paths: DynamoDB Local's JVM spends up to twice its later CPU per request
 * in the first 10 s of a route's load, and a shorter warm-up left the measured rounds paying for it.
 */
export async function warmUp(testCase: ApiCase): Promise<void> {
  for (const roundSeconds of warmUpRounds) {
    await load(testCase.url, testCase.method, roundSeconds, testCase.template);
    await baselineLoad(roundSeconds, testCase.operation);
  }
}

export async function apiBenchmark(platform: Platform, seconds: number): Promise<ApiFigures[]> {
  const figures: ApiFigures[] = [];
  for (const testCase of await apiCases(platform)) {
    await warmUp(testCase);
    // Alternating rounds, so that a slow moment of the machine (or of DynamoDB Local) hits both,
    // in the order route, baseline, baseline, route, so that neither side always goes first.
    const api: LoadFigures[] = [];
    const baseline: LoadFigures[] = [];
    const measureRoute = async () => api.push(await load(testCase.url, testCase.method, seconds / rounds, testCase.template));
    const measureBaseline = async () => baseline.push(await baselineLoad(seconds / rounds, testCase.operation));
    for (let round = 0; round < rounds; round++) {
      for (const measure of round % 2 === 0 ? [measureRoute, measureBaseline] : [measureBaseline, measureRoute]) await measure();
    }
    figures.push({ route: testCase.route, baselineLabel: testCase.baselineLabel, api: combined(api), baseline: combined(baseline) });
  }
  return figures;
}
