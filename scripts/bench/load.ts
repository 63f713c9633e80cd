/**
 * The load generator, run as its own process so that it does not share a CPU's event loop with
 * the gateway it measures: autocannon, 50 connections, for a bounded time. POST bodies get a
 * fresh e-mail address per request (one application per address). Prints one JSON line.
 *   node --import tsx scripts/bench/load.ts <url> <GET|POST> <seconds> [body-template-json]
 */
// @ts-expect-error autocannon ships no types
import autocannon from 'autocannon';

const [url, method = 'GET', seconds = '8', template] = process.argv.slice(2);
let counter = 0;
const result = await autocannon({
  url,
  method,
  connections: 50,
  duration: Number(seconds),
  headers: { 'content-type': 'application/json' },
  ...(template
    ? {
        requests: [
          {
            setupRequest: (request: Record<string, unknown>) => ({
              ...request,
              body: template.replace('{n}', `${process.pid}-${counter++}`),
            }),
          },
        ],
      }
    : {}),
});
process.stdout.write(
  JSON.stringify({
    requestsPerSecond: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    total: result.requests.total,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
  }) + '\n',
);
