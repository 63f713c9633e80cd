/**
 * `npm run bench:scale`: ten times the municipality. Seeds 20 programmes, about 15,000
 * applications, 1,500 participants in 150 learning groups and 5,000 confirmed watchers on one
 * programme (scripts/bench/scaleData.ts), beside one programme of the demo's size, and measures:
 * - each read that heads and administrators use, p50 and p99 of `--samples` requests one after
 *   another, against the raw DynamoDB round trips that the same request made (recorded from the
 *   SDK client the function uses, then replayed with a plain document client, calls that were in flight
 *   together replayed together), with the read capacity those round trips consume;
 * - the "window opens" run to every watcher: its total time against the floor of watchers ÷ rate,
 *   how many runs it took, how many mails went out late (in a run after the first), how many
 *   deliveries waited for another run's claim, SES's throttling answers, and the table writes per
 *   mail.
 * `--rate` is the account's SES sending rate for the run (default 50 a second, so that the large
 * run takes under two minutes; `-- --rate 14`, SES's default, takes six).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchGetCommand, DynamoDBDocumentClient, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { startPlatform } from '#local/platform';
import { plannedNotifications } from '#model/schedule';
import { scaleProgrammes, seedScale } from './bench/scaleData.ts';
import { fixed, printTable, verdict, type Row } from './bench/table.ts';
import { monthlyCost, months, prices, type MeasuredCosts } from './bench/cost.ts';

const { values } = parseArgs({ options: { rate: { type: 'string' }, samples: { type: 'string' } } });
const rate = Number(values.rate ?? 50);
const samples = Number(values.samples ?? 40);
process.env.SATSNING_LOG_LEVEL = 'silent';

const started = Date.now();
const workDir = mkdtempSync(join(tmpdir(), 'satsning-scale-'));
const platform = await startPlatform({ port: 0, dataDir: join(workDir, 'data'), publicFormAnswerMs: 0, clientLimits: false, sesRatePerSecond: rate });
const rows: Row[] = [];
const percentile = (sorted: number[], share: number) => sorted[Math.min(sorted.length - 1, Math.floor(share * sorted.length))]!;
const milliseconds = (value: number) => `${fixed(value)} ms`;

/** One DynamoDB call as the function's SDK client made it: its input, when, and the capacity it consumed. */
interface Recorded {
  command: string;
  input: Record<string, unknown>;
  start: number;
  end: number;
  units: number;
}
let recording: Recorded[] | undefined;
const isWrite = (command: string) => /^(PutItem|UpdateItem|DeleteItem|TransactWriteItems|BatchWriteItem)Command$/.test(command);
/** Read and write units consumed by the recorded calls. */
const unitsOf = (calls: Recorded[]) => ({
  read: calls.filter((entry) => !isWrite(entry.command)).reduce((sum, entry) => sum + entry.units, 0),
  write: calls.filter((entry) => isWrite(entry.command)).reduce((sum, entry) => sum + entry.units, 0),
});
const capacityOf = (output: { ConsumedCapacity?: { CapacityUnits?: number } | { CapacityUnits?: number }[] }) => {
  const consumed = output.ConsumedCapacity;
  return (Array.isArray(consumed) ? consumed : consumed ? [consumed] : []).reduce((sum, entry) => sum + (entry.CapacityUnits ?? 0), 0);
};
const { dynamo } = await import('#adapters/clients');
dynamo().middlewareStack.add(
  (next, context) => async (args) => {
    if (!recording) return next(args);
    const input = args.input as Record<string, unknown>;
    const call: Recorded = { command: context.commandName ?? '', input: structuredClone(input), start: performance.now(), end: 0, units: 0 };
    recording.push(call);
    try {
      const result = await next({ ...args, input: { ...input, ReturnConsumedCapacity: 'TOTAL' } });
      call.units = capacityOf(result.output as never);
      return result;
    } finally {
      call.end = performance.now();
    }
  },
  { step: 'serialize', priority: 'high', name: 'scaleBenchRecorder' },
);
// The same kind of client as the functions', without our code around it.
const raw = DynamoDBDocumentClient.from(
  new DynamoDBClient({ region: 'eu-north-1', endpoint: platform.dynamoDbEndpoint, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }),
);
const rawCommands: Record<string, new (input: any) => any> = { QueryCommand, GetItemCommand: GetCommand, BatchGetItemCommand: BatchGetCommand };

