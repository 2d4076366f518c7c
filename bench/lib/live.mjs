/**
 * live — the measurements that need a running mtatrace rather than a finished one: start-up time, CPU used
 * while lines arrive at a live rate, RSS over a long replay, and RSS while messages are held in flight.
 *
 *   const cpu = await pacedCpu(['node', 'dist/main.js', '--output', 'json'], lines, { rate: 1000, seconds: 20 })
 *   → { rate: 1000, seconds: 20, cpuS: 0.31, corePct: 1.6 }
 *
 * Limits: CPU comes from /proc/PID/stat at 10 ms resolution (fine over 20 s); Linux only. The child's
 * stdout goes to /dev/null; stderr is kept for error messages.
 */

import { spawn } from 'node:child_process';
import { createReadStream, openSync, closeSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { procSample } from './measure.mjs';

const PROBE = new URL('./gc-probe.cjs', import.meta.url).pathname;

function start(argv, env, stdin = 'pipe') {
  const out = openSync('/dev/null', 'w');
  const child = spawn(argv[0], argv.slice(1), { stdio: [stdin, out, 'pipe'], env: { ...process.env, ...env } });
  closeSync(out);
  child.stderrText = '';
  child.stderr.on('data', (c) => { if (child.stderrText.length < 20000) child.stderrText += c; });
  child.done = new Promise((resolve) => child.on('close', (code) => resolve(code)));
  child.stdin?.on('error', () => {});
  return child;
}

/** Best-of-`n` wall time of `argv` reading one line from stdin and exiting; also of `node -e 0`. */
export async function startup(argv, line, n = 5, env = {}) {
  const once = async (a, input) => {
    const t0 = process.hrtime.bigint();
    const c = start(a, env);
    c.stdin.end(input);
    const code = await c.done;
    if (code !== 0) throw new Error(`${a.join(' ')} exited ${code}: ${c.stderrText}`);
    return Number(process.hrtime.bigint() - t0) / 1e6;
  };
  let tool = Infinity;
  let bare = Infinity;
  for (let i = 0; i < n; i++) {
    tool = Math.min(tool, await once(argv, line + '\n'));
    bare = Math.min(bare, await once([process.execPath, '-e', '0'], ''));
  }
  return { toolMs: Math.round(tool), nodeMs: Math.round(bare) };
}

/**
 * Feeds `lines` at `rate` lines/s in 100 ms batches; CPU is counted after `warmupS` for `seconds`. A short warm-up
 * shows a fresh process (V8 still compiling the hot paths), a long one the steady state of a daemon.
 */
export async function pacedCpu(argv, lines, { rate = 1000, seconds = 20, warmupS = 2, env = {} } = {}) {
  if (lines.length < rate * (warmupS + seconds + 1)) throw new Error(`paced replay: ${lines.length} lines are too few (copies would be skipped as duplicates)`);
  const c = start(argv, env);
  const batch = Math.max(1, Math.round(rate / 10));
  const t0 = Date.now();
  let i = 0;
  let before;
  let beforeAt = 0;
  let after;
  let afterAt = 0;
  for (let tick = 1; ; tick++) {
    const chunk = [];
    for (let k = 0; k < batch; k++) chunk.push(lines[i++ % lines.length]);
    c.stdin.write(chunk.join('\n') + '\n');
    const elapsed = (Date.now() - t0) / 1000;
    if (!before && elapsed >= warmupS) { before = procSample(c.pid); beforeAt = Date.now(); }
    if (before && elapsed >= warmupS + seconds) { after = procSample(c.pid); afterAt = Date.now(); break; }
    await sleep(Math.max(0, t0 + tick * 100 - Date.now()));
  }
  c.stdin.end();
  const code = await c.done;
  if (!before || !after) throw new Error(`paced replay: process ended early (${code}): ${c.stderrText}`);
  const cpuS = after.userS + after.sysS - before.userS - before.sysS;
  const wallS = (afterAt - beforeAt) / 1000;
  return { rate, seconds: Math.round(wallS), cpuS: Math.round(cpuS * 100) / 100, corePct: Math.round((cpuS / wallS) * 1000) / 10, rssKb: after.rssKb };
}

/**
 * Replays `file` at full speed through stdin and samples VmRSS every `everyMs`; every 5th sample also asks
 * gc-probe for a full GC and the JS heap still used (the leak test: RSS may keep allocator slack, the heap may not).
 * Compares the medians of the first, middle and last thirds of each series: V8 sizes its heap during the first
 * seconds, so growth from the middle to the last third is what a long replay would keep showing. `argv[0]` must be node.
 */
export async function rssOverReplay(argv, file, { everyMs = 1000, env = {} } = {}) {
  const c = start([argv[0], '--expose-gc', '--require', PROBE, ...argv.slice(1)], env);
  const heap = [];
  c.stderr.on('data', (d) => { for (const m of String(d).matchAll(/gc-probe (\{.*\})/g)) heap.push(JSON.parse(m[1]).heapUsed / 1024); });
  createReadStream(file).pipe(c.stdin);
  const samples = [];
  const t0 = Date.now();
  let finished = false;
  c.done.then(() => { finished = true; });
  while (!finished) {
    await sleep(everyMs);
    const s = procSample(c.pid);
    if (s) samples.push(s.rssKb);
    if (s && samples.length % 5 === 0) c.kill('SIGUSR2');
  }
  const code = await c.done;
  if (code !== 0) throw new Error(`replay exited ${code}: ${c.stderrText}`);
  const third = Math.max(1, Math.floor(samples.length / 3));
  const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)] ?? NaN; };
  const first = median(samples.slice(0, third));
  const middle = median(samples.slice(third, samples.length - third));
  const last = median(samples.slice(-third));
  const h3 = Math.max(1, Math.floor(heap.length / 3));
  const heapFirst = median(heap.slice(0, h3));
  const heapLast = median(heap.slice(-h3));
  return {
    samples: samples.length, wallS: Math.round((Date.now() - t0) / 100) / 10, firstThirdKb: first, middleThirdKb: middle, lastThirdKb: last,
    maxKb: Math.max(...samples), growthPct: Math.round(((last - first) / first) * 1000) / 10, lateGrowthPct: Math.round(((last - middle) / middle) * 1000) / 10, heapSamples: heap.length, heapFirstKb: heapFirst, heapLastKb: heapLast,
  };
}

