/** `npm start`: the whole system locally, with demo data, until Ctrl-C. */
import { startBanner } from './banner.ts';
import { MissingPrerequisite } from './dynamodb.ts';
import { startPlatform } from './platform.ts';
import { seedDemoData } from './seed.ts';

const dataDir = process.env.SATSNING_DATA_DIR ?? '.local-data';

const platform = await startPlatform({
  port: Number(process.env.PORT ?? 3000),
  dataDir,
  notifyEveryMinute: true,
  seed: seedDemoData,
}).catch((error: unknown) => {
  // What the machine lacks is said in one line, not as a stack trace.
  if (error instanceof MissingPrerequisite) {
    console.error(error.message);
    process.exit(1);
  }
  throw error;
});

console.log(`\n${startBanner(platform.url, dataDir)}\n`);

let stopping = false;
const shutdown = async () => {
  if (stopping) return;
  stopping = true;
  console.log('Stänger av …');
  await platform.stop();
  process.exit(0);
};
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
