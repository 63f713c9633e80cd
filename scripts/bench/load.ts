/**
 * The load generator, run as its own process so that it does not share a CPU's event loop with
 * the gateway it measures: keep-alive connections (the benchmark's 50) for a bounded time, each
 * sending its next request as soon as the last answer is in. POST bodies get a fresh e-mail
 * address per request (one application per address). Prints one JSON line, with the generator's
 * own CPU time per request.
 *   node --import tsx scripts/bench/load.ts <url> <GET|POST> <seconds> <connections> [body-template-json]
 *
 * Why not autocannon: on the two cores it shares with the gateway and DynamoDB Local, its
 * JavaScript HTTP parser took 102–223 µs of CPU per request, about twice this generator's and
 * four to seven times wrk's; every microsecond it spends is one the route under test does not get
 * (docs/performance.md). This one reads only what it needs: the status and the body's length,
 * which the local gateway, like API Gateway, always sends.
 */
import { connect, type Socket } from 'node:net';
import { loadFigures } from './loadFigures.ts';

const timeoutMs = 10_000;
const headerEnd = Buffer.from('\r\n\r\n');

const [url, method, seconds, connections, template] = process.argv.slice(2) as [string, string, string, string, string?];
const target = new URL(url);
const requestHead = `${method} ${target.pathname}${target.search} HTTP/1.1\r\nHost: ${target.host}\r\nContent-Type: application/json\r\n`;
let counter = 0;
const fixedRequest = template ? undefined : Buffer.from(`${requestHead}\r\n`, 'latin1');

function nextRequest(): Buffer {
  if (fixedRequest) return fixedRequest;
  const body = Buffer.from(template!.replace('{n}', `${process.pid}-${counter++}`));
  return Buffer.concat([Buffer.from(`${requestHead}Content-Length: ${body.length}\r\n\r\n`, 'latin1'), body]);
}

const latencies: number[] = [];
let non2xx = 0;
let errors = 0;
const cpuAtStart = process.cpuUsage();
const until = performance.now() + Number(seconds) * 1000;

/** One connection's loop until the time is up; a broken connection counts and is replaced. */
function connection(): Promise<void> {
  return new Promise((done) => {
    const socket: Socket = connect(Number(target.port), target.hostname);
    socket.setNoDelay(true);
    socket.setTimeout(timeoutMs);
    let received: Buffer | undefined;
    let sentAt = 0;
    let answerEnd = -1;
    let status = 0;
    let finished = false;
    const finish = (failed: boolean) => {
      if (finished) return;
      finished = true;
      if (failed) errors++;
      socket.destroy();
      // A failed connection is replaced while there is time left, as a client would reconnect.
      if (failed && performance.now() < until) void connection().then(done);
      else done();
    };
    const send = () => {
      if (performance.now() >= until) return finish(false);
      received = undefined;
      answerEnd = -1;
      sentAt = performance.now();
      socket.write(nextRequest());
    };
    socket.on('connect', send);
    socket.on('data', (chunk: Buffer) => {
      received = received ? Buffer.concat([received, chunk]) : chunk;
      if (answerEnd < 0) {
        const headEnd = received.indexOf(headerEnd);
        if (headEnd < 0) return;
        const head = received.toString('latin1', 0, headEnd);
        status = Number(head.slice(9, 12));
        const length = /\r\ncontent-length: *(\d+)/i.exec(head)?.[1];
        const bodyLength = status === 204 || status === 304 ? 0 : length === undefined ? undefined : Number(length);
        // Without a length the answer's end cannot be told: a fault of the gateway, counted.
        if (bodyLength === undefined) return finish(true);
        answerEnd = headEnd + headerEnd.length + bodyLength;
      }
      if (received.length < answerEnd) return;
      latencies.push(performance.now() - sentAt);
      if (status < 200 || status > 299) non2xx++;
      send();
    });
    socket.on('timeout', () => finish(true));
    socket.on('error', () => finish(true));
    socket.on('close', () => finish(true));
  });
}

await Promise.all(Array.from({ length: Number(connections) }, connection));
const cpu = process.cpuUsage(cpuAtStart);
process.stdout.write(
  JSON.stringify({
    ...loadFigures(latencies, Number(seconds), { non2xx, errors }),
    generatorCpuMicroseconds: latencies.length ? (cpu.user + cpu.system) / latencies.length : 0,
  }) + '\n',
);
