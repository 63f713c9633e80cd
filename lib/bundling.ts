/**
 * How every function is bundled: esbuild, ESM, minified, tree-shaken, the AWS SDK inside (pinned,
 * rather than the runtime's). The stack's NodejsFunction and the benchmark's esbuild read these,
 * so that what is measured is what is deployed.
 *
 * No source maps: `--enable-source-maps` made every cold start about 7 ms (13 %) slower, reading
 * the map as the bundle loads, and our logs carry no stack traces (error name and message only:
 * docs/performance.md).
 */
export const functionBundling = {
  minify: true,
  // esbuild's default output, ASCII: å, ä and ö escaped (`\xE5`). Emitted as UTF-8 they save
  // 0.2–0.4 KiB, but loading then took about 0.7 ms longer (decoding beyond ASCII, and V8 keeps a
  // source with an en dash in two bytes a character): docs/performance.md.
  target: 'node22',
  mainFields: ['module', 'main'],
  // Node's web streams, which @middy/core 6 imports for streamed responses only: lambdas/shims/.
  // The path is the repository's, relative: esbuild runs there (the stack's local bundling too).
  alias: { 'node:stream/web': './lambdas/shims/nodeStreamWeb.ts' },
  // ESM bundles of CommonJS dependencies still call `require` for Node's built-ins.
  banner: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);",
};
