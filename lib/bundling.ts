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
  // Swedish text as UTF-8 (2 bytes for å, ä, ö) rather than escaped (4 bytes each). Node and
  // Lambda read ESM source as UTF-8.
  charset: 'utf8' as const,
  target: 'node22',
  mainFields: ['module', 'main'],
  // ESM bundles of CommonJS dependencies still call `require` for Node's built-ins.
  banner: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);",
};
