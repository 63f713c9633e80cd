/**
 * Bundle size and cold start, per function group, against a floor bundled the same way in the same
 * run: a handler that only creates the AWS SDK clients the function uses. Bundles are built as the
 * stack builds them (esbuild, ESM, minified, tree-shaken, the SDK inside). Cold start is the time
 * from a fresh Node process's first line to the end of its first event: import, then one call.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build, type BuildOptions, type Metafile } from 'esbuild';
import { functionGroups, groupEntry, routeKey, routes, scheduledGroup, type FunctionGroupName } from '#routes';
import { functionBundling } from '../../lib/bundling.ts';

const repositoryRoot = join(import.meta.dirname, '..', '..');

/** The stack's bundling settings (lib/bundling.ts), for esbuild directly. */
const bundling: BuildOptions = {
  ...functionBundling,
  banner: { js: functionBundling.banner },
  bundle: true,
  format: 'esm',
  platform: 'node',
  treeShaking: true,
  metafile: true,
  logLevel: 'silent',
};

export interface BundleFigures {
  group: FunctionGroupName;
  floor: string;
  bytes: number;
  gzipBytes: number;
  floorBytes: number;
  floorGzipBytes: number;
  coldMs: number;
  floorColdMs: number;
  /** the largest inputs of the bundle, for docs/performance.md */
  largest: { path: string; bytes: number }[];
}

/** Which SDK clients a function creates: the document client always, SES when it mails. */
function floorOf(group: FunctionGroupName): 'none' | 'dynamodb' | 'dynamodb+ses' {
  const spec = functionGroups[group];
  if (spec.tableActions.length === 0) return 'none';
  return spec.sendsMail ? 'dynamodb+ses' : 'dynamodb';
}

const floorSources = {
  none: 'export const handler = async () => ({ statusCode: 200, body: "" });',
  dynamodb: `
    import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
    import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
    const db = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'eu-north-1' }));
    export const handler = async () => ({ statusCode: 200, body: String(typeof db) });`,
  'dynamodb+ses': `
    import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
    import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
    import { SESv2Client } from '@aws-sdk/client-sesv2';
    const db = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'eu-north-1' }));
    const ses = new SESv2Client({ region: 'eu-north-1' });
    export const handler = async () => ({ statusCode: 200, body: String(typeof db) + String(typeof ses) });`,
};

/**
 * The first event a cold function serves here: a real request that runs the whole chain, zod
 * included (building the route's schemas, parsing, the Swedish messages), and is answered before
 * any database call: a body or query that fails validation, by an administrator. The status is
 * checked, so that a change that made it reach the network would show.
 *
 * The public programme routes validate nothing before they read the table, so that function's
 * first event is a route key it does not serve (its dispatcher's 404): the load and the dispatch.
 */
const firstEvents: Record<FunctionGroupName, { routeKey: string; body?: unknown; query?: Record<string, string>; status: number; notServed?: true }> = {
  health: { routeKey: 'GET /api/health', status: 200 },
  fallback: { routeKey: '$default', status: 404 },
  programmes: { routeKey: 'GET /api/programmes/{programmeId}/finns-inte', status: 404, notServed: true },
  programmeAdmin: { routeKey: 'POST /api/programmes', body: { id: 'x' }, status: 400 },
  unitImport: { routeKey: 'POST /api/programmes/{programmeId}/units/import', body: { csv: '' }, status: 400 },
  applications: { routeKey: 'POST /api/programmes/{programmeId}/applications', body: { email: 'inte en adress' }, status: 400 },
  decisions: { routeKey: 'POST /api/applications/{applicationId}/decision', body: { decision: 'kanske' }, status: 400 },
  decisionAdmin: { routeKey: 'GET /api/programmes/{programmeId}/audit', query: { limit: '0' }, status: 400 },
  participants: { routeKey: 'POST /api/programmes/{programmeId}/participants', body: { email: 'inte en adress' }, status: 400 },
  watchers: { routeKey: 'POST /api/programmes/{programmeId}/watchers', body: { email: 'inte en adress' }, status: 400 },
  progress: { routeKey: 'PUT /api/participants/{participantId}/milestones/{milestoneId}', body: { status: 'klar' }, status: 400 },
  groups: { routeKey: 'POST /api/programmes/{programmeId}/groups', body: { name: '', memberIds: [] }, status: 400 },
  exports: { routeKey: 'GET /api/programmes/{programmeId}/exports/progress.csv', query: { limit: '0' }, status: 400 },
  feedback: { routeKey: 'GET /api/suppressions', query: { limit: '0' }, status: 400 },
  notify: { routeKey: 'scheduled', body: { at: 'inte en tid' }, status: 0 },
};

