/**
 * measure — runs one command to completion and reports its wall time, CPU time (user + sys) and peak RSS,
 * measured from outside the process: through `/usr/bin/time -f …` when installed, else by polling
 * /proc/PID/status (VmHWM) and /proc/PID/stat (utime, stime) until it exits.
 *
 *   await timed('node', ['dist/main.js', '--once', '--output', 'json', file], { stdout: 'ignore' })
 *   → { wallS: 4.1, userS: 3.9, sysS: 0.3, cpuS: 4.2, maxRssKb: 185316, code: 0, stderr: '…' }
 *
 * Limits: the /proc fallback (forced with BENCH_NO_TIME=1) misses CPU used in the last 50 ms poll interval and
 * needs Linux.
 */

import { spawn } from 'node:child_process';
import { existsSync, readFileSync, openSync, closeSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const HAVE_TIME = existsSync('/usr/bin/time') && !process.env.BENCH_NO_TIME;
const TICK = 100;

/** utime + stime in seconds and VmHWM / VmRSS in KiB of a live process, or undefined once it is gone. */
export function procSample(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (k) => Number((new RegExp(`^${k}:\\s+(\\d+)`, 'm').exec(status) ?? [])[1] ?? 0);
    return { userS: Number(f[11]) / TICK, sysS: Number(f[12]) / TICK, hwmKb: kb('VmHWM'), rssKb: kb('VmRSS') };
  } catch {
    return undefined;
  }
}

/**
 * @param {string} cmd @param {string[]} args
 * @param {{ stdin?: string, stdout?: 'ignore'|string, env?: object }} o  stdin/stdout: a file path (or 'ignore')
 */
export async function timed(cmd, args, o = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'mtatrace-bench-'));
  const timeFile = join(dir, 'time');
  const stdin = o.stdin ? openSync(o.stdin, 'r') : 'ignore';
  const stdout = o.stdout && o.stdout !== 'ignore' ? openSync(o.stdout, 'w') : 'ignore';
  const [file, argv] = HAVE_TIME ? ['/usr/bin/time', ['-f', '%e %U %S %M', '-o', timeFile, cmd, ...args]] : [cmd, args];
  const t0 = process.hrtime.bigint();
  const child = spawn(file, argv, { stdio: [stdin, stdout, 'pipe'], env: { ...process.env, ...o.env } });
  let stderr = '';
  child.stderr.on('data', (c) => { if (stderr.length < 20000) stderr += c; });
  let last;
  const poll = HAVE_TIME ? undefined : setInterval(() => { last = procSample(child.pid) ?? last; }, 50);
  const code = await new Promise((resolve) => child.on('close', (c) => resolve(c)));
  const wallS = Number(process.hrtime.bigint() - t0) / 1e9;
  if (poll) clearInterval(poll);
  for (const fd of [stdin, stdout]) if (typeof fd === 'number') closeSync(fd);
  let r;
  if (HAVE_TIME) {
    const text = readFileSync(timeFile, 'utf8').trim().split('\n').pop();
    const [e, u, s, m] = text.split(' ').map(Number);
    r = { wallS: e || wallS, userS: u, sysS: s, maxRssKb: m };
  } else {
    r = { wallS, userS: last?.userS ?? NaN, sysS: last?.sysS ?? NaN, maxRssKb: last?.hwmKb ?? NaN };
  }
  rmSync(dir, { recursive: true, force: true });
  return { ...r, cpuS: r.userS + r.sysS, code, stderr };
}

/** Runs `fn` `n` times and keeps the run with the least CPU time (the least disturbed by other load). */
export async function best(n, fn) {
  let keep;
  for (let i = 0; i < n; i++) {
    const r = await fn();
    if (!keep || r.cpuS < keep.cpuS) keep = r;
  }
  return keep;
}