/** The recorded calls, grouped: a call that started before the group's last one ended went with it. */
function inFlightGroups(calls: Recorded[]): Recorded[][] {
  const groups: Recorded[][] = [];
  let end = -Infinity;
  for (const call of [...calls].sort((a, b) => a.start - b.start)) {
    if (call.start < end) groups.at(-1)!.push(call);
    else groups.push([call]);
    end = Math.max(end, call.end);
  }
  return groups;
}

/** Replay the raw round trips; returns the read capacity they consumed. */
async function replay(groups: Recorded[][]): Promise<number> {
  let capacity = 0;
  for (const group of groups) {
    const outputs = await Promise.all(
      group.map((call) => {
        const Command = rawCommands[call.command];
        if (!Command) throw new Error(`a read made ${call.command}, which the replay does not know`);
        return raw.send(new Command({ ...call.input, ReturnConsumedCapacity: 'TOTAL' }));
      }),
    );
    for (const output of outputs) capacity += capacityOf(output as never);
  }
  return capacity;
}

async function call(method: string, path: string, body?: unknown, token?: string) {
  const response = await fetch(`${platform.url}${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  return { status: response.status, body: response.headers.get('content-type')?.includes('json') ? JSON.parse(text) : text };
}

try {
  console.error('Sår data genom användningsfallen och lagren …');
  const seedingStarted = Date.now();
  const counts = await seedScale(platform.tableName);
  const seedingSeconds = (Date.now() - seedingStarted) / 1000;
  rows.push([
    'Sådd',
    `${counts.programmes} satsningar, ${counts.applications} ansökningar, ${counts.participants} deltagare, ${counts.groups} lärgrupper, ${counts.progress} delmoment, ${counts.watchers} bevakare`,
    `${fixed(seedingSeconds, 0)} s`,
    '',
    '',
    '',
  ]);

  // Reads in the programmes' period, by an administrator.
  await call('POST', '/_local/clock', { at: '2027-06-02T10:00:00+02:00' });
  const admin = (await call('POST', '/_local/token', { email: 'admin@example.se', groups: ['admin'] })).body.token as string;
  const sizes = [
    { name: 'stor', programmeId: 'stor' },
    { name: 'liten', programmeId: 'liten' },
  ];
  /** What a month costs is computed from these, per size (scripts/bench/cost.ts). */
  const measured: Record<string, Partial<MeasuredCosts> & { readUnits: number[]; medians: number[] }> = {
    stor: { readUnits: [], medians: [] },
    liten: { readUnits: [], medians: [] },
  };
  const reads = (programmeId: string) => [
    ['en enhets ansökningar', `/api/programmes/${programmeId}/units/enhet-1/applications`],
    ['översikten', `/api/programmes/${programmeId}/overview`],
    ['framstegsöversikten', `/api/programmes/${programmeId}/progress`],
    ['en enhets framsteg', `/api/programmes/${programmeId}/units/enhet-1/progress`],
    ['export: deltagare', `/api/programmes/${programmeId}/exports/participants.csv`],
    ['export: framsteg', `/api/programmes/${programmeId}/exports/progress.csv`],
    ['export: ansökningar', `/api/programmes/${programmeId}/exports/applications.csv`],
  ];
  console.error('Mäter läsningarna …');
  for (const size of sizes) {
    for (const [name, path] of reads(size.programmeId)) {
      for (let warm = 0; warm < 5; warm++) await call('GET', path!, undefined, admin);
      recording = [];
      const recorded = await call('GET', path!, undefined, admin);
      const calls = recording;
      recording = undefined;
      if (recorded.status !== 200) throw new Error(`${path}: ${recorded.status} ${JSON.stringify(recorded.body).slice(0, 200)}`);
      const groups = inFlightGroups(calls);
      const ours: number[] = [];
      const baseline: number[] = [];
      let capacity = 0;
      // Alternating, so that both sides meet the same moments of the machine.
      for (let sample = 0; sample < samples; sample++) {
        let at = performance.now();
        await call('GET', path!, undefined, admin);
        ours.push(performance.now() - at);
        at = performance.now();
        capacity = await replay(groups);
        baseline.push(performance.now() - at);
      }
      ours.sort((a, b) => a - b);
      baseline.sort((a, b) => a - b);
      const ratio = percentile(ours, 0.5) / percentile(baseline, 0.5);
      measured[size.name]!.readUnits.push(capacity);
      measured[size.name]!.medians.push(percentile(ours, 0.5) / 1000);
      const what = `${size.name}: ${name} (${calls.length} anrop i ${groups.length} steg, ${fixed(capacity, 1)} RCU)`;
      rows.push(['Läsning', `${what} p50`, milliseconds(percentile(ours, 0.5)), milliseconds(percentile(baseline, 0.5)), fixed(ratio, 2), verdict(ratio <= 1.5, '≤ 1,5')]);
      rows.push(['Läsning', `${size.name}: ${name} p99`, milliseconds(percentile(ours, 0.99)), milliseconds(percentile(baseline, 0.99)), fixed(percentile(ours, 0.99) / percentile(baseline, 0.99), 2), '']);
    }
  }

  console.error('Mäter vad en ansökan och en ändrad status kostar i tabellen …');
  for (const size of sizes) {
    const cost = measured[size.name]!;
    // An application while the window is open, and a participant's status set in the period.
    await call('POST', '/_local/clock', { at: '2027-02-10T10:00:00+01:00' });
    recording = [];
    const applied = await call('POST', `/api/programmes/${size.programmeId}/applications`, {
      name: 'Ny Sökande',
      email: `ny.${size.name}@example.se`,
      unitId: 'enhet-2',
      role: 'lärare',
      certified: true,
      subjects: 'Svenska',
      motivation: 'Jag vill vara med.',
      privacyNoticeRead: true,
    });
    if (applied.status !== 202) throw new Error(`applying: ${applied.status}`);
    cost.applyUnits = unitsOf(recording);
    await call('POST', '/_local/clock', { at: '2027-06-02T10:00:00+02:00' });
    const participant = (await call('GET', `/api/programmes/${size.programmeId}/participants`, undefined, admin)).body.items[0];
    recording = [];
    const set = await call('PUT', `/api/participants/${participant.id}/milestones/cykel-1`, { status: 'done' }, admin);
    if (set.status !== 200) throw new Error(`progress: ${set.status} ${JSON.stringify(set.body)}`);
    cost.progressUnits = unitsOf(recording);
    recording = undefined;
    cost.readUnitsPerStaffRead = cost.readUnits.reduce((sum, units) => sum + units, 0) / cost.readUnits.length;
    cost.requestSeconds = cost.medians.sort((a, b) => a - b)[Math.floor(cost.medians.length / 2)]!;
  }
  // A run with nothing due (before any programme's first notification): what each of a month's
  // 43,200 runs costs.
  await call('POST', '/_local/clock', { at: '2027-01-15T10:00:00+01:00' });
  recording = [];
  const emptyStarted = performance.now();
  const empty = (await call('POST', '/_local/notify', { at: '2027-01-15T10:00:00+01:00' })).body;
  if (empty.itemsRead !== 0) throw new Error(`the empty run read ${empty.itemsRead} items`);
  const emptySeconds = (performance.now() - emptyStarted) / 1000;
  const emptyRun = { ...unitsOf(recording), seconds: emptySeconds };
  recording = undefined;

  console.error(`Mäter "ansökan öppnar" till alla bevakare, ${rate} mejl i sekunden …`);
  for (const programme of [...scaleProgrammes].filter((candidate) => candidate.watchers > 0).sort((a, b) => a.watchers - b.watchers)) {
    const stored = (await call('GET', `/api/programmes/${programme.id}/admin`, undefined, admin)).body;
    const opening = plannedNotifications(stored).find((planned) => planned.kind === 'windowOpens')!;
    let at = new Date(opening.dueAt);
    const throttledBefore = platform.ses.throttledSends();
    const runs: any[] = [];
    recording = [];
    const runsStarted = performance.now();
    for (let attempt = 0; attempt < 30; attempt++) {
      await call('POST', '/_local/clock', { at: at.toISOString() });
      const result = (await call('POST', '/_local/notify', { at: at.toISOString() })).body;
      runs.push(result);
      if (result.unfinished === 0) break;
      at = new Date(at.getTime() + 60_000);
    }
    const seconds = (performance.now() - runsStarted) / 1000;
    const writes = recording.filter((entry) => isWrite(entry.command)).length;
    const readCalls = recording.length - writes;
    const runUnits = unitsOf(recording);
    recording = undefined;
    const sent = runs.reduce((sum, result) => sum + result.sent, 0);
    const late = runs.slice(1).reduce((sum, result) => sum + result.sent, 0);
    const held = runs.reduce((sum, result) => sum + result.heldByAnotherRun, 0);
    const throttled = platform.ses.throttledSends() - throttledBefore;
    const floor = programme.watchers / rate;
    const ratio = seconds / floor;
    const size = programme.id;
    rows.push(['Notiser', `${size}: ansökan öppnar, ${programme.watchers} bevakare, hela tiden`, `${fixed(seconds, 1)} s`, `${fixed(floor, 1)} s`, fixed(ratio, 2), size === 'stor' ? verdict(ratio <= 1.1, '≤ 1,1') : '']);
    rows.push(['Notiser', `${size}: körningar, skickade`, `${runs.length}, ${sent}`, '', '', verdict(sent === programme.watchers, `${programme.watchers} skickade`)]);
    rows.push(['Notiser', `${size}: försenade (skickade i en senare körning)`, String(late), '', '', verdict(late === 0, '0')]);
    rows.push(['Notiser', `${size}: väntade på en annan körnings anspråk`, String(held), '', '', verdict(held === 0, '0')]);
    rows.push(['Notiser', `${size}: SES:s svar "för många"`, String(throttled), '', '', verdict(throttled === 0, '0')]);
    rows.push(['Notiser', `${size}: tabellanrop per mejl (skriv, läs)`, `${fixed(writes / sent, 2)}, ${fixed(readCalls / sent, 2)}`, '', '', '']);
    rows.push(['Notiser', `${size}: kapacitet per mejl (WRU, RRU)`, `${fixed(runUnits.write / sent, 2)}, ${fixed(runUnits.read / sent, 2)}`, '', '', '']);
    // In AWS a run waits on the account's rate (14 a second unless raised): Lambda bills that time.
    measured[programme.id === 'stor' ? 'stor' : 'liten']!.perMail = { read: runUnits.read / sent, write: runUnits.write / sent, seconds: 1 / 14 };
  }

  const costRows: string[] = [];
  for (const [index, use] of months.entries()) {
    const size = measured[index === 0 ? 'liten' : 'stor']! as MeasuredCosts;
    const [own, federated, plus] = (['own', 'federated', 'plus'] as const).map((signIn) => monthlyCost(use, { ...size, emptyRun }, signIn)) as [ReturnType<typeof monthlyCost>, ReturnType<typeof monthlyCost>, ReturnType<typeof monthlyCost>];
    const dollars = (value: number) => `$${value < 10 ? value.toFixed(2) : value.toFixed(0)}`;
    costRows.push(
      `| ${use.label} | ${fixed(own.gbSeconds, 0)} GB-s: ${dollars(own.lambda)} | ${fixed(own.readUnits / 1e6, 2)} M RRU, ${fixed(own.writeUnits / 1e6, 2)} M WRU: ${dollars(own.dynamodb)} | ${dollars(own.ses)} | ${dollars(own.scheduler)} | ${dollars(own.waf)} | ${dollars(own.cloudfront)} | ${dollars(own.cognito)} / ${dollars(federated.cognito)} / ${dollars(plus.cognito)} | ${dollars(own.total)} / ${dollars(federated.total)} / ${dollars(plus.total)} |`,
    );
  }

  printTable(`npm run bench:scale -- --rate ${rate}`, started, rows);
  console.log(`\nEn månad (README, "Vad det kostar"), listpriser ${prices.date}, eu-north-1 (WAF och CloudFront globala):\n`);
  console.log('| storlek | Lambda | DynamoDB | SES | EventBridge Scheduler | WAF | CloudFront | Cognito (egna konton / kommunens IdP / Plus) | summa (egna konton / kommunens IdP / Plus) |');
  console.log('| --- | --- | --- | --- | --- | --- | --- | --- | --- |');
  for (const row of costRows) console.log(row);
  console.log(`\nPer åtgärd (stor): ansökan ${JSON.stringify(measured.stor!.applyUnits)}, status ${JSON.stringify(measured.stor!.progressUnits)}, läsning ${fixed(measured.stor!.readUnitsPerStaffRead!, 1)} RRU, tom körning ${JSON.stringify(emptyRun)}.`);
  console.log(`\nLäsningar: ${samples} förfrågningar var efter 5 till uppvärmning, en i taget, varvade med de råa anropen (samma anrop som förfrågan gjorde, spelade med en vanlig DynamoDB-klient). Klart på ${fixed((Date.now() - started) / 1000, 0)} s.`);
} finally {
  await platform.stop();
  rmSync(workDir, { recursive: true, force: true });
}
process.exit(0);