function firstEvent(group: FunctionGroupName): unknown {
  const first = firstEvents[group];
  if (group === scheduledGroup) return first.body;
  const route = routes.find((candidate) => routeKey(candidate) === first.routeKey);
  if (first.routeKey !== '$default' && !first.notServed && !route) throw new Error(`bench: no route ${first.routeKey}`);
  const [method, path] = route ? [route.method, route.path] : first.notServed ? first.routeKey.split(' ') : ['GET', '/api/finns-inte'];
  return {
    version: '2.0',
    routeKey: first.routeKey,
    rawPath: path,
    rawQueryString: new URLSearchParams(first.query).toString(),
    headers: { 'content-type': 'application/json' },
    ...(first.query ? { queryStringParameters: first.query } : {}),
    requestContext: {
      http: { method, path },
      timeEpoch: Date.parse('2027-02-01T08:00:00Z'),
      requestId: 'bench',
      authorizer: { jwt: { claims: { sub: 'bench', email: 'admin@example.se', 'cognito:groups': '[admin]' }, scopes: null } },
    },
    pathParameters: { programmeId: 'bench', applicationId: 'bench', participantId: 'bench', milestoneId: 'bench' },
    ...(first.body ? { body: JSON.stringify(first.body) } : {}),
    isBase64Encoded: false,
  };
}

/** A function group bundled as the stack bundles it. */
export function bundleFunction(group: FunctionGroupName, outfile: string) {
  return bundle({ path: join(repositoryRoot, groupEntry(group)) }, outfile);
}

async function bundle(entry: { path: string } | { source: string }, outfile: string): Promise<{ bytes: number; gzipBytes: number; metafile: Metafile }> {
  const result = await build({
    ...bundling,
    ...('path' in entry
      ? { entryPoints: [entry.path] }
      : { stdin: { contents: entry.source, resolveDir: repositoryRoot, loader: 'js' } }),
    outfile,
  });
  const code = readFileSync(outfile);
  return { bytes: code.byteLength, gzipBytes: gzipSync(code).byteLength, metafile: result.metafile! };
}

/**
 * Median over `runs` fresh processes of: import the bundle, serve the event. The answer's status
 * must be `status` (a scheduled run's invalid event throws: 0).
 */
function coldStart(bundlePath: string, event: unknown, runs: number, status?: number): number {
  const runner = `
    const started = performance.now();
    const module = await import(${JSON.stringify(bundlePath)});
    let status = 0;
    try { status = (await module.handler(${JSON.stringify(event)}, { awsRequestId: 'bench', getRemainingTimeInMillis: () => 10000 })).statusCode; } catch {}
    process.stdout.write(String(performance.now() - started) + ' ' + status);`;
  const times: number[] = [];
  for (let run = 0; run < runs; run++) {
    const child = spawnSync(process.execPath, ['--input-type=module', '-e', runner], {
      encoding: 'utf8',
      env: { PATH: process.env.PATH, AWS_REGION: 'eu-north-1', AWS_ACCESS_KEY_ID: 'bench', AWS_SECRET_ACCESS_KEY: 'bench', TABLE_NAME: 'satsning', SATSNING_LOG_LEVEL: 'silent' },
    });
    if (child.status !== 0) throw new Error(`cold start of ${bundlePath}: ${child.stderr}`);
    const [milliseconds, answered] = child.stdout.split(' ').map(Number) as [number, number];
    if (status !== undefined && answered !== status) throw new Error(`cold start of ${bundlePath}: answered ${answered}, expected ${status}`);
    times.push(milliseconds);
  }
  return times.sort((a, b) => a - b)[Math.floor(times.length / 2)]!;
}

export async function bundleBenchmark(workDir: string, runs = 15): Promise<BundleFigures[]> {
  const floors = new Map<string, { bytes: number; gzipBytes: number; coldMs: number }>();
  for (const [name, source] of Object.entries(floorSources)) {
    const outfile = join(workDir, `floor-${name}.mjs`);
    const built = await bundle({ source }, outfile);
    floors.set(name, { bytes: built.bytes, gzipBytes: built.gzipBytes, coldMs: 0 });
  }
  const figures: BundleFigures[] = [];
  for (const group of Object.keys(functionGroups) as FunctionGroupName[]) {
    const outfile = join(workDir, `${group}.mjs`);
    const built = await bundleFunction(group, outfile);
    writeFileSync(join(workDir, `${group}.meta.json`), JSON.stringify(built.metafile));
    const floorName = floorOf(group);
    const floor = floors.get(floorName)!;
    // Ours and the floor alternate, so that a noisy moment hits both.
    const ours: number[] = [];
    const theirs: number[] = [];
    for (let run = 0; run < runs; run++) {
      ours.push(coldStart(outfile, firstEvent(group), 1, firstEvents[group].status));
      theirs.push(coldStart(join(workDir, `floor-${floorName}.mjs`), {}, 1));
    }
    const median = (values: number[]) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
    const output = Object.values(built.metafile.outputs)[0]!;
    figures.push({
      group,
      floor: floorName,
      bytes: built.bytes,
      gzipBytes: built.gzipBytes,
      floorBytes: floor.bytes,
      floorGzipBytes: floor.gzipBytes,
      coldMs: median(ours),
      floorColdMs: median(theirs),
      largest: Object.entries(output.inputs)
        .map(([path, input]) => ({ path, bytes: input.bytesInOutput }))
        .sort((a, b) => b.bytes - a.bytes)
        .slice(0, 5),
    });
  }
  return figures;
}
