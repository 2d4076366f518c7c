#!/usr/bin/env node
/**
 * corpus — run every log file under DIR through the built CLI and print one row per file: what became of its
 * lines, its lifecycles, outcomes, unknown causes and alert events. Measures mtatrace on other people's logs.
 *
 *   npm run corpus -- DIR [--md] [--detail] [-- extra mtatrace flags]
 *   | file | lines | parsed | ignored | unparsed | rejected | lifecycles | outcomes | unknown | alerts |
 *
 * Two passes per file, both on the built `dist/`: (1) each line through the input and parse stages alone
 * (`dist/input/index.js`, `dist/parse/index.js`) for the counts by reason; (2) the CLI itself
 * (`dist/main.js --once --output json FILE`, TZ=UTC) for what the NDJSON events say. The CLI's own summary
 * line on stderr is checked against pass 1, so the two cannot silently disagree.
 *
 * Limits: files are read whole (the corpus is small); only regular files ending in `.log` are run; `--detail`
 * prints the unparsed reasons, ignored Postfix programs and unknown-cause replies (first 3 of each) per file.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(fileURLToPath(new URL('..', import.meta.url)));
const args = process.argv.slice(2);
const dd = args.indexOf('--');
const extra = dd >= 0 ? args.splice(dd).slice(1) : [];
const md = args.includes('--md');
const detail = args.includes('--detail');
const dirs = args.filter((a) => !a.startsWith('--'));
if (dirs.length === 0) {
  process.stderr.write('usage: npm run corpus -- DIR [--md] [--detail] [-- extra mtatrace flags]\n');
  process.exit(2);
}

const { createRecordParser } = await import(join(root, 'dist/input/index.js'));
const { parseRecord } = await import(join(root, 'dist/parse/index.js'));

function filesUnder(p) {
  const st = statSync(p);
  if (st.isFile()) return [p];
  return readdirSync(p).sort().flatMap((n) => {
    const q = join(p, n);
    return statSync(q).isDirectory() ? filesUnder(q) : n.endsWith('.log') ? [q] : [];
  });
}

const bump = (m, k, by = 1) => { m[k] = (m[k] ?? 0) + by; };
const fmt = (m) => Object.entries(m).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([k, v]) => `${k} ${v}`).join(', ');

/** Pass 1: lines by fate, with reasons. */
function classifyLines(text) {
  const toRecord = createRecordParser({ timezone: 'UTC' });
  const r = { lines: 0, parsed: 0, ignored: 0, postfixIgnored: {}, unparsed: {}, rejected: {}, unparsedSamples: {}, rejectedSamples: {}, ignoredSamples: {} };
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  for (const raw of lines) {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    // Blank lines are not lines to the CLI either (src/input/lines.ts drops them).
    if (line === '') continue;
    r.lines++;
    const rec = toRecord(line);
    if (!rec.ok) {
      bump(r.rejected, rec.reason);
      (r.rejectedSamples[rec.reason] ??= []).length < 3 && r.rejectedSamples[rec.reason].push(line.slice(0, 160));
      continue;
    }
    const ev = parseRecord(rec.record);
    if (ev.kind === 'ignored') {
      r.ignored++;
      if (ev.reason !== 'foreign') {
        bump(r.postfixIgnored, ev.reason);
        (r.ignoredSamples[ev.reason] ??= []).length < 2 && r.ignoredSamples[ev.reason].push(rec.record.text.slice(0, 120));
      }
    } else if (ev.kind === 'unparsed') {
      const k = `${ev.program}: ${ev.reason}`;
      bump(r.unparsed, k);
      (r.unparsedSamples[k] ??= []).length < 3 && r.unparsedSamples[k].push(ev.text.slice(0, 160));
    } else r.parsed++;
  }
  return r;
}

