/** `npm run bench:notify`: the notification run with 1,000 and with 100,000 unrelated items. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startPlatform } from '#local/platform';
import { unlimitedSendRate } from '#local/ses';
import { notificationBenchmark } from './bench/notifications.ts';

process.env.SATSNING_LOG_LEVEL = 'silent';

const dataDir = mkdtempSync(join(tmpdir(), 'satsning-bench-'));
// Sending is not what is measured: the local SES takes mail as fast as it can.
const platform = await startPlatform({ port: 0, dataDir, sesRatePerSecond: unlimitedSendRate });
try {
  const { small, large, fillSeconds } = await notificationBenchmark(platform, { small: 1_000, large: 100_000 });
  const count = (n: number) => n.toLocaleString('sv-SE');
  const rows = [
    ['table', 'items read', 'run (ms)'],
    [`${count(small.items)} unrelated items`, String(small.itemsRead), small.milliseconds.toFixed(1)],
    [`${count(large.items)} unrelated items`, String(large.itemsRead), large.milliseconds.toFixed(1)],
    ['ratio (large ÷ small)', (large.itemsRead / small.itemsRead).toFixed(2), (large.milliseconds / small.milliseconds).toFixed(2)],
  ];
  console.log(`Notification run: one due notification to 20 watchers, median of 5 runs (extra items written in ${fillSeconds.toFixed(0)} s)\n`);
  for (const row of rows) console.log(`${row[0]!.padEnd(26)} ${row[1]!.padStart(10)} ${row[2]!.padStart(10)}`);
} finally {
  await platform.stop();
  rmSync(dataDir, { recursive: true, force: true });
}
