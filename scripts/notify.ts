/**
 * `npm run notify -- --at 2027-01-21T08:00+01:00`: one notification run at an instant, on the
 * local system that `npm start` runs (SATSNING_URL, default http://127.0.0.1:3000). Without
 * `--at`, the run is at the local clock's now.
 */
import { parseArgs } from 'node:util';

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
  console.log(JSON.stringify(await response.json(), null, 2));
  process.exit(response.ok ? 0 : 1);
} catch {
  console.error(`Når inte ${base}. Kör \`npm start\` först (eller ange --url).`);
  process.exit(1);
}
