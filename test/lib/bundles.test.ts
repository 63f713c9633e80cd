import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { functionGroups, type FunctionGroupName } from '#routes';
import * as sv from '#text/sv';
import { bundleFunction } from '../../scripts/bench/bundles.ts';

const workDir = mkdtempSync(join(tmpdir(), 'satsning-bundles-'));
afterAll(() => rmSync(workDir, { recursive: true, force: true }));

const builds = new Map<FunctionGroupName, ReturnType<typeof build>>();

/** A function's bundle as deployed, its entry and every chunk read as one text: built once per group. */
function bundled(group: FunctionGroupName): ReturnType<typeof build> {
  let built = builds.get(group);
  if (!built) builds.set(group, (built = build(group)));
  return built;
}

async function build(group: FunctionGroupName) {
  const outdir = join(workDir, group);
  const bundle = await bundleFunction(group, outdir);
  // What is in the output, not every file esbuild read: a module tree-shaken away has 0 bytes.
  const outputs = Object.values(bundle.metafile.outputs);
  const inputs = outputs.flatMap((output) => Object.entries(output.inputs).filter(([, input]) => input.bytesInOutput > 0).map(([path]) => path));
  const text = readdirSync(outdir).map((file) => readFileSync(join(outdir, file), 'utf8')).join('\n');
  // esbuild writes ASCII: å in a string is `\xE5`. Markers are searched for as written in the source.
  const code = text.replace(/\\x([0-9a-f]{2})|\\u([0-9a-f]{4})/gi, (_, byte: string | undefined, unit: string | undefined) =>
    String.fromCharCode(parseInt(byte ?? unit!, 16)),
  );
  return { code, inputs, bundle };
}

/** Which of `markers` the bundle's code holds (a failure then names them, not the whole bundle). */
function present(code: string, markers: string[]): string[] {
  return markers.filter((marker) => code.includes(marker));
}

describe('the function bundles', () => {
  it('leave the SES client out of every function that uses no SES action', async () => {
    // Prepare
    const silent = (Object.keys(functionGroups) as FunctionGroupName[]).filter((group) => functionGroups[group].sesActions.length === 0 && functionGroups[group].tableActions.length > 0);
    expect(silent).toEqual(expect.arrayContaining(['progress', 'exports', 'groups']));

    // Act
    const bundles = await Promise.all(silent.map(bundled));

    // Assess
    for (const { inputs } of bundles) expect(inputs.filter((input) => input.includes('client-sesv2'))).toEqual([]);
    expect((await bundled('applications')).inputs.some((input) => input.includes('client-sesv2'))).toBe(true);
  });

  it('hold only the schemas and routes of their own group', async () => {
    // Act
    const progress = await bundled('progress');
    const programmes = await bundled('programmes');
    const programmeAdmin = await bundled('programmeAdmin');

    // Assess: the programme schema's sendAt message, and routes of other groups
    const programmeSchema = 'Ange en tid mellan 06:00';
    expect(present(programmeAdmin.code, [programmeSchema])).toEqual([programmeSchema]);
    expect(present(programmes.code, [programmeSchema, '/api/programmes/{programmeId}/units/import'])).toEqual([]);
    expect(present(progress.code, [programmeSchema, '/api/programmes/{programmeId}/groups', '/api/watchers/confirm'])).toEqual([]);
    expect(present(progress.code, ['/api/applications/{applicationId}/progress'])).toHaveLength(1);
    expect(progress.inputs.filter((input) => input.startsWith('lambdas/adapters/dynamodb/notifications'))).toEqual([]);
  });

  it('hold only reads of the stores their use cases only read', async () => {
    // Act
    const programmes = await bundled('programmes');
    const programmeAdmin = await bundled('programmeAdmin');
    const applications = await bundled('applications');
    const decisions = await bundled('decisions');
    const progress = await bundled('progress');
    const exports = await bundled('exports');

    // Assess, by what only that store method holds: a new private-link secret, the seat counters'
    // range, a group's memberships, a programme's notification schedule (its due index), the exports'
    // ranges, a transition's seat counter write, the read of a programme's list of applications (by
    // its name: esbuild keeps property names), the list of programmes (by closing instant).
    const secretWrite = 'SET secretHash = :hash';
    const seatCounters = '"SEATS#"';
    const groupWrite = 'groupId = :group';
    const scheduleWrite = 'DUE#';
    const exportRange = 'BETWEEN :from AND :to';
    const transition = 'ADD used :delta';
    const applicationList = 'listByProgramme';
    const programmeList = '#sk > :after';
    const all = [secretWrite, seatCounters, groupWrite, scheduleWrite, exportRange, transition, applicationList, programmeList];
    // Applying and a private link read one application by its id, never a programme's list.
    expect(present(applications.code, all)).toEqual([secretWrite, transition]);
    // A head's decisions, and `/api/me`: the units a head leads, in every programme; one no
    // longer appointed leaves their learning group.
    expect(present(decisions.code, all)).toEqual([seatCounters, groupWrite, transition, applicationList, programmeList]);
    // Changing a programme promotes reserves (a transition), but reads no seat counters.
    expect(present(programmeAdmin.code, all)).toEqual([scheduleWrite, transition]);
    expect(present(programmes.code, all)).toEqual([programmeList]);
    expect(present(progress.code, all)).toEqual([]);
    expect(present(exports.code, all)).toEqual([exportRange]);
  });

  it('hold only the error messages of their own rules', async () => {
    // Act
    const watchers = await bundled('watchers');
    const decisions = await bundled('decisions');
    const programmes = await bundled('programmes');
    const groups = await bundled('groups');

    // Assess: a message of the decision period, one of learning groups' cycles, and the HTTP layer's own
    const deadlinePassed = 'Sista dag för beslut har passerat.';
    const phaseOutOfOrder = sv.PHASE_OUT_OF_ORDER;
    const unauthenticated = 'Du behöver logga in.';
    expect(present(decisions.code, [deadlinePassed, phaseOutOfOrder, unauthenticated])).toEqual([deadlinePassed, unauthenticated]);
    expect(present(watchers.code, [deadlinePassed, phaseOutOfOrder, unauthenticated])).toEqual([unauthenticated]);
    expect(present(programmes.code, [deadlinePassed, phaseOutOfOrder, unauthenticated])).toEqual([unauthenticated]);
    expect(present(groups.code, [deadlinePassed, phaseOutOfOrder, unauthenticated])).toEqual([phaseOutOfOrder, unauthenticated]);
  });
});

