/**
 * `npm run profile`: a CPU profile (the V8 profiler `node --cpu-prof` uses, through the inspector)
 * of the platform serving the slowest route, POST …/applications (`npm run profile -- programme`:
 * GET /api/programmes/{programmeId}, the route nearest its target), under the benchmark's load;
 * prints where the time goes, by function and by package, and keeps the profile (open it in
 * Chrome DevTools or speedscope for a flame graph).
 * What we changed because of it is in docs/performance.md.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Session } from 'node:inspector/promises';
import { startPlatform } from '#local/platform';
import { applicationTemplate, load, openProgramme } from './bench/api.ts';

process.env.SES_RATE_PER_SECOND = '100000';
process.env.SATSNING_LOG_LEVEL = 'silent';

const outDir = process.env.PROFILE_DIR ?? mkdtempSync(join(tmpdir(), 'satsning-profile-'));
const platform = await startPlatform({ port: 0, dataDir: join(outDir, 'data') });
const programmeId = await openProgramme(platform);
const profiled = process.argv[2] === 'programme'
  ? { name: 'GET /api/programmes/{programmeId}', url: `${platform.url}/api/programmes/${programmeId}`, method: 'GET', template: undefined }
  : { name: 'POST /api/programmes/{programmeId}/applications', url: `${platform.url}/api/programmes/${programmeId}/applications`, method: 'POST', template: applicationTemplate };
await load(profiled.url, profiled.method, 2, profiled.template);

const session = new Session();
session.connect();
await session.post('Profiler.enable');
await session.post('Profiler.setSamplingInterval', { interval: 200 });
await session.post('Profiler.start');
const figures = await load(profiled.url, profiled.method, Number(process.env.BENCH_SECONDS ?? 8), profiled.template);
const { profile } = await session.post('Profiler.stop');
await platform.stop();
const file = join(outDir, `${profiled.method === 'GET' ? 'programme' : 'applications'}.cpuprofile`);
writeFileSync(file, JSON.stringify(profile));

// Self time per function and per package.
const total = profile.samples!.length;
const selfCount = new Map<number, number>();
for (const id of profile.samples!) selfCount.set(id, (selfCount.get(id) ?? 0) + 1);
const byFunction = new Map<string, number>();
const byPackage = new Map<string, number>();
for (const node of profile.nodes) {
  const count = selfCount.get(node.id) ?? 0;
  if (count === 0) continue;
  const { functionName, url: source, lineNumber } = node.callFrame;
  const where = source.replace(/^file:\/\//, '').replace(/.*\/node_modules\//, '').replace(/.*\/work\/[^/]+\//, '');
  const name = `${functionName || '(anonymous)'} ${where}:${lineNumber + 1}`;
  byFunction.set(name, (byFunction.get(name) ?? 0) + count);
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(source)?.[1] ?? (source.includes('/lambdas/') ? 'lambdas (ours)' : source.includes('/local/') ? 'local (the platform)' : source ? 'node' : functionName || '(vm)');
  byPackage.set(pkg, (byPackage.get(pkg) ?? 0) + count);
}
const top = (map: Map<string, number>, count: number) =>
  [...map].sort((a, b) => b[1] - a[1]).slice(0, count).map(([name, samples]) => `${((samples / total) * 100).toFixed(1).padStart(5)} %  ${name}`).join('\n');
console.log(`${profiled.name} under load: ${figures.requestsPerSecond.toFixed(0)} req/s, p50 ${figures.p50} ms, ${figures.non2xx + figures.errors} errors`);
console.log(`\nSelf time by package:\n${top(byPackage, 12)}\n\nSelf time by function:\n${top(byFunction, 20)}\n\nProfile: ${file}`);
process.exit(0);
