#!/usr/bin/env node
/**
 * run — `npm run bench`: generates a workload once, then measures on that same file in the same run
 * mtatrace's pipeline stages (parse-only …), `--output json`, full OTLP export to a counting receiver in another
 * process, and pflogsumm as the baseline; the official OTLP serializers alone on the same spans and records;
 * then start-up time, CPU at a live 1 000 lines/s (beside the floor: Node and split2 reading the same paced
 * lines and doing nothing else), RSS over a steady replay, RSS per in-flight message, and a CPU profile. Prints markdown and writes bench/out/latest.md
 * (bench/out/partial.md when --only left sections out).
 *
 *   npm run bench                                   defaults: 500 000 lines, ~5 minutes on 2 cores
 *   node bench/run.mjs --full                       5 M-line workload and 5 M-line steady replay
 *   node bench/run.mjs --inflight-peak              also the peak RSS of a --once run over the in-flight file
 *   node bench/run.mjs --only json,pflogsumm --lines 200000 --cmd "node dist/main.js"
 *   node bench/run.mjs --only paced --paced-warmup 120   live CPU after 2 s and after 120 s at 1 000 lines/s
 *
 * Limits: figures are as good as the box is quiet (load average is printed); throughput rows are the best of
 * --repeat runs (default 2) by CPU.
 */

import { spawn, execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync, openSync, closeSync, readdirSync, rmSync } from 'node:fs';
import { cpus, totalmem, loadavg, release, tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { createHash } from 'node:crypto';
import { timed, best } from './lib/measure.mjs';
import { startup, pacedCpu, rssOverReplay, heldRss } from './lib/live.mjs';
import { summarize } from './lib/profile.mjs';
import { markdown, num } from './lib/report.mjs';

const SECTIONS = ['stages', 'json', 'otlp', 'durable', 'pflogsumm', 'encode', 'startup', 'paced', 'steady', 'inflight', 'profile'];
const o = { lines: 500000, seed: 1, inflight: 100000, steadyLines: 1000000, pacedSeconds: 20, pacedWarmup: 60, repeat: 2, cmd: 'node dist/main.js', only: SECTIONS.join(','), full: false, inflightPeak: false, profileLines: 200000 };
const argv = process.argv.slice(2);
for (let i = 0; i < argv.length; i++) {
  const key = argv[i].replace(/^--/, '').replace(/-([a-z])/g, (_, c) => c.toUpperCase());
  if (!(key in o)) { process.stderr.write(`unknown flag ${argv[i]}; flags: ${Object.keys(o).join(', ')}\n`); process.exit(2); }
  if (typeof o[key] === 'boolean') o[key] = true; else o[key] = typeof o[key] === 'number' ? Number(argv[++i]) : argv[++i];
}
if (o.full) { o.lines = Math.max(o.lines, 5e6); o.steadyLines = Math.max(o.steadyLines, 5e6); }
const only = new Set(o.only.split(','));
const cmd = o.cmd.split(' ');
const OUT = new URL('./out/', import.meta.url).pathname;
mkdirSync(OUT, { recursive: true });
const log = (m) => process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${m}\n`);

/** A short hash of the generator's source, so a cached workload is regenerated when the generator changes. */
const GEN_HASH = (() => {
  const h = createHash('sha256');
  const dir = new URL('./gen/', import.meta.url).pathname;
  for (const f of readdirSync(dir).sort()) h.update(readFileSync(dir + f));
  return h.update(readFileSync(new URL('./generate.mjs', import.meta.url))).digest('hex').slice(0, 8);
})();

/** Generates (or reuses) a workload file and its stats sidecar. */
async function workload(name, args) {
  const file = `${OUT}${name}-g${GEN_HASH}.log`;
  if (!existsSync(file) || !existsSync(`${file}.json`)) {
    log(`generating ${name}: generate.mjs ${args.join(' ')}`);
    const fd = openSync(file, 'w');
    const c = spawn(process.execPath, [new URL('./generate.mjs', import.meta.url).pathname, ...args, '--stats'], { stdio: ['ignore', fd, 'pipe'] });
    let err = '';
    c.stderr.on('data', (d) => { err += d; });
    const [code] = await once(c, 'close');
    closeSync(fd);
    if (code !== 0) throw new Error(`generate failed: ${err}`);
    writeFileSync(`${file}.json`, err.trim().split('\n').pop());
  }
  return { file, ...JSON.parse(readFileSync(`${file}.json`, 'utf8')), args: args.join(' ') };
}

async function withSink(fn) {
  const sink = spawn(process.execPath, [new URL('./otlp-sink.mjs', import.meta.url).pathname, '--port', '0'], { stdio: ['ignore', 'pipe', 'inherit'] });
  const [first] = await once(sink.stdout, 'data');
  const { port } = JSON.parse(String(first));
  try {
    return await fn(`http://127.0.0.1:${port}`);
  } finally {
    sink.kill('SIGTERM');
  }
}

