import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { functionGroups, type FunctionGroupName } from '#routes';
import { bundleFunction } from '../../scripts/bench/bundles.ts';

const workDir = mkdtempSync(join(tmpdir(), 'satsning-bundles-'));
afterAll(() => rmSync(workDir, { recursive: true, force: true }));

async function bundled(group: FunctionGroupName) {
  const outfile = join(workDir, `${group}.mjs`);
  const { metafile } = await bundleFunction(group, outfile);
  // What is in the output, not every file esbuild read: a module tree-shaken away has 0 bytes.
  const output = Object.values(metafile.outputs)[0]!;
  const inputs = Object.entries(output.inputs).filter(([, input]) => input.bytesInOutput > 0).map(([path]) => path);
  return { code: readFileSync(outfile, 'utf8'), inputs };
}

describe('the function bundles', () => {
  it('leave the SES client out of every function that sends no mail', async () => {
    // Prepare
    const silent = (Object.keys(functionGroups) as FunctionGroupName[]).filter((group) => !functionGroups[group].sendsMail && functionGroups[group].tableActions.length > 0);
    expect(silent).toEqual(expect.arrayContaining(['progress', 'exports', 'feedback']));

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

    // Assess: the programme schema's sendAt message, and a route of another group
    expect(programmes.code).toContain('Ange en tid mellan 06:00');
    expect(progress.code).not.toContain('Ange en tid mellan 06:00');
    expect(progress.code).toContain('/api/applications/{applicationId}/progress');
    expect(progress.code).not.toContain('/api/programmes/{programmeId}/groups');
    expect(progress.code).not.toContain('/api/watchers/confirm');
    expect(progress.inputs.filter((input) => input.startsWith('lambdas/adapters/notificationStore'))).toEqual([]);
  });

  it('hold only reads of the stores their use cases only read', async () => {
    // Act
    const progress = await bundled('progress');
    const exports = await bundled('exports');
    const decisions = await bundled('decisions');

    // Assess, by an expression only that store method uses: a new private-link secret, the seat
    // counters, a group's memberships, a programme's notification schedule, the exports' ranges.
    const secretWrite = 'SET secretHash = :hash';
    const seatCounters = 'begins_with(sk, :seats)';
    const groupWrite = 'groupId = :group';
    const scheduleWrite = '"Notification"';
    const exportRange = 'BETWEEN :from AND :to';
    for (const marker of [secretWrite, seatCounters, scheduleWrite]) expect(decisions.code).toContain(marker);
    for (const marker of [secretWrite, seatCounters, groupWrite, scheduleWrite, exportRange]) expect(progress.code).not.toContain(marker);
    for (const marker of [secretWrite, seatCounters, groupWrite, scheduleWrite]) expect(exports.code).not.toContain(marker);
    expect(exports.code).toContain(exportRange);
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
