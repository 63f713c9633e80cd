/**
 * The restore drill's platforms, each in a process of its own, as two deployments are: the
 * functions read their configuration once per process. `DRILL_SEED=1` seeds the demo's data.
 */
import { startPlatform } from '#local/platform';
import { seedDemoData } from '#local/seed';

const platform = await startPlatform({
  port: 0,
  dynamoDbEndpoint: process.env.DRILL_DYNAMODB_ENDPOINT!,
  tableName: process.env.DRILL_TABLE!,
  publicFormAnswerMs: 0,
  ...(process.env.DRILL_SEED === '1' ? { seed: seedDemoData } : {}),
});
console.log(`serving ${platform.url}`);
process.once('SIGTERM', async () => {
  await platform.stop();
  process.exit(0);
});
