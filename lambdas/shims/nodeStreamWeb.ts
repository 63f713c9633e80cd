/**
 * Stands in for `node:stream/web` in the bundles (lib/bundling.ts). @middy/core 6 imports its
 * `ReadableStream` at load for a single `instanceof` in streamed responses, which these functions
 * do not send; loading Node's web streams costs about 1.1 ms of every cold start (2 % of the
 * floor, docs/performance.md). The check still answers as Node's own class would, and loads web
 * streams only if it is ever made.
 */
export class ReadableStream {
  static [Symbol.hasInstance](value: unknown): boolean {
    return value instanceof globalThis.ReadableStream;
  }
}
