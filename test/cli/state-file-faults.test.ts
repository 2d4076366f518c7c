/**
 * state-file-faults — a state file that cannot be written or read, seen from outside: the run says plainly that
 * the in-flight messages were NOT saved and exits 1; a full disk (a 16 KiB tmpfs this test mounts and unmounts
 * itself, as root) leaves no `state.json.tmp` and keeps the previous checkpoint; a file that cannot be read
 * is moved to `PATH.bad` instead of being overwritten by the next checkpoint.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';

/** n messages that stay in flight (deferred, never removed). */
const deferred = (n: number, from = 0): string => Array.from({ length: n }, (_, k) => {
  const i = from + k;
  const id = (0xa00000 + i).toString(16).toUpperCase().padStart(10, '0');
  return `2026-11-26T10:00:01.000000+00:00 mx1 postfix/qmgr[2]: ${id}: from=<a${i}@b.example>, size=1, nrcpt=1 (queue active)\n` +
    `2026-11-26T10:00:02.000000+00:00 mx1 postfix/smtp[3]: ${id}: to=<c${i}@d.example>, relay=none, delay=1, delays=0/0/1/0, dsn=4.4.1, status=deferred (connect to d.example[192.0.2.1]:25: Connection refused)\n`;
}).join('');

const ARGS = ['--output', 'json', '--reorder-window', '0'];

describe('state file that cannot be written', () => {
  it('a missing directory: "NOT saved" on stderr, exit 1', async () => {
    const r = await runCli([...ARGS, '--state-file', '/nonexistent-mtatrace/dir/state.json'], deferred(3));
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('state file /nonexistent-mtatrace/dir/state.json not saved: ENOENT');
    expect(r.stderr).toMatch(/3 in-flight messages NOT saved/);
    expect(r.stderr).toMatch(/; 3 in flight NOT saved/);
    expect(r.stderr).not.toMatch(/in flight saved/);
  });

  describe.skipIf(process.getuid?.() !== 0)('a full disk (tmpfs of 16 KiB, needs root)', () => {
    let mnt: string;
    beforeAll(() => {
      mnt = mkdtempSync(join(tmpdir(), 'mtatrace-full-'));
      execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=16k', 'tmpfs', mnt]);
    });
    afterAll(() => {
      execFileSync('umount', [mnt]);
      rmdirSync(mnt);
    });

    it('keeps the previous checkpoint, leaves no temp file, says NOT saved, exits 1', async () => {
      const state = join(mnt, 'state.json');
      const small = await runCli([...ARGS, '--state-file', state], deferred(2));
      expect(small.code).toBe(0);
      const before = readFileSync(state, 'utf8');
      const big = await runCli([...ARGS, '--state-file', state], deferred(400, 2));
      expect(big.code).toBe(1);
      expect(big.stderr).toMatch(/state file .*state\.json not saved: ENOSPC/);
      expect(big.stderr).toMatch(/402 in-flight messages NOT saved/);
      expect(readdirSync(mnt)).toEqual(['state.json']);
      expect(readFileSync(state, 'utf8')).toBe(before);
    });
  });
});

describe('state file that cannot be read', () => {
  it('is moved to PATH.bad, the run starts empty and saves a new one', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mtatrace-unreadable-'));
    const state = join(dir, 'state.json');
    mkdirSync(state); // reading it fails with EISDIR, like an I/O error or a file too large to read
    const r = await runCli([...ARGS, '--state-file', state], deferred(2));
    expect(r.stderr).toMatch(/ignoring state file .*state\.json: cannot be read \(EISDIR.*moved to .*state\.json\.bad; starting empty/);
    expect(r.code).toBe(0);
    expect(existsSync(`${state}.bad`)).toBe(true);
    expect(JSON.parse(readFileSync(state, 'utf8'))).toMatchObject({ format: 'mtatrace-state' });
  });
});
