/**
 * How every function is bundled: esbuild, ESM, minified, tree-shaken, the AWS SDK inside (pinned,
 * rather than the runtime's). The stack (`buildSync` in its asset bundling) and the benchmark (its
 * `build`) both build with `functionBuild`, so that what is measured is what is deployed.
 */
import type { BuildOptions } from 'esbuild';

/** The module a function's directory starts from: its file, and its handler for Lambda. */
const entryName = 'index';
export const entryFileName = `${entryName}.mjs`;
export const lambdaHandler = `${entryName}.handler`;

export const functionBundling = {
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node24',
  minify: true,
  treeShaking: true,
  mainFields: ['module', 'main'],
  // esbuild's default output, ASCII: å, ä and ö escaped (`\xE5`). Emitted as UTF-8 they save
  // 0.2–0.4 KiB, but loading then took about 0.7 ms longer (decoding beyond ASCII, and V8 keeps a
  // source with an en dash in two bytes a character): docs/performance.md.
  charset: 'ascii',
  // No source maps: `--enable-source-maps` made every cold start about 7 ms (13 %) slower, reading
  // the map as the bundle loads, and our logs carry no stack traces (error name and message only).
  sourcemap: false,
  // Code that is only reached through `import()` goes into chunks of its own, loaded when the
  // import runs. In one file esbuild wraps such modules and hoists their imports of Node's
  // built-ins to the top: every cold start compiled the SDK's other credential providers and their
  // STS and SSO clients, and imported `node:http` (with it Node's fetch), `http2`, `child_process`
  // and more, none of which a function in Lambda uses. A third of the load (docs/performance.md).
  splitting: true,
  entryNames: entryName,
  chunkNames: 'chunk-[hash]',
  outExtension: { '.js': '.mjs' },
  // ESM bundles of CommonJS dependencies still call `require` for Node's built-ins.
  banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
} satisfies BuildOptions;

/** esbuild's options for one function: `entry` (a path, or source text) into `outdir`. */
export function functionBuild(repositoryRoot: string, entry: { path: string } | { source: string }, outdir: string): BuildOptions {
  return {
    ...functionBundling,
    ...('path' in entry ? { entryPoints: [entry.path] } : { stdin: { contents: entry.source, resolveDir: repositoryRoot, loader: 'js' } }),
    outdir,
    // where stdin entries resolve from
    absWorkingDir: repositoryRoot,
    logLevel: 'warning',
  };
}