/**
 * Pipes `file` into a live mtatrace and keeps stdin open, so messages that were never removed stay in flight;
 * once the process has been idle (no CPU) for 1.5 s, reads VmRSS and VmHWM, then asks gc-probe for a full GC
 * and the heap still used after it, then ends the process. `argv[0]` must be node.
 */
export async function heldRss(argv, file, env = {}) {
  const c = start([argv[0], '--expose-gc', '--require', PROBE, ...argv.slice(1)], env);
  createReadStream(file).on('end', () => {}).pipe(c.stdin, { end: false });
  let last = -1;
  let idleSince = Date.now();
  const t0 = Date.now();
  let s;
  for (;;) {
    await sleep(250);
    s = procSample(c.pid);
    if (!s) throw new Error(`held replay ended early: ${c.stderrText}`);
    const cpu = s.userS + s.sysS;
    if (cpu !== last) { last = cpu; idleSince = Date.now(); }
    if (Date.now() - idleSince > 1500 && Date.now() - t0 > 2000) break;
    if (Date.now() - t0 > 600000) throw new Error('held replay: not idle after 10 minutes');
  }
  c.kill('SIGUSR2');
  let probe;
  for (let i = 0; i < 100 && !probe; i++) {
    await sleep(100);
    const m = /gc-probe (\{.*\})/.exec(c.stderrText);
    if (m) probe = JSON.parse(m[1]);
  }
  const after = procSample(c.pid);
  c.stdin.end();
  c.kill('SIGTERM');
  await c.done;
  return { rssKb: s.rssKb, hwmKb: s.hwmKb, cpuS: last, heapUsedKb: probe ? probe.heapUsed / 1024 : NaN, rssAfterGcKb: after?.rssKb ?? NaN };
}
