/**
 * The layers of lambdas/, read from the import graph (type imports included): what each layer may
 * import, and no cycle anywhere. docs/architecture.md says why.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '..', '..');
const lambdas = join(root, 'lambdas');
const aliases: Record<string, string> = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).imports;

/** Exceptions to the rules below, each with its reason. Empty: none is needed. */
const allowed: string[] = [];

type Layer = 'core' | 'text' | 'model' | 'usecases' | 'messages' | 'adapters' | 'wiring' | 'http' | 'handlers' | 'routes' | 'site';

function layerOf(file: string): Layer {
  const path = relative(lambdas, file);
  if (path === 'routes.ts') return 'routes';
  if (path === 'site.ts') return 'site';
  return path.split('/')[0] as Layer;
}

/** What each layer may import besides itself; a layer not named here may import any. */
const mayImport: Partial<Record<Layer, Layer[]>> = {
  core: ['text'],
  text: [],
  model: ['core', 'text'],
  usecases: ['core', 'text', 'model'],
};

function resolveImport(from: string, specifier: string): string | undefined {
  if (specifier.startsWith('#')) {
    const exact = aliases[specifier];
    if (exact) return join(root, exact);
    for (const [pattern, target] of Object.entries(aliases)) {
      if (pattern.endsWith('/*') && specifier.startsWith(pattern.slice(0, -1))) return join(root, target.replace('*', specifier.slice(pattern.length - 1)));
    }
    throw new Error(`${specifier} in ${from}: no such alias`);
  }
  if (specifier.startsWith('.')) return resolve(dirname(from), specifier);
  return undefined; // a package or a Node built-in
}

function importsOf(file: string): string[] {
  const source = readFileSync(file, 'utf8');
  const specifiers = [...source.matchAll(/^\s*(?:import|export)\b[^;]*?\bfrom\s+['"]([^'"]+)['"]/gm), ...source.matchAll(/\bimport\(\s*['"]([^'"]+)['"]\s*\)/g)].map((match) => match[1]!);
  return specifiers.map((specifier) => resolveImport(file, specifier)).filter((target): target is string => target !== undefined);
}

const files = readdirSync(lambdas, { recursive: true, encoding: 'utf8' })
  .filter((file) => file.endsWith('.ts'))
  .map((file) => join(lambdas, file));
const graph = new Map(files.map((file) => [file, importsOf(file)]));

describe('the layers of lambdas/', () => {
  it('import only what their layer may, type imports included', () => {
    // Act
    const broken = [...graph].flatMap(([file, targets]) => {
      const rule = mayImport[layerOf(file)];
      if (!rule) return [];
      return targets
        .filter((target) => !target.startsWith(lambdas) || (layerOf(target) !== layerOf(file) && !rule.includes(layerOf(target))))
        .map((target) => `${relative(lambdas, file)} → ${relative(lambdas, target)}`);
    });

    // Assess
    expect(files.length).toBeGreaterThan(60);
    expect(broken.filter((edge) => !allowed.includes(edge))).toEqual([]);
  });

  it('have no import cycle', () => {
    // Act: Tarjan's strongly connected components
    const index = new Map<string, number>();
    const low = new Map<string, number>();
    const stack: string[] = [];
    const cycles: string[][] = [];
    let counter = 0;
    const visit = (file: string) => {
      index.set(file, counter);
      low.set(file, counter++);
      stack.push(file);
      for (const target of graph.get(file) ?? []) {
        if (!graph.has(target)) continue;
        if (!index.has(target)) {
          visit(target);
          low.set(file, Math.min(low.get(file)!, low.get(target)!));
        } else if (stack.includes(target)) low.set(file, Math.min(low.get(file)!, index.get(target)!));
      }
      if (low.get(file) === index.get(file)) {
        const component: string[] = [];
        let member: string;
        do {
          member = stack.pop()!;
          component.push(relative(lambdas, member));
        } while (member !== file);
        if (component.length > 1 || (graph.get(file) ?? []).includes(file)) cycles.push(component.sort());
      }
    };
    for (const file of files) if (!index.has(file)) visit(file);

    // Assess
    expect(cycles).toEqual([]);
  });

  it('keep every module under 400 lines', () => {
    const long = files.map((file) => [relative(lambdas, file), readFileSync(file, 'utf8').split('\n').length] as const).filter(([, lines]) => lines > 400);
    expect(long).toEqual([]);
  });
});