describe('a cold start', () => {
  it("loads none of the SDK's other credential providers, nor the built-ins only they use", async () => {
    // Prepare: the SDK reaches its credential providers for files, SSO, STS, processes and the
    // instance metadata by import(), and in one file esbuild hoisted their imports of Node's
    // built-ins to the top. A function in Lambda takes its credentials from the environment.
    const { metafile, startOutputs, entryPath } = (await bundled('programmeAdmin')).bundle;
    const inputsOf = (outputs: string[]) => outputs.flatMap((output) => Object.keys(metafile.outputs[output]!.inputs));
    const otherProviders = (inputs: string[]) => inputs.filter((input) => /credential-provider-(sso|ini|process|web-identity|imds)|nested-clients/.test(input));
    const loader = `
      const before = new Set(process.moduleLoadList);
      const { handler } = await import(${JSON.stringify(entryPath)});
      process.stdout.write(JSON.stringify({ handler: typeof handler, loaded: process.moduleLoadList.filter((name) => !before.has(name)) }));`;

    // Act: load it in a fresh process, as Lambda does
    const child = spawnSync(process.execPath, ['--no-warnings', '--input-type=module', '-e', loader], {
      encoding: 'utf8',
      env: { PATH: process.env.PATH, AWS_REGION: 'eu-north-1', TABLE_NAME: 'satsning' },
    });
    const { handler, loaded } = JSON.parse(child.stdout) as { handler: string; loaded: string[] };

    // Assess: the providers are deployed, in chunks the entry does not import; the handler loads,
    // with none of those built-ins
    expect(otherProviders(inputsOf(Object.keys(metafile.outputs))).length).toBeGreaterThan(5);
    expect(otherProviders(inputsOf(startOutputs))).toEqual([]);
    expect(handler).toBe('function');
    expect(loaded.length).toBeGreaterThan(20);
    const unused = ['http', 'http2', 'child_process', 'dgram', 'worker_threads', 'internal/deps/undici/undici'];
    expect(loaded.filter((name) => unused.some((builtin) => name === `NativeModule ${builtin}`))).toEqual([]);
  });
});

describe("Node's web streams", () => {
  it('are not loaded by any function: middy imports them only in its streamed-response mode, which none uses', async () => {
    // Prepare: middy's standard mode, the one every function runs, does not import them
    const middy = join(import.meta.dirname, '..', '..', 'node_modules', '@middy', 'core');
    expect(readFileSync(join(middy, 'executionModeStreamifyResponse.js'), 'utf8')).toContain('from "node:stream/web"');
    expect(readFileSync(join(middy, 'executionModeStandard.js'), 'utf8')).not.toContain('node:stream/web');

    // Act
    const bundles = await Promise.all((['health', 'applications', 'progress'] as const).map(bundled));

    // Assess: middy is in each, Node's web streams in none
    for (const { code, inputs } of bundles) {
      expect(inputs.some((input) => input.includes('@middy/core'))).toBe(true);
      expect(present(code, ['node:stream/web'])).toEqual([]);
    }
  });
});

describe('the schemas', () => {
  it('are built on first use: no module builds a zod schema when it loads', () => {
    // Prepare: every TypeScript module under lambdas/
    const files = readdirSync(join(import.meta.dirname, '..', '..', 'lambdas'), { recursive: true, encoding: 'utf8' }).filter((file) => file.endsWith('.ts'));

    // Act: module-scope definitions that call zod, other than the lazy, pure-annotated form
    const eager = files.flatMap((file) =>
      readFileSync(join(import.meta.dirname, '..', '..', 'lambdas', file), 'utf8')
        .split('\n')
        .filter((line) => /^(export )?const \w+(: [^=]+)? = z\./.test(line) || (/^(export )?const \w+ = .*z\.lazy\(/.test(line) && !line.includes('/* @__PURE__ */ z.lazy(')))
        .map((line) => `${file}: ${line}`),
    );

    // Assess
    expect(files.length).toBeGreaterThan(30);
    expect(eager).toEqual([]);
  });
});
