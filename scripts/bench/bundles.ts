/**
 * Bundle size and cold start, per function group, against a floor bundled the same way in the same
 * run: a handler that only creates the AWS SDK clients the function uses. Bundles are built as the
 * stack builds them (esbuild, ESM, minified, tree-shaken, the SDK inside). Cold start is the time
 * from a fresh Node process's first line to the end of its first event: import, then one call.
 *
 * On a shared VM one and the same process start takes 55 or 90 ms depending on the moment, so the
 * ratio is taken pair by pair: each start of ours runs next to one of the floor's (alternating
 * which goes first), and the ratio is the median of the pairs' ratios. Measured on this kind of
 * machine (200 pairs, windows of 15), that spreads half as much as the ratio of the two medians,
 * and a quarter as much with 25 pairs (docs/performance.md).
 *
 * The starts run on the Node.js that Lambda runs (the stack's `nodejs24.x`), not on the one that
 * runs the benchmark: see `coldStartNode`.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build, type Metafile } from 'esbuild';
import { functionGroups, groupEntry, routeKey, routes, scheduledGroup, type FunctionGroupName } from '#routes';
import { entryFileName, functionBuild, functionBundling } from '../../lib/bundling.ts';

const repositoryRoot = join(import.meta.dirname, '..', '..');

/** The Node.js major that Lambda runs the functions on: the stack's runtime and esbuild's target. */
export const lambdaNodeMajor = Number(functionBundling.target.replace('node', ''));

export interface ColdStartNode {
  path: string;
  version: string;
  /** why the starts do not run on Lambda's Node.js, if they do not (for the table: Swedish) */
  fallback?: string;
}

/**
 * The Node.js the cold starts run on. Loading is mostly V8 compiling the bundle and Node loading
 * its own modules, and both differ between majors (docs/performance.md), so the ratio is measured
 * on Lambda's major. `scripts/node` pins it from the npm registry (Linux, x64 or arm64)
 * as a package of its own, so that its `node` does not come first on the path of the project's
 * own scripts; it is installed here when missing or not the pinned version. Where it cannot be
 * had, the starts run on this Node and the table says so.
 */
export function coldStartNode(): ColdStartNode {
  const runtimeDir = join(import.meta.dirname, '..', 'node');
  const runtimePackage = `node-${process.platform}-${process.arch}`;
  const path = join(runtimeDir, 'node_modules', runtimePackage, 'bin', 'node');
  const pinned = JSON.parse(readFileSync(join(runtimeDir, 'package.json'), 'utf8')).optionalDependencies[runtimePackage];
  const versionOf = () => (existsSync(path) ? spawnSync(path, ['--version'], { encoding: 'utf8' }).stdout.trim() : '');
  let version = versionOf();
  if (pinned && version !== `v${pinned}`) {
    spawnSync('npm', ['ci', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: runtimeDir, stdio: ['ignore', 'ignore', 'inherit'] });
    version = versionOf();
  }
  if (version.startsWith(`v${lambdaNodeMajor}.`)) return { path, version };
  return {
    path: process.execPath,
    version: process.version,
    fallback: version ? `${path} är ${version}` : `ingen Node.js ${lambdaNodeMajor} för ${process.platform}-${process.arch} i scripts/node`,
  };
}

export interface BundleFigures {
  group: FunctionGroupName;
  floor: string;
  /** every file, as deployed */
  bytes: number;
  gzipBytes: number;
  /** what a cold start loads: the entry and the chunks it imports statically */
  startBytes: number;
  floorBytes: number;
  floorGzipBytes: number;
  floorStartBytes: number;
  /** medians of the fresh processes: import plus first event, and the first event alone */
  coldMs: number;
  firstEventMs: number;
  floorColdMs: number;
  /** the median of the pairs' ratios (ours ÷ the floor's next to it) */
  coldRatio: number;
  /** where that median lies, 9 times in 10: a bootstrap over the pairs */
  coldRatioInterval: [low: number, high: number];
  /** the floor bundled in one file, as a plain bundle of the SDK clients is (no chunks), and ours against it */
  oneFileFloorColdMs: number;
  oneFileColdRatio: number;
  oneFileColdRatioInterval: [low: number, high: number];
  /** the largest inputs of the bundle, for docs/performance.md */
  largest: { path: string; bytes: number }[];
}

