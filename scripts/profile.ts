/**
 * `npm run profile`: a CPU profile (the V8 profiler `node --cpu-prof` uses, through the inspector)
 * of the platform serving the slowest route, POST …/applications (`npm run profile -- programme`:
 * GET /api/programmes/{programmeId}, the route nearest its target), under the benchmark's load;
 * prints where the time goes, by function and by package, and keeps the profile (open it in
 * Chrome DevTools or speedscope for a flame graph). Then it profiles the route's baseline (the raw
 * round trips, as `npm run bench` issues them) and prints, per request, what the route's path
 * adds over it, package by package: the question the benchmark's API ratio asks.
 * What we changed because of it is in docs/performance.md.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Session } from 'node:inspector/promises';
import type { Profiler } from 'node:inspector';
import { startPlatform } from '#local/platform';
import { unlimitedSendRate } from '#local/ses';
import { apiCases, baselineLoad, load, warmUp } from './bench/api.ts';
import type { LoadFigures } from './bench/loadFigures.ts';

process.env.SES_RATE_PER_SECOND = '100000';
process.env.SATSNING_LOG_LEVEL = 'silent';

const seconds = Number(process.env.BENCH_SECONDS ?? 8);
const outDir = process.env.PROFILE_DIR ?? mkdtempSync(join(tmpdir(), 'satsning-profile-'));
// As in the benchmark: no answer floor and no per-client limits, which are waits, not work.
const platform = await startPlatform({ port: 0, dataDir: join(outDir, 'data'), publicFormAnswerMs: 0, clientLimits: false, sesRatePerSecond: unlimitedSendRate });
const [getProgramme, apply] = await apiCases(platform);
const profiled = process.argv[2] === 'programme' ? getProgramme! : apply!;
const fileName = profiled.method === 'GET' ? 'programme' : 'applications';
await warmUp(profiled);

const session = new Session();
session.connect();
await session.post('Profiler.enable');
await session.post('Profiler.setSamplingInterval', { interval: 200 });
async function profileOf(run: () => Promise<LoadFigures>) {
  await session.post('Profiler.start');
  const figures = await run();
  const { profile } = await session.post('Profiler.stop');
  return { figures, profile };
}
const route = await profileOf(() => load(profiled.url, profiled.method, seconds, profiled.template));
const baseline = await profileOf(() => baselineLoad(seconds, profiled.operation));
await platform.stop();
const file = join(outDir, `${fileName}.cpuprofile`);
writeFileSync(file, JSON.stringify(route.profile));
writeFileSync(join(outDir, `${fileName}-baseline.cpuprofile`), JSON.stringify(baseline.profile));

type Where = { functionName: string; url: string; lineNumber: number };

function packageOf({ functionName, url: source }: Where): string {
  return /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(source)?.[1] ?? (source.includes('/lambdas/') ? 'lambdas (ours)' : source.includes('/local/') ? 'local (the platform)' : source ? 'node' : functionName || '(vm)');
}

function functionOf({ functionName, url: source, lineNumber }: Where): string {
  const where = source.replace(/^file:\/\//, '').replace(/.*\/node_modules\//, '').replace(/.*\/work\/[^/]+\//, '');
  return `${functionName || '(anonymous)'} ${where}:${lineNumber + 1}`;
}

/** Self time in microseconds by `key`: each sample weighs the time until the next one. */
function selfTime(profile: Profiler.Profile, key: (where: Where) => string): Map<string, number> {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const totals = new Map<string, number>();
  profile.samples!.forEach((id, index) => {
    const name = key(byId.get(id)!.callFrame);
    totals.set(name, (totals.get(name) ?? 0) + (profile.timeDeltas![index + 1] ?? 0));
  });
  return totals;
}

const share = (map: Map<string, number>, count: number) => {
  const total = [...map.values()].reduce((sum, value) => sum + value, 0);
  return [...map].sort((a, b) => b[1] - a[1]).slice(0, count).map(([name, time]) => `${((time / total) * 100).toFixed(1).padStart(5)} %  ${name}`).join('\n');
};

/** Per request, the route against its baseline: the largest differences first. */
function perRequest(count: number) {
  const ours = selfTime(route.profile, packageOf);
  const theirs = selfTime(baseline.profile, packageOf);
  const each = (map: Map<string, number>, name: string, requests: number) => (map.get(name) ?? 0) / requests;
  const rows = [...new Set([...ours.keys(), ...theirs.keys()])]
    .map((name) => [name, each(ours, name, route.figures.total), each(theirs, name, baseline.figures.total)] as const)
    .sort((a, b) => b[1] - b[2] - (a[1] - a[2]));
  const cell = (value: number) => value.toFixed(0).padStart(7);
  const sum = (column: 1 | 2) => rows.reduce((total, row) => total + row[column], 0);
  return [
    `${'µs per request'.padEnd(28)}  ${'route'.padStart(7)}  ${'raw'.padStart(7)}  ${'added'.padStart(7)}`,
    ...rows.slice(0, count).map(([name, route, raw]) => `${name.padEnd(28)}  ${cell(route)}  ${cell(raw)}  ${cell(route - raw)}`),
    `${'all (this process)'.padEnd(28)}  ${cell(sum(1))}  ${cell(sum(2))}  ${cell(sum(1) - sum(2))}`,
  ].join('\n');
}

const summary = (figures: LoadFigures) => `${figures.requestsPerSecond.toFixed(0)} req/s, p50 ${figures.p50.toFixed(1)} ms, ${figures.non2xx + figures.errors} errors`;
console.log(`${profiled.route} under load: ${summary(route.figures)}`);
console.log(`${profiled.baselineLabel} (the baseline): ${summary(baseline.figures)}`);
console.log(`\nSelf time by package:\n${share(selfTime(route.profile, packageOf), 12)}`);
console.log(`\nSelf time by function:\n${share(selfTime(route.profile, functionOf), 20)}`);
console.log(`\nWhat the route adds over its baseline, in this process (the load generator and DynamoDB Local run in others):\n${perRequest(12)}`);
console.log(`\nProfile: ${file} (the baseline's beside it)`);
process.exit(0);
