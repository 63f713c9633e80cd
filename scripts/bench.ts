/**
 * `npm run bench`: every figure against a baseline measured in the same run, printed as one table
 * with the ratio and whether the target holds. Not a test: figures move with the machine; the
 * ratios are what to compare. Sections: API overhead under load, bundle size and cold start per
 * function against its floor, warm handler CPU, and the notification run's independence of the
 * table's size. Environment: BENCH_SECONDS (load per route and side after the warm-up, default
 * 6), BENCH_NOTIFY_ITEMS (the large table, default 10,000; `npm run bench:notify` runs 100,000).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startPlatform } from '#local/platform';
import { unlimitedSendRate } from '#local/ses';
import { apiBenchmark, warmUpSeconds } from './bench/api.ts';
import { bundleBenchmark, coldStartNode, coldStartPairs, lambdaNodeMajor } from './bench/bundles.ts';
import { notificationBenchmark } from './bench/notifications.ts';
import { fixed, printTable, verdict, type Row } from './bench/table.ts';

process.env.SATSNING_LOG_LEVEL = 'silent';

const seconds = Number(process.env.BENCH_SECONDS ?? 6);
const largeTable = Number(process.env.BENCH_NOTIFY_ITEMS ?? 10_000);
const started = Date.now();
const workDir = mkdtempSync(join(tmpdir(), 'satsning-bench-'));

const rows: Row[] = [];
const kib = (bytes: number) => `${fixed(bytes / 1024, 0)} KiB`;
/** Each section's start, for the footer: the whole must stay under three minutes. */
const sections: [name: string, startedAt: number][] = [];
function section(name: string, announcement: string) {
  console.error(announcement);
  sections.push([name, Date.now()]);
}

// The public forms' answer floor, the per-client limits and SES's sending rate are deliberate waits,
// refusals and quotas, not work: off here, where one load generator is every client (all are settings).
const platform = await startPlatform({ port: 0, dataDir: join(workDir, 'data'), publicFormAnswerMs: 0, clientLimits: false, sesRatePerSecond: unlimitedSendRate });
try {
  section('notiser', 'Mäter notiskörningen …');
  const notify = await notificationBenchmark(platform, { small: 1_000, large: largeTable });
  const notifyRatio = notify.large.milliseconds / notify.small.milliseconds;
  rows.push(['Notiser', `lästa poster, ${largeTable.toLocaleString('sv-SE')} mot 1 000 poster i tabellen`, String(notify.large.itemsRead), String(notify.small.itemsRead), fixed(notify.large.itemsRead / notify.small.itemsRead, 2), verdict(notify.large.itemsRead === notify.small.itemsRead, '= 1')]);
  rows.push(['Notiser', 'körningens tid (median av 5)', `${fixed(notify.large.milliseconds)} ms`, `${fixed(notify.small.milliseconds)} ms`, fixed(notifyRatio, 2), verdict(notifyRatio <= 1.5, '≈ 1')]);
  // Back to the real clock: the API's programme is open now.
  platform.clock.set(undefined);

  section('API', 'Mäter API under last …');
  for (const figure of await apiBenchmark(platform, seconds)) {
    const { api, baseline } = figure;
    const ratio = api.p50 / baseline.p50;
    rows.push(['API', `${figure.route} p50`, `${fixed(api.p50)} ms`, `${fixed(baseline.p50)} ms`, fixed(ratio, 2), verdict(ratio <= 1.5, '≤ 1,5')]);
    rows.push(['API', `${figure.route} p99`, `${fixed(api.p99)} ms`, `${fixed(baseline.p99)} ms`, fixed(api.p99 / baseline.p99, 2), '']);
    rows.push(['API', `${figure.route} förfrågningar/s`, fixed(api.requestsPerSecond, 0), fixed(baseline.requestsPerSecond, 0), fixed(api.requestsPerSecond / baseline.requestsPerSecond, 2), '']);
    // What the load generator itself took from the two cores it shares with the route
    if (api.generatorCpuMicroseconds !== undefined) rows.push(['API', `${figure.route} lastgeneratorns CPU per förfrågan`, `${fixed(api.generatorCpuMicroseconds, 0)} µs`, '', '', '']);
    const failures = api.non2xx + api.errors;
    rows.push(['API', `${figure.route} fel under last`, `${failures} av ${api.total}`, figure.baselineLabel, '', verdict(failures === 0, '0')]);
  }

} finally {
  await platform.stop();
}