/** Which SDK clients a function creates: the document client always, SES when it uses SES. */
function floorOf(group: FunctionGroupName): 'none' | 'dynamodb' | 'dynamodb+ses' {
  const spec = functionGroups[group];
  if (spec.tableActions.length === 0) return 'none';
  return spec.sesActions.length > 0 ? 'dynamodb+ses' : 'dynamodb';
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
  programmeMessages: { routeKey: 'POST /api/programmes/{programmeId}/messages/preview', body: { audience: 'alla' }, status: 400 },
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

/** A function group bundled as the stack bundles it, into `outdir`. */
export function bundleFunction(group: FunctionGroupName, outdir: string) {
  return bundle({ path: join(repositoryRoot, groupEntry(group)) }, outdir);
}

export interface Bundle {
  /** the file a cold start imports */
  entryPath: string;
  /** every file, as deployed: the entry and its chunks */
  bytes: number;
  gzipBytes: number;
  /** the entry and the chunks it imports statically: what a cold start loads */
  startBytes: number;
  /** those files, as the metafile names its outputs */
  startOutputs: string[];
  metafile: Metafile;
}

async function bundle(entry: { path: string } | { source: string }, outdir: string, oneFile = false): Promise<Bundle> {
  const { metafile } = await build({ ...functionBuild(repositoryRoot, entry, outdir), ...(oneFile ? { splitting: false } : {}), metafile: true, logLevel: 'silent' });
  // The metafile names outputs relative to the working directory, as their imports of each other.
  // Every module reached by import() is an entry point of its own: the function's is `index.mjs`.
  const outputs = metafile.outputs;
  const entryOutput = Object.keys(outputs).find((path) => basename(path) === entryFileName)!;
  const loadedAtStart = new Set<string>();
  const visit = (path: string) => {
    if (loadedAtStart.has(path)) return;
    loadedAtStart.add(path);
    for (const imported of outputs[path]!.imports) if (imported.kind === 'import-statement' && !imported.external) visit(imported.path);
  };
  visit(entryOutput);
  const startOutputs = [...loadedAtStart];
  const sum = (paths: string[], size: (path: string) => number) => paths.reduce((total, path) => total + size(path), 0);
  const files = Object.keys(outputs);
  return {
    entryPath: join(outdir, entryFileName),
    bytes: sum(files, (path) => outputs[path]!.bytes),
    gzipBytes: sum(files, (path) => gzipSync(readFileSync(join(repositoryRoot, path))).byteLength),
    startBytes: sum(startOutputs, (path) => outputs[path]!.bytes),
    startOutputs,
    metafile,
  };
}

interface ColdStart {
  /** import and first event */
  totalMs: number;
  firstEventMs: number;
}

/**
 * One fresh process: import the bundle, serve the event. The answer's status must be `status` (a
 * scheduled run's invalid event throws: 0).
 */
function coldStart(node: string, bundlePath: string, event: unknown, status?: number): ColdStart {
  const runner = `
    const started = performance.now();
    const module = await import(${JSON.stringify(bundlePath)});
    const imported = performance.now();
    let status = 0;
    try { status = (await module.handler(${JSON.stringify(event)}, { awsRequestId: 'bench', getRemainingTimeInMillis: () => 10000 })).statusCode; } catch {}
    const served = performance.now();
    process.stdout.write([served - started, served - imported, status].join(' '));`;
  const child = spawnSync(node, ['--input-type=module', '-e', runner], {
    encoding: 'utf8',
    env: { PATH: process.env.PATH, AWS_REGION: 'eu-north-1', AWS_ACCESS_KEY_ID: 'bench', AWS_SECRET_ACCESS_KEY: 'bench', TABLE_NAME: 'satsning', SATSNING_LOG_LEVEL: 'silent' },
  });
  if (child.status !== 0) throw new Error(`cold start of ${bundlePath}: ${child.stderr}`);
  const [totalMs, firstEventMs, answered] = child.stdout.split(' ').map(Number) as [number, number, number];
  if (status !== undefined && answered !== status) throw new Error(`cold start of ${bundlePath}: answered ${answered}, expected ${status}`);
  return { totalMs, firstEventMs };
}

/** Starts of each function, and as many of each of its floors': about 100 s for all of them. */
export const coldStartPairs = 25;

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

/**
 * The 5th and 95th percentiles of the median over 2,000 resamples of `values` (a bootstrap): how
 * far this run's median could be from the one a longer run would find. The resampling is seeded,
 * so that the same starts give the same interval.
 */
function medianInterval(values: number[]): [number, number] {
  let seed = 1;
  const random = () => ((seed = (seed * 48271) % 2147483647) / 2147483647);
  const medians = Array.from({ length: 2000 }, () => median(values.map(() => values[Math.floor(random() * values.length)]!)));
  medians.sort((a, b) => a - b);
  return [medians[100]!, medians[1899]!];
}

/**
 * `pairs` starts of each function, each next to one of each of its two floors: the SDK clients
 * bundled as ours are (the code only import() reaches in chunks of its own), and in one file. The
 * functions take turns, one start each per round, so that a slow spell of the machine (it lasts
 * seconds) touches a few starts of every function rather than all of one. A function without a
 * floor (health, fallback: no SDK client) gets a third as many, as its ratio of a few
 * milliseconds says little.
 */
export async function bundleBenchmark(workDir: string, node: string, pairs = coldStartPairs): Promise<BundleFigures[]> {
  const floors = new Map<string, Bundle>();
  const oneFileFloors = new Map<string, Bundle>();
  for (const [name, source] of Object.entries(floorSources)) {
    floors.set(name, await bundle({ source }, join(workDir, `floor-${name}`)));
    oneFileFloors.set(name, await bundle({ source }, join(workDir, `floor-${name}-one-file`), true));
  }
  const measured = [];
  for (const group of Object.keys(functionGroups) as FunctionGroupName[]) {
    const built = await bundleFunction(group, join(workDir, group));
    writeFileSync(join(workDir, `${group}.meta.json`), JSON.stringify(built.metafile));
    const floorName = floorOf(group);
    measured.push({
      group,
      built,
      floorName,
      floorPath: floors.get(floorName)!.entryPath,
      oneFileFloorPath: oneFileFloors.get(floorName)!.entryPath,
      event: firstEvent(group),
      pairs: floorName === 'none' ? Math.ceil(pairs / 3) : pairs,
      ours: [] as ColdStart[],
      theirs: [] as ColdStart[],
      oneFile: [] as ColdStart[],
    });
  }
  for (let pair = 0; pair < pairs; pair++) {
    for (const one of measured.filter((candidate) => pair < candidate.pairs)) {
      // The order of the three turns round, so that none always follows another.
      const starts = [
        () => one.ours.push(coldStart(node, one.built.entryPath, one.event, firstEvents[one.group].status)),
        () => one.theirs.push(coldStart(node, one.floorPath, {})),
        () => one.oneFile.push(coldStart(node, one.oneFileFloorPath, {})),
      ];
      for (let turn = 0; turn < starts.length; turn++) starts[(pair + turn) % starts.length]!();
    }
  }
  return measured.map(({ group, built, floorName, ours, theirs, oneFile }) => {
    const floor = floors.get(floorName)!;
    const ratios = ours.map((start, pair) => start.totalMs / theirs[pair]!.totalMs);
    const oneFileRatios = ours.map((start, pair) => start.totalMs / oneFile[pair]!.totalMs);
    return {
      group,
      floor: floorName,
      bytes: built.bytes,
      gzipBytes: built.gzipBytes,
      startBytes: built.startBytes,
      floorBytes: floor.bytes,
      floorGzipBytes: floor.gzipBytes,
      floorStartBytes: floor.startBytes,
      coldMs: median(ours.map((start) => start.totalMs)),
      firstEventMs: median(ours.map((start) => start.firstEventMs)),
      floorColdMs: median(theirs.map((start) => start.totalMs)),
      coldRatio: median(ratios),
      coldRatioInterval: medianInterval(ratios),
      oneFileFloorColdMs: median(oneFile.map((start) => start.totalMs)),
      oneFileColdRatio: median(oneFileRatios),
      oneFileColdRatioInterval: medianInterval(oneFileRatios),
      largest: Object.values(built.metafile.outputs)
        .flatMap((output) => Object.entries(output.inputs).map(([path, input]) => ({ path, bytes: input.bytesInOutput })))
        .sort((a, b) => b.bytes - a.bytes)
        .slice(0, 5),
    };
  });
}
