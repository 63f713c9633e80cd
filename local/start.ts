/** `npm start`: the whole system locally, with demo data, until Ctrl-C. */
import { startPlatform } from './platform.ts';
import { seedDemoData } from './seed.ts';

const platform = await startPlatform({
  port: Number(process.env.PORT ?? 3000),
  dataDir: process.env.SATSNING_DATA_DIR ?? '.local-data',
  notifyEveryMinute: true,
  seed: seedDemoData,
});

console.log(`
satsning körs lokalt:
  Webbplats:  ${platform.url}/
  API:        ${platform.apiUrl}/health
  Inkorg:     ${platform.inboxUrl}
  Logga in:   ${platform.url}/logga-in.html  (till exempel rektor.sylteskolan@example.se)
Avsluta med Ctrl-C.
`);

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