const machine = {
  cpu: cpus()[0]?.model.trim() ?? 'unknown', cores: cpus().length, memGiB: totalmem() / 2 ** 30, node: process.versions.node,
  os: `Linux ${release()}`, loadBefore: loadavg().map((x) => x.toFixed(2)).join(' '),
  pflogsumm: existsSync('/usr/sbin/pflogsumm') ? (/Release ([\d.]+)/.exec(readFileSync('/usr/sbin/pflogsumm', 'utf8')) ?? [])[1] ?? 'installed' : undefined,
};
const seed = String(o.seed);
const main = await workload(`workload-s${seed}-l${o.lines}-rfc3339`, ['--lines', String(o.lines), '--seed', seed, '--format', 'rfc3339']);
const rows = [];
const extra = [];
const notes = [];
const row = (name, r, wl, note, baseline) => rows.push({ name, ...r, lines: wl.lines, messages: wl.queueIds, note, baseline });

if (only.has('stages')) {
  for (const stage of ['split', 'record', 'parse', 'correlate', 'signals']) {
    log(`stage ${stage}`);
    const r = await best(o.repeat, () => timed(process.execPath, [new URL('./stages.mjs', import.meta.url).pathname, '--stage', stage, main.file], { stdout: `${OUT}stage.json` }));
    row(`pipeline up to \`${stage}\`${stage === 'parse' ? ' (parse-only)' : ''}`, r, main, stage === 'signals' ? 'spans + events built, not serialised' : '');
  }
}
if (only.has('json')) {
  log('mtatrace --once --output json');
  row('mtatrace `--output json`', await best(o.repeat, () => timed(cmd[0], [...cmd.slice(1), '--once', '--output', 'json', main.file])), main, 'NDJSON to /dev/null');
}
if (only.has('otlp')) {
  log('mtatrace --once --output otlp → 127.0.0.1 sink');
  await withSink(async (endpoint) => {
    const r = await best(o.repeat, async () => {
      await fetch(`${endpoint}/reset`);
      return timed(cmd[0], [...cmd.slice(1), '--once', '--output', 'otlp', main.file], { env: { OTEL_EXPORTER_OTLP_ENDPOINT: endpoint } });
    });
    const s = await (await fetch(`${endpoint}/stats`)).json();
    row('mtatrace `--output otlp`', r, main, `receiver got ${num(s.spans)} spans, ${num(s.logRecords)} log records, ${num(s.requests)} requests${s.protobufRequests ? ` (${num(s.protobufRequests)} of them protobuf)` : ''}`);
  });
}
if (only.has('durable')) {
  // The cost of durability: rsyslog's omprog mode, the same lines on stdin, without and with --state-file (every
  // line journaled before its OK, fdatasync every --fsync-interval, export marks, checkpoints every 30 s).
  const cpu = {};
  await withSink(async (endpoint) => {
    for (const [name, extra] of [['without', []], ['with', ['--state-file']]]) {
      log(`mtatrace --omprog --output otlp ${name} --state-file (stdin from the workload)`);
      const r = await best(o.repeat, async () => {
        await fetch(`${endpoint}/reset`);
        const dir = mkdtempSync(join(tmpdir(), 'mtatrace-bench-state-'));
        try {
          const args = extra.length ? ['--state-file', join(dir, 'state.json')] : [];
          return await timed(cmd[0], [...cmd.slice(1), '--omprog', '--output', 'otlp', ...args], { stdin: main.file, env: { OTEL_EXPORTER_OTLP_ENDPOINT: endpoint } });
        } finally { rmSync(dir, { recursive: true, force: true }); }
      });
      cpu[name] = r.cpuS;
      row(`mtatrace \`--omprog --output otlp\` ${name} \`--state-file\``, r, main, name === 'with'
        ? `intake journal, fdatasync every 1 000 ms: ${num(Math.round((cpu.with / cpu.without - 1) * 1000) / 10)} % more CPU than without`
        : 'OK per line on stdout, nothing journaled');
    }
  });
}
if (only.has('pflogsumm') && machine.pflogsumm) {
  const bsd = await workload(`workload-s${seed}-l${o.lines}-rfc3164`, ['--lines', String(o.lines), '--seed', seed, '--format', 'rfc3164']);
  for (const [wl, fmt] of [[main, 'rfc3339'], [bsd, 'rfc3164']]) {
    log(`pflogsumm (${fmt})`);
    row(`pflogsumm (${fmt === 'rfc3339' ? 'RFC 3339 file' : 'RFC 3164 file, same workload'})`, await best(o.repeat, () => timed('/usr/sbin/pflogsumm', [wl.file])), wl, 'default report to /dev/null', fmt);
  }
} else if (only.has('pflogsumm')) notes.push('pflogsumm is not installed (`apt-get install pflogsumm`): no baseline ratios.');