/** Pass 2: the CLI's events. */
function runCli(file) {
  const p = spawnSync(process.execPath, [join(root, 'dist/main.js'), '--once', '--output', 'json', ...extra, file], {
    env: { ...process.env, TZ: 'UTC', MTATRACE_OUTPUT: '', OTEL_EXPORTER_OTLP_ENDPOINT: '' }, encoding: 'utf8', maxBuffer: 1 << 30,
  });
  const r = { code: p.status, summary: p.stderr.trim().split('\n').at(-1) ?? '', received: 0, outcomes: {}, unknown: 0, unknownSamples: [], alerts: 0, alertNames: {}, smtpdRejected: 0, events: 0 };
  for (const l of p.stdout.split('\n')) {
    if (!l) continue;
    const e = JSON.parse(l);
    r.events++;
    if (e.event === 'mta.message.received') r.received++;
    else if (e.event === 'mta.recipient.completed') bump(r.outcomes, e['mta.status']);
    else if (e.event === 'mta.alert') { r.alerts++; bump(r.alertNames, `${e['mta.alert']}${e['mta.alert.state'] === 'resolved' ? ' resolved' : ''}`); }
    else if (e.event === 'mta.smtpd.rejected') r.smtpdRejected++;
    // Completed repeats the cause of the attempt that decided it; count the deciding line once.
    if (e['mta.cause'] === 'unknown' && e.event !== 'mta.recipient.completed') {
      r.unknown++;
      if (r.unknownSamples.length < 3) r.unknownSamples.push(`${e.event}: ${(e['mta.reply'] ?? '').slice(0, 140)}`);
    }
  }
  const m = /(\d+) lifecycles/.exec(r.summary);
  r.lifecycles = m ? Number(m[1]) : NaN;
  return r;
}

const rows = [];
const total = { lines: 0, parsed: 0, ignored: 0, unparsed: 0, rejected: 0, lifecycles: 0, outcomes: {}, unknown: 0, alerts: 0, smtpdRejected: 0 };
const details = [];
for (const dir of dirs) {
  for (const file of filesUnder(dir)) {
    const a = classifyLines(readFileSync(file, 'utf8'));
    const b = runCli(file);
    const unparsed = Object.values(a.unparsed).reduce((x, y) => x + y, 0);
    const rejected = Object.values(a.rejected).reduce((x, y) => x + y, 0);
    const expect = `${a.lines} lines: ${a.parsed} parsed, ${a.ignored} ignored, ${unparsed} unparsed`;
    const agrees = b.summary.includes(expect);
    const name = relative(dir, file) || file;
    rows.push([name, a.lines, a.parsed, a.ignored, unparsed ? `${unparsed} (${fmt(a.unparsed)})` : '0', rejected ? `${rejected} (${fmt(a.rejected)})` : '0',
      b.lifecycles, fmt(b.outcomes) || '-', b.smtpdRejected, b.unknown, b.alerts ? `${b.alerts} (${fmt(b.alertNames)})` : '0',
      `${b.code}${agrees ? '' : ' MISMATCH'}`]);
    total.lines += a.lines; total.parsed += a.parsed; total.ignored += a.ignored; total.unparsed += unparsed; total.rejected += rejected;
    total.lifecycles += b.lifecycles; total.unknown += b.unknown; total.alerts += b.alerts; total.smtpdRejected += b.smtpdRejected;
    for (const [k, v] of Object.entries(b.outcomes)) bump(total.outcomes, k, v);
    if (detail) {
      const d = [`### ${name}`, `summary: ${b.summary}`];
      if (Object.keys(a.postfixIgnored).length) d.push(`ignored Postfix lines by reason: ${fmt(a.postfixIgnored)}`);
      for (const [k, s] of Object.entries(a.rejectedSamples)) d.push(`rejected ${k}:`, ...s.map((t) => `    ${t}`));
      for (const [k, s] of Object.entries(a.ignoredSamples)) d.push(`ignored ${k}:`, ...s.map((t) => `    ${t}`));
      for (const [k, s] of Object.entries(a.unparsedSamples)) d.push(`unparsed ${k}:`, ...s.map((t) => `    ${t}`));
      if (b.unknownSamples.length) d.push('unknown causes:', ...b.unknownSamples.map((t) => `    ${t}`));
      details.push(d.join('\n'));
    }
  }
}
rows.push(['TOTAL', total.lines, total.parsed, total.ignored, total.unparsed, total.rejected, total.lifecycles, fmt(total.outcomes), total.smtpdRejected, total.unknown, total.alerts, '']);

const head = ['file', 'lines', 'parsed', 'ignored', 'unparsed (by reason)', 'rejected (by reason)', 'lifecycles', 'outcomes by status', 'smtpd rejects', 'unknown causes', 'alert events', 'exit'];
if (md) {
  const esc = (v) => String(v).replaceAll('|', '\\|');
  process.stdout.write(`| ${head.join(' | ')} |\n|${head.map(() => '---').join('|')}|\n`);
  for (const r of rows) process.stdout.write(`| ${r.map(esc).join(' | ')} |\n`);
} else {
  for (const r of [head, ...rows]) process.stdout.write(`${r.join('\t')}\n`);
}
if (detail) process.stdout.write(`\n${details.join('\n\n')}\n`);
