/**
 * `npm run notify -- --at 2027-01-21T08:00+01:00`: one notification run at an instant, on the
 * local system that `npm start` runs (SATSNING_URL, default http://127.0.0.1:3000). Without
 * `--at`, the run is at the local clock's now. It prints what the run did, then the figures the
 * function writes as CloudWatch metrics in AWS (the dashboard's and the alarms').
 */
import { parseArgs } from 'node:util';
import { notificationRunMetrics } from '#adapters/metrics';
import type { RunResult } from '#model/notification';

const { values } = parseArgs({ options: { at: { type: 'string' }, url: { type: 'string' } } });
const base = (values.url ?? process.env.SATSNING_URL ?? 'http://127.0.0.1:3000').replace(/\/$/, '');
let at: string | undefined;
if (values.at) {
  const parsed = new Date(values.at);
  if (Number.isNaN(parsed.getTime())) {
    console.error(`--at: inte en tidpunkt: ${values.at} (till exempel 2027-01-21T08:00+01:00)`);
    process.exit(2);
  }
  at = parsed.toISOString();
}
try {
  const response = await fetch(`${base}/_local/notify`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(at ? { at } : {}),
  });
  const result = (await response.json()) as RunResult;
  console.log(JSON.stringify(result, null, 2));
  if (response.ok) {
    console.log('\nMätvärden (CloudWatch, namnrymd Satsning):');
    for (const [name, { value, unit }] of Object.entries(notificationRunMetrics(result))) {
      console.log(`  ${name.padEnd(16)} ${Array.isArray(value) ? value.join(', ') : value} ${unit === 'Count' ? '' : unit}`.trimEnd());
    }
  }
  process.exit(response.ok ? 0 : 1);
} catch {
  console.error(`Når inte ${base}. Kör \`npm start\` först (eller ange --url).`);
  process.exit(1);
}