if (only.has('encode')) {
  log('official OTLP protobuf serializers alone (bench/encode.mjs)');
  const e = JSON.parse(execFileSync(process.execPath, [new URL('./encode.mjs', import.meta.url).pathname, main.file], { encoding: 'utf8' }));
  const base = rows.find((r) => r.baseline === 'rfc3339');
  const ratio = base ? ` = ${(base.cpuS / e.encodeCpuS).toFixed(2)}× pflogsumm by CPU` : '';
  extra.push([`OTLP protobuf encoding alone, by the official serializers (${num(e.spans)} spans, ${num(e.records)} log records of this workload, ${num(e.requests)} requests; mtatrace's own work and HTTP not counted)`,
    `${e.encodeCpuS} CPU-s (${num(e.lines / e.encodeCpuS)} lines/CPU-s${ratio})`, '≥ 2× pflogsumm for the whole export']);
}
if (only.has('startup')) {
  log('start-up');
  const line = readFileSync(main.file, 'utf8').slice(0, 400).split('\n')[0];
  const s = await startup([...cmd, '--once', '--output', 'json'], line);
  extra.push(['start-up to first line processed (one line on stdin, `--once`, to exit)', `${s.toolMs} ms (\`node -e 0\`: ${s.nodeMs} ms)`, '< 300 ms']);
}
if (only.has('paced')) {
  log(`paced replay, 1 000 lines/s for ${o.pacedSeconds} s`);
  const lines = readFileSync(main.file, 'utf8').slice(0, 4e7).split('\n').slice(0, 1000 * (o.pacedWarmup + o.pacedSeconds + 5));
  const p = await pacedCpu([...cmd, '--output', 'json'], lines, { rate: 1000, seconds: o.pacedSeconds });
  extra.push(['CPU at a live 1 000 lines/s (`--output json`, after 2 s warm-up)', `${p.corePct} % of one core (${p.cpuS} CPU-s in ${p.seconds} s)`, '< 1 % of one core']);
  if (o.pacedWarmup > 2) {
    log(`paced replay, 1 000 lines/s for ${o.pacedSeconds} s after ${o.pacedWarmup} s`);
    const w = await pacedCpu([...cmd, '--output', 'json'], lines, { rate: 1000, seconds: o.pacedSeconds, warmupS: o.pacedWarmup });
    extra.push([`… the same after ${o.pacedWarmup} s at that rate (a daemon's steady state)`, `${w.corePct} % of one core (${w.cpuS} CPU-s in ${w.seconds} s)`, '< 1 % of one core']);
  }
  // The floor: the same paced lines read by Node through the same splitter (split2), and nothing else done.
  const floor = [process.execPath, new URL('./floor-reader.mjs', import.meta.url).pathname];
  log('paced replay into floor-reader (Node + split2 only)');
  const f = await pacedCpu(floor, lines, { rate: 1000, seconds: o.pacedSeconds });
  extra.push(['… floor: Node and split2 reading the same paced lines, doing nothing else (after 2 s)', `${f.corePct} % of one core (${f.cpuS} CPU-s in ${f.seconds} s)`, 'baseline']);
  if (o.pacedWarmup > 2) {
    const g = await pacedCpu(floor, lines, { rate: 1000, seconds: o.pacedSeconds, warmupS: o.pacedWarmup });
    extra.push([`… floor after ${o.pacedWarmup} s`, `${g.corePct} % of one core (${g.cpuS} CPU-s in ${g.seconds} s)`, 'baseline']);
  }
  if (only.has('otlp')) {
    log(`paced replay with --output otlp, 1 000 lines/s for ${o.pacedSeconds} s`);
    const q = await withSink((endpoint) => pacedCpu([...cmd, '--output', 'otlp'], lines, { rate: 1000, seconds: o.pacedSeconds, env: { OTEL_EXPORTER_OTLP_ENDPOINT: endpoint } }));
    extra.push(['CPU at a live 1 000 lines/s (`--output otlp` to the 127.0.0.1 receiver)', `${q.corePct} % of one core (${q.cpuS} CPU-s in ${q.seconds} s)`, '< 1 % of one core']);
  }
}
if (only.has('steady')) {
  const steady = await workload(`steady-s${seed}-l${o.steadyLines}`, ['--lines', String(o.steadyLines), '--seed', seed, '--steady', '--queue-lifetime', '3600']);
  log(`steady replay of ${num(o.steadyLines)} lines, RSS sampled every second`);
  const s = await rssOverReplay([...cmd, '--once', '--output', 'json'], steady.file, { everyMs: 1000 });
  const pct = (x) => `${x > 0 ? '+' : ''}${x} %`;
  extra.push([`RSS over a steady ${num(o.steadyLines)}-line replay (medians of the first, middle and last third, ${s.samples} samples)`,
    `${num(s.firstThirdKb / 1024)} → ${num(s.middleThirdKb / 1024)} → ${num(s.lastThirdKb / 1024)} MiB (middle → last ${pct(s.lateGrowthPct)}; first → last ${pct(s.growthPct)} while V8 sizes its heap), max ${num(s.maxKb / 1024)} MiB`, 'flat (no growth)']);
  extra.push([`… JS heap still used after a forced full GC, every 5 s (${s.heapSamples} samples, first vs last third)`,
    `${num(s.heapFirstKb / 1024)} → ${num(s.heapLastKb / 1024)} MiB`, 'flat (no growth)']);
}
if (only.has('inflight')) {
  const big = await workload(`inflight-s${seed}-n${o.inflight}`, ['--inflight', String(o.inflight), '--seed', seed]);
  const small = await workload(`inflight-s${seed}-n1000`, ['--inflight', '1000', '--seed', seed]);
  const n = o.inflight - 1000;
  log('in-flight RSS: held (stdin left open)');
  const help = execFileSync(cmd[0], [...cmd.slice(1), '--help'], { encoding: 'utf8' });
  const cap = help.includes('--max-inflight') ? ['--max-inflight', String(o.inflight * 2)] : [];
  const hb = await heldRss([...cmd, '--output', 'json', ...cap], big.file);
  const hs = await heldRss([...cmd, '--output', 'json', ...cap], small.file);
  const per = (a, b) => `${num(((a - b) * 1024) / n)} B (${num(a / 1024)} vs ${num(b / 1024)} MiB)`;
  extra.push([`RSS per in-flight message, held live (${num(o.inflight)} vs 1 000 deferred, VmRSS once idle)`, per(hb.rssKb, hs.rssKb), '≤ 2 KiB']);
  extra.push(['… the same after a forced full GC: VmRSS / JS heap used', `${per(hb.rssAfterGcKb, hs.rssAfterGcKb)} / ${per(hb.heapUsedKb, hs.heapUsedKb)}`, '≤ 2 KiB']);
}
if (only.has('inflight') && o.inflightPeak) {
  const big = await workload(`inflight-s${seed}-n${o.inflight}`, ['--inflight', String(o.inflight), '--seed', seed]);
  const small = await workload(`inflight-s${seed}-n1000`, ['--inflight', '1000', '--seed', seed]);
  const n = o.inflight - 1000;
  log('in-flight RSS: peak over a --once run');
  const pb = await timed(cmd[0], [...cmd.slice(1), '--once', '--output', 'json', big.file]);
  const ps = await timed(cmd[0], [...cmd.slice(1), '--once', '--output', 'json', small.file]);
  extra.push([`RSS per in-flight message, peak of a \`--once\` run (includes the end-of-input flush)`, `${num(((pb.maxRssKb - ps.maxRssKb) * 1024) / n)} B (${num(pb.maxRssKb / 1024)} vs ${num(ps.maxRssKb / 1024)} MiB)`, '≤ 2 KiB']);
}
let profile;
if (only.has('profile')) {
  log('CPU profile of --output json');
  const dir = `${OUT}prof`;
  rmSync(dir, { recursive: true, force: true });
  const n = Math.min(o.profileLines, main.lines);
  const prefix = `${OUT}profile-input.log`;
  const text = readFileSync(main.file, 'utf8');
  let end = 0;
  for (let i = 0; i < n && end >= 0; i++) end = text.indexOf('\n', end) + 1;
  writeFileSync(prefix, end > 0 ? text.slice(0, end) : text);
  execFileSync(cmd[0], ['--cpu-prof', '--cpu-prof-dir', dir, ...cmd.slice(1), '--once', '--output', 'json', prefix], { stdio: ['ignore', 'ignore', 'ignore'] });
  rmSync(prefix);
  const f = readdirSync(dir).find((x) => x.endsWith('.cpuprofile'));
  if (f) profile = { what: `\`--output json\` on the first ${num(n)} lines of the workload, profile in bench/out/prof/`, ...summarize(readFileSync(`${dir}/${f}`, 'utf8'), 15) };
}

