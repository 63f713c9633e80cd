/**
 * Property: no request answers 5xx, and every error is in the API's one shape. Thousands of
 * hostile requests, generated from the route table and docs/api (test/helpers/hostileRequests.ts),
 * against the real local platform with a programme, applicants, participants and a group in it.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPlatform, type TestPlatform } from '../helpers/platform.ts';
import { faultOf, hostileRequest, hostileWorld, send, type Known } from '../helpers/hostileRequests.ts';

/** How many requests `npm test` sends, and how long it may take to send them. */
const runs = 2_000;
const timeLimitMs = 150_000;

let platform: TestPlatform;
let known: Known;

beforeAll(async () => {
  platform = await startTestPlatform();
  known = await hostileWorld(platform);
});
afterAll(() => platform?.stop());

/** On failure, the shrunk request's error alone: the request itself can be 64 KiB of body. */
function reportBriefly<Values>(details: fc.RunDetails<Values>): void {
  if (!details.failed) return;
  const cause = details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance);
  throw new Error(`Property failed after ${details.numRuns} requests (seed ${details.seed}, path ${details.counterexamplePath}): ${cause}`);
}

describe('hostile requests', () => {
  it(`answer no ${runs} of them with 5xx, and every error in the one shape`, { timeout: timeLimitMs + 30_000 }, async () => {
    // Prepare
    let sent = 0;

    // Act and assess: fast-check shrinks a failing request to a small one
    await fc.assert(
      fc.asyncProperty(hostileRequest(known), async (request) => {
        sent++;
        const fault = faultOf(await send(platform.url, request));
        if (fault) throw new Error(`${request.method} ${request.path.slice(0, 200)} ${JSON.stringify(request.headers).slice(0, 200)} ${request.body?.slice(0, 300)}: ${fault}`);
      }),
      // The counterexample is in the error above; fast-check's own report would print its every byte.
      { numRuns: runs, seed: 20271205, interruptAfterTimeLimit: timeLimitMs, markInterruptAsFailure: true, includeErrorInReport: true, reporter: reportBriefly },
    );

    expect(sent).toBeGreaterThanOrEqual(runs);
  });
});
