/**
 * `npm run fuzz [-- --runs 10000 --seed 1]`: the property-based test's hostile requests
 * (test/helpers/hostileRequests.ts), many more of them, eight at a time, against a fresh local
 * platform. Prints how many went, how many answered 5xx or outside the error shape, and the
 * latency; exits non-zero on any fault.
 */
import fc from 'fast-check';
import { parseArgs } from 'node:util';
import { faultOf, hostileRequest, hostileWorld, send, type Answer, type HostileRequest } from '../test/helpers/hostileRequests.ts';
import { startTestPlatform } from '../test/helpers/platform.ts';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '10000' }, seed: { type: 'string', default: String(Date.now() % 1_000_000) } } });
const runs = Number(values.runs);
const seed = Number(values.seed);
const inFlight = 8;

process.env.SATSNING_LOG_LEVEL ??= 'silent';
const platform = await startTestPlatform();
try {
  const known = await hostileWorld(platform);
  const requests = fc.sample(hostileRequest(known), { numRuns: runs, seed });
  const answers: { request: HostileRequest; answer: Answer; fault: string | undefined }[] = [];
  const started = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: inFlight }, async () => {
      while (next < requests.length) {
        const request = requests[next++]!;
        const answer = await send(platform.url, request);
        answers.push({ request, answer, fault: faultOf(answer) });
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const latencies = answers.map(({ answer }) => answer.ms).sort((a, b) => a - b);
  const percentile = (share: number) => latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * share))]!;
  const byClass = new Map<string, number>();
  for (const { answer } of answers) byClass.set(`${Math.floor(answer.status / 100)}xx`, (byClass.get(`${Math.floor(answer.status / 100)}xx`) ?? 0) + 1);
  const faults = answers.filter((entry) => entry.fault);
  const serverErrors = answers.filter(({ answer }) => answer.status >= 500).length;
  console.log(`npm run fuzz: ${answers.length} förfrågningar på ${seconds.toFixed(1)} s (frö ${seed}, ${inFlight} åt gången)`);
  console.log(`  svar:              ${[...byClass].sort().map(([range, count]) => `${range} ${count}`).join(', ')}`);
  console.log(`  5xx:               ${serverErrors}`);
  console.log(`  fel utanför formen: ${faults.length - serverErrors}`);
  console.log(`  svarstid:          p50 ${percentile(0.5).toFixed(1)} ms, p99 ${percentile(0.99).toFixed(1)} ms`);
  for (const { request, fault } of faults.slice(0, 10)) console.log(`  ${request.method} ${request.path.slice(0, 120)}: ${fault}`);
  process.exitCode = faults.length > 0 ? 1 : 0;
} finally {
  await platform.stop();
}