if (machine.pflogsumm && only.has('pflogsumm')) {
  notes.push('pflogsumm 1.1.5 reads RFC 3339 stamps itself (its second timestamp pattern), so the ratios use the very file mtatrace reads; the RFC 3164 row is the same workload with classic stamps, for reference. pflogsumm runs with its default report.');
}
if (only.has('steady') && o.steadyLines < 5e6) {
  notes.push(`The steady replay is ${num(o.steadyLines)} lines; V8 grows its heap over the first minutes, so a short replay shows growth that is not a leak. \`--full\` replays 5 M lines.`);
}
if (Number(machine.loadBefore.split(' ')[0]) > machine.cores * 0.5) {
  notes.push(`The box was busy (load average ${machine.loadBefore} on ${machine.cores} cores): wall-clock figures are pessimistic; the CPU columns and the ratios by CPU are the steadier ones.`);
}
machine.loadAfter = loadavg().map((x) => x.toFixed(2)).join(' ');
const md = markdown({ when: new Date().toISOString().slice(0, 16).replace('T', ' ') + ' UTC', machine, workload: { ...main, hosts: 3 }, rows, extra, profile, notes });
const target = `${OUT}${SECTIONS.every((x) => only.has(x)) ? 'latest' : 'partial'}.md`;
writeFileSync(target, md);
process.stdout.write(md);
log(`written ${target}`);
