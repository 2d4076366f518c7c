/**
 * processes — every external process the e2e harness starts, remembered by PID and stopped by PID.
 *
 * Daemons that fork (rsyslogd, Postfix's master) are tracked through the pid file they write; plain children
 * (smtp-sink, helper scripts) through `spawn`. `stopAll()` runs in `afterAll`, also after a failed test, and
 * sends SIGTERM, then SIGKILL to whatever is still alive after a grace period.
 *
 * Temporary directories are remembered too and removed after the processes are stopped.
 * Limits: a daemon that dies before writing its pid file cannot be stopped here (it is not running anyway);
 * PIDs are never looked up by name.
 */
import { spawn, execFile } from 'node:child_process';
import type { ChildProcess, SpawnOptions } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { promisify } from 'node:util';

const execFileP = promisify(execFile);

interface Tracked {
  name: string;
  pid: () => number | undefined;
  /** Optional custom stop (e.g. `postfix stop`), tried before signals. */
  stop?: () => Promise<void>;
}

const tracked: Tracked[] = [];
const tempDirs: string[] = [];

/** Remembers a temporary directory for `removeTempDirs()`. */
export function trackDir(path: string): string {
  tempDirs.push(path);
  return path;
}

/** Deletes the remembered directories, unless MTATRACE_E2E_KEEP is set (to look at a failed run). */
export function removeTempDirs(): string[] {
  const dirs = tempDirs.splice(0);
  if (process.env.MTATRACE_E2E_KEEP) return dirs;
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
  return [];
}

// Last resort if the test process ends without afterAll (killed by a timeout): SIGTERM whatever is still tracked.
process.once('exit', () => {
  for (const t of tracked) {
    const pid = t.pid();
    if (pid !== undefined && isAlive(pid)) {
      try { process.kill(pid, 'SIGTERM'); } catch { /* already gone */ }
    }
  }
});

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  // A zombie (exited, not reaped: no init in some containers) counts as dead.
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return !/^\d+ \(.*\) Z /.test(stat);
  } catch {
    return false;
  }
}

export function readPidFile(path: string): number | undefined {
  try {
    const n = Number(readFileSync(path, 'utf8').trim());
    return Number.isInteger(n) && n > 0 ? n : undefined;
  } catch {
    return undefined;
  }
}

/** Starts a child and remembers it; its stdout/stderr are collected for failure messages. */
export function startChild(name: string, cmd: string, args: string[], opts: SpawnOptions = {}): ChildProcess & { output: () => string } {
  const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], ...opts });
  let out = '';
  child.stdout?.on('data', (b: Buffer) => { out += b.toString(); });
  child.stderr?.on('data', (b: Buffer) => { out += b.toString(); });
  child.on('error', (e) => { out += `spawn error: ${e.message}\n`; });
  tracked.push({ name, pid: () => child.pid });
  return Object.assign(child, { output: () => out });
}

/** Remembers a daemon that writes its own pid file (rsyslogd -i, Postfix master). */
export function trackDaemon(name: string, pidFile: string, stop?: () => Promise<void>): void {
  tracked.push({ name, pid: () => readPidFile(pidFile), stop });
}

export async function run(cmd: string, args: string[], input?: string): Promise<{ stdout: string; stderr: string }> {
  if (input === undefined) return execFileP(cmd, args, { maxBuffer: 64 << 20 });
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (b: Buffer) => { stdout += b.toString(); });
    child.stderr.on('data', (b: Buffer) => { stderr += b.toString(); });
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) resolve({ stdout, stderr });
      else reject(new Error(`${cmd} ${args.join(' ')} exited ${code}: ${stderr}`));
    });
    child.stdin.end(input);
  });
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Stops one tracked process: custom stop, then SIGTERM, then SIGKILL. Returns what was still alive. */
async function stopOne(t: Tracked, graceMs: number): Promise<string | undefined> {
  if (t.stop) await t.stop().catch(() => undefined);
  const pid = t.pid();
  if (pid === undefined || !isAlive(pid)) return undefined;
  try { process.kill(pid, 'SIGTERM'); } catch { return undefined; }
  for (let waited = 0; waited < graceMs; waited += 100) {
    if (!isAlive(pid)) return undefined;
    await sleep(100);
  }
  try { process.kill(pid, 'SIGKILL'); } catch { /* gone */ }
  return `${t.name} (pid ${pid}) needed SIGKILL`;
}

/** Stops everything started so far, newest first; returns notes about stubborn processes. */
export async function stopAll(graceMs = 5000): Promise<string[]> {
  const notes: string[] = [];
  while (tracked.length > 0) {
    const t = tracked.pop() as Tracked;
    const note = await stopOne(t, graceMs);
    if (note) notes.push(note);
  }
  return notes;
}
