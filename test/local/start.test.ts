import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startBanner } from '#local/banner';

/** The local addresses a text names: the pages, the API's health check and the /_local tools. */
function addresses(text: string): string[] {
  return [...new Set(text.match(/\/_local\/[\w-]+|\/[\w-]+\.html|\/api\/health|\.local-data\//g))].sort();
}

describe('the start banner', () => {
  it("names every address of the README's table, and no other", () => {
    // Prepare: the table under "`npm start` prints where everything is"
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    const table = readme.slice(readme.indexOf('`npm start` prints where everything is')).split('\n\n')[1]!;

    // Act
    const banner = startBanner('http://127.0.0.1:3000', '.local-data');

    // Assess
    expect(addresses(table).length).toBeGreaterThan(8);
    expect(addresses(banner)).toEqual(addresses(table));
    expect(banner).toContain('http://127.0.0.1:3000/');
  });
});

describe('npm start', () => {
  it('says in one line what to install when there is no Java, instead of a stack trace', () => {
    // Prepare: a path with this Node on it and nothing else
    const bin = mkdtempSync(join(tmpdir(), 'satsning-nojava-'));
    symlinkSync(process.execPath, join(bin, 'node'));

    // Act
    const started = spawnSync(process.execPath, ['--import', 'tsx', 'local/start.ts'], {
      cwd: join(import.meta.dirname, '..', '..'),
      env: { PATH: bin, PORT: '0', SATSNING_DATA_DIR: join(bin, 'data') },
      encoding: 'utf8',
      timeout: 30_000,
    });
    rmSync(bin, { recursive: true, force: true });

    // Assess
    expect(started.status).toBe(1);
    expect(started.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^DynamoDB Local behöver Java 17 .*apt-get install openjdk-17-jre-headless/)]);
  });
});
