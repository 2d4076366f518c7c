/**
 * `npx mtatrace` from the packed tarball: what `npm pack` ships installs into an empty project and runs.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const root = new URL('../../', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'mtatrace-pack-'));

describe('the packed tarball', () => {
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('installs and runs as `npx mtatrace`', async () => {
    const { stdout: packed } = await run('npm', ['pack', '--pack-destination', dir, '--json'], { cwd: root });
    const [{ filename, files }] = JSON.parse(packed) as [{ filename: string; files: { path: string }[] }];
    const paths = files.map((f) => f.path);
    expect(paths).toContain('dist/main.js');
    expect(paths).toContain('examples/sample.log');
    expect(paths.some((p) => p.startsWith('src/') || p.startsWith('test/'))).toBe(false);

    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'consumer', private: true }));
    await run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', join(dir, filename)], { cwd: dir, timeout: 120_000 });
    const { stdout: version } = await run('npx', ['--no-install', 'mtatrace', '--version'], { cwd: dir });
    expect(version.trim()).toMatch(/^mtatrace \d+\.\d+\.\d+$/);
    const { stdout: report } = await run('npx', ['--no-install', 'mtatrace', '--once', 'node_modules/mtatrace/examples/sample.log'], { cwd: dir });
    expect(report).toContain('== Summary ==');
  }, 180_000);
});
