/**
 * closed-stdout — `mtatrace … | head -1`: when the reader goes away, mtatrace ends the way Unix tools do: it stops
 * reading, writes its state file, prints the summary on stderr and exits 141 (128 + SIGPIPE, what a shell shows
 * for a tool killed by SIGPIPE), in batch and in live mode. Before, it exited 0 and said nothing. The reader
 * here is the test itself: it takes the first chunk and closes its end of the pipe, as `head -1` does.
 */
import { execFile, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { CLI, sleep } from '../support/cli.js';

const GEN = new URL('../../bench/generate.mjs', import.meta.url).pathname;
let dir: string;
let log: string;
let lines: string[];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'mtatrace-epipe-'));
  const gen = await promisify(execFile)(process.execPath, [GEN, '--lines', '20000', '--seed', '5'], { maxBuffer: 1 << 28 });
  lines = gen.stdout.split('\n').filter(Boolean);
  log = join(dir, 'in.log');
  writeFileSync(log, `${lines.join('\n')}\n`);
}, 60_000);

/** Runs the CLI, closes its stdout after the first chunk; `feed` writes to its stdin meanwhile (live mode). */
function headOne(args: string[], feed?: (stdin: NodeJS.WritableStream) => () => void): Promise<{ code: number | null; stderr: string; first: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args]);
    let stderr = '';
    let first = '';
    child.stderr.on('data', (c: Buffer) => { stderr += c.toString(); });
    child.stdout.once('data', (c: Buffer) => { first = c.toString().split('\n')[0]; child.stdout.destroy(); });
    child.stdin.on('error', () => {});
    const stopFeed = feed?.(child.stdin);
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.on('close', (code) => { clearTimeout(timer); stopFeed?.(); resolve({ code, stderr, first }); });
  });
}

describe('a closed stdout', () => {
  it.each([['text'], ['json']])('batch (--output %s): exit 141, "stdout closed" and the summary on stderr', async (output) => {
    const r = await headOne(['--once', '--output', output, log]);
    expect(r.first).not.toBe('');
    expect(r.code).toBe(141);
    expect(r.stderr).toContain('mtatrace: stdout closed (EPIPE); stopping');
    expect(r.stderr).toMatch(/mtatrace: \d+ lines: \d+ parsed/);
  });

  it('live (stdin stays open, --state-file): stops, saves the state file, exit 141 with the summary', async () => {
    const state = join(dir, 'live.json');
    const r = await headOne(['--output', 'json', '--state-file', state, '--reorder-window', '0'], (stdin) => {
      let i = 0;
      let on = true;
      void (async () => {
        while (on && i < lines.length) { stdin.write(`${lines.slice(i, i + 200).join('\n')}\n`); i += 200; await sleep(20); }
      })();
      return () => { on = false; };
    });
    expect(r.code).toBe(141);
    expect(r.stderr).toContain('stdout closed (EPIPE)');
    expect(r.stderr).toMatch(/mtatrace: \d+ lines: .*in flight saved/);
    expect(existsSync(state)).toBe(true);
    expect(JSON.parse(readFileSync(state, 'utf8'))).toMatchObject({ format: 'mtatrace-state' });
  });
});