section('paket och kallstarter', 'Bygger och kallstartar funktionerna …');
const coldNode = coldStartNode();
for (const figure of await bundleBenchmark(workDir, coldNode.path)) {
  const sizeRatio = figure.bytes / figure.floorBytes;
  // A function with no SDK client has an empty floor: its size ratio says nothing, its bytes do.
  const sizeTarget = figure.floor === 'none' ? verdict(figure.bytes < 50 * 1024, '< 50 KiB, golvet är tomt') : verdict(sizeRatio <= 1.15, '≤ 1,15');
  rows.push(['Paket', `${figure.group} (golv: ${figure.floor}) minifierat`, kib(figure.bytes), kib(figure.floorBytes), figure.floor === 'none' ? '–' : fixed(sizeRatio, 2), sizeTarget]);
  rows.push(['Paket', `${figure.group} gzip`, kib(figure.gzipBytes), kib(figure.floorGzipBytes), figure.floor === 'none' ? '–' : fixed(figure.gzipBytes / figure.floorGzipBytes, 2), '']);
  // What a cold start loads: the entry and the chunks it imports (the rest is loaded by import()).
  rows.push(['Paket', `${figure.group} laddas vid start`, kib(figure.startBytes), kib(figure.floorStartBytes), figure.floor === 'none' ? '–' : fixed(figure.startBytes / figure.floorStartBytes, 2), '']);
  // The ratio is the median of the pairs' ratios (scripts/bench/bundles.ts), not ours ÷ the
  // floor's median; the verdict is certain only when its whole interval lies on one side. Two
  // floors: the SDK clients bundled as ours are (their unused code in chunks), and in one file, as
  // a plain bundle of them is: we start no slower than that (≤ 1.0), and within 1.25 of the first.
  const holds = ([low, high]: [number, number], target: number) => (high <= target ? true : low > target ? false : undefined);
  const [low, high] = figure.coldRatioInterval;
  const [oneFileLow, oneFileHigh] = figure.oneFileColdRatioInterval;
  // As with size: against an empty floor (no SDK client, a few milliseconds) the ratio says
  // nothing, the milliseconds do.
  const coldTarget = figure.floor === 'none' ? verdict(figure.coldMs < 10, '< 10 ms, golvet är tomt') : verdict(holds(figure.coldRatioInterval, 1.25), '≤ 1,25');
  rows.push(['Kallstart', `${figure.group} laddning + första anrop`, `${fixed(figure.coldMs)} ms`, `${fixed(figure.floorColdMs)} ms`, `${fixed(figure.coldRatio, 2)} (${fixed(low, 2)}–${fixed(high, 2)})`, coldTarget]);
  if (figure.floor !== 'none') {
    rows.push(['Kallstart', `${figure.group} mot golvet i en fil`, `${fixed(figure.coldMs)} ms`, `${fixed(figure.oneFileFloorColdMs)} ms`, `${fixed(figure.oneFileColdRatio, 2)} (${fixed(oneFileLow, 2)}–${fixed(oneFileHigh, 2)})`, verdict(holds(figure.oneFileColdRatioInterval, 1), '≤ 1,0')]);
  }
  rows.push(['Kallstart', `${figure.group} varav första anropet`, `${fixed(figure.firstEventMs)} ms`, '', '', '']);
}

section('CPU', 'Mäter hanterarnas CPU-tid …');
// Last: it answers the SDK clients' calls in-process from here on.
const { handlerBenchmark } = await import('./bench/handlers.ts');
for (const figure of await handlerBenchmark(2000)) {
  const milliseconds = figure.cpuMicroseconds / 1000;
  rows.push(['CPU', `${figure.route} (svar ${figure.status})`, `${fixed(milliseconds, 3)} ms`, '', '', verdict(milliseconds <= 1, '≤ 1 ms')]);
}

printTable('npm run bench', started, rows);
console.log(`\nKallstart: kvoten är medianen av ${coldStartPairs} par (vår start ÷ golvets bredvid: SDK-klienterna paketerade som våra, och i en fil); inom parentes där medianen ligger 9 gånger av 10. "oklart": intervallet rymmer målet.`);
console.log(
  coldNode.fallback
    ? `Kallstarterna kördes på Node ${coldNode.version}, inte på Lambdas nodejs${lambdaNodeMajor}.x (${coldNode.fallback}).`
    : `Kallstarterna kördes på Node ${coldNode.version}, som Lambdas nodejs${lambdaNodeMajor}.x.`,
);
const finished = Date.now();
const durations = sections.map(([name, at], index) => `${name} ${fixed(((sections[index + 1]?.[1] ?? finished) - at) / 1000, 0)} s`);
console.log(`Last: ${seconds} s per väg och sida efter ${warmUpSeconds} s uppvärmning, 50 anslutningar. Klart på ${fixed((finished - started) / 1000, 0)} s (${durations.join(', ')}).`);
rmSync(workDir, { recursive: true, force: true });
process.exit(0);
