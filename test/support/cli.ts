/**
 * cli — the built CLI (dist/main.js) in a real child process, for tests that look at it from outside: exit code,
 * stdout, stderr, signals. `runCli` feeds stdin and waits; `startCli` hands back the child for live tests.
 *
 * Limits: needs `npm run build` first (`npm test` does it); a run taking longer than `timeoutMs` is killed
 * with SIGKILL and reported with code null, so a hang fails the test instead of stalling it.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';

/** The built CLI; `MTATRACE_CLI` points the tests at another build (to see a test fail on an older one). */
export const CLI = process.env.MTATRACE_CLI ?? new URL('../../dist/main.js', import.meta.url).pathname;

export interface CliResult { code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }

export function runCli(args: string[], input = '', opts: { env?: NodeJS.ProcessEnv; timeoutMs?: number } = {}): Promise<CliResult> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], { env: { ...process.env, ...opts.env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => { stdout += c.toString(); });
    child.stderr.on('data', (c: Buffer) => { stderr += c.toString(); });
    const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 20_000);
    child.on('close', (code, signal) => { clearTimeout(timer); resolve({ code, signal, stdout, stderr }); });
    child.stdin.on('error', () => { /* the child may exit before reading everything (a bad option) */ });
    child.stdin.end(input);
  });
}

export interface LiveCli { child: ChildProcessWithoutNullStreams; out: () => string; err: () => string; exited: Promise<number | null> }

export function startCli(args: string[], env: NodeJS.ProcessEnv = {}): LiveCli {
  const child = spawn(process.execPath, [CLI, ...args], { env: { ...process.env, ...env } });
  let out = '';
  let err = '';
  child.stdout.on('data', (c: Buffer) => { out += c.toString(); });
  child.stderr.on('data', (c: Buffer) => { err += c.toString(); });
  child.stdin.on('error', () => { /* closed by the child */ });
  const exited = new Promise<number | null>((r) => child.on('close', (code) => r(code)));
  return { child, out: () => out, err: () => err, exited };
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export async function until(what: () => boolean, ms = 20_000): Promise<void> {
  const end = Date.now() + ms;
  while (!what()) { if (Date.now() > end) throw new Error('timed out'); await sleep(20); }
}
