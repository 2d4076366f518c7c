#!/usr/bin/env node
/**
 * join-rates — how many verdicts and mailbox stores of the programs beside Postfix joined the trace of the
 * message they are about, per program, computed from mtatrace's own NDJSON output.
 *
 *   node scripts/join-rates.mjs mail.log            (runs `node dist/main.js --output json mail.log`)
 *   node scripts/join-rates.mjs mail.log --ndjson out.ndjson (reads output already written)
 *   → opendkim  460/460 100.0 %   …   and `--json` prints { program: { total, joined, rate, wrong } }
 *
 * The denominator comes from the log itself, read here with its own patterns (not mtatrace's parsers): every
 * verdict line of OpenDKIM, OpenDMARC, amavis, policyd-spf and every Dovecot store line, each with the key that
 * names its message (the milter's job id, amavis `Queue-ID:`, Dovecot `msgid=`; none for policyd-spf). A verdict
 * counts as joined when mtatrace's output has, for that program, a `mta.message.checked` (`mta.message.stored`)
 * event with that key — its `mta.queue_id` (amavis: or `mta.queued_as`), for Dovecot its `mta.message_id` —
 * and the trace id that the Postfix events of that queue id carry. An event with a trace id that is not its
 * queue id's is counted as `wrong`.
 *
 * Limits: policyd-spf logs no key, so its check is weaker: its events must carry a queue id and that queue id's
 * trace. Lines are matched by key and count, not one by one.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Per program: the pattern of a verdict line (after `tag[pid]: `) and its key (capture 1), if it has one. */
const VERDICT_LINES = {
  opendkim: /^([0-9A-Za-z]+): (?:DKIM verification successful|bad signature data|no signature data|DKIM-Signature (?:field|header) added|key retrieval failed)/,
  opendmarc: /^([0-9A-Za-z]+): \S+ (?:pass|fail|none|temperror|permerror|bestguesspass|policy)$/,
  amavis: /^\([^)]+\) (?:Passed|Blocked) .*Queue-ID: ([^,\s]+)/,
  'policyd-spf': /Received-SPF: /,
  dovecot: /msgid=<([^>]+)>: (?:saved mail to|stored mail into|save failed|marked message to be discarded|forwarded to)/,
};
const LOG_LINE = /^\S+(?: +\d+ [\d:]+)? (\S+) ([^\s[:]+)(?:\[\d+\])?: (.*)$/;

/** What the log says should be joined: per program, key → number of lines (key '' for policyd-spf). */
export function expectedFromLog(lines) {
  const want = {};
  for (const line of lines) {
    const m = LOG_LINE.exec(line);
    if (!m) continue;
    const re = VERDICT_LINES[m[2]];
    const v = re?.exec(m[3]);
    if (!v) continue;
    const keys = (want[m[2]] ??= new Map());
    const k = `${m[1]}|${v[1] ?? ''}`;
    keys.set(k, (keys.get(k) ?? 0) + 1);
  }
  return want;
}

export function joinRates(logLines, outLines) {
  const want = expectedFromLog(logLines);
  const events = outLines.filter((l) => l.trim() !== '').map((l) => JSON.parse(l));
  const traceOf = new Map();
  for (const e of events) {
    if (e.event === 'mta.message.checked' || e.event === 'mta.message.stored') continue;
    if (e.trace_id && e['mta.queue_id']) traceOf.set(`${e['host.name']}|${e['mta.queue_id']}`, e.trace_id);
  }
  const got = {};
  const wrong = {};
  for (const e of events) {
    if (e.event !== 'mta.message.checked' && e.event !== 'mta.message.stored') continue;
    const program = e['mta.check.program'] ?? e['mta.program'];
    if (!e.trace_id || !e['mta.queue_id']) continue;
    const host = e['host.name'];
    if (traceOf.get(`${host}|${e['mta.queue_id']}`) !== e.trace_id) { wrong[program] = (wrong[program] ?? 0) + 1; continue; }
    const keys = program === 'dovecot' ? [e['mta.message_id']]
      : program === 'policyd-spf' ? ['']
        : program === 'amavis' ? [e['mta.queue_id'], e['mta.queued_as']] : [e['mta.queue_id']];
    const m = (got[program] ??= new Map());
    for (const k of new Set(keys)) if (k !== undefined) m.set(`${host}|${k}`, (m.get(`${host}|${k}`) ?? 0) + 1);
  }
  const out = {};
  for (const [program, keys] of Object.entries(want)) {
    let total = 0;
    let joined = 0;
    for (const [k, n] of keys) {
      total += n;
      joined += Math.min(n, got[program]?.get(k) ?? 0);
    }
    out[program] = { total, joined, rate: total === 0 ? 0 : joined / total, wrong: wrong[program] ?? 0 };
  }
  return out;
}

function main(argv) {
  const json = argv.includes('--json');
  const args = argv.filter((a) => a !== '--json');
  let text;
  const at = args.indexOf('--ndjson');
  const logs = at < 0 ? args : args.filter((_, i) => i !== at && i !== at + 1);
  if (logs.length === 0) { process.stderr.write('usage: join-rates.mjs [--json] LOG… [--ndjson OUT.ndjson]\n'); process.exit(2); }
  if (at >= 0) text = readFileSync(args[at + 1], 'utf8');
  else {
    const cli = join(dirname(fileURLToPath(import.meta.url)), '../dist/main.js');
    text = execFileSync(process.execPath, [cli, '--output', 'json', ...logs], { encoding: 'utf8', maxBuffer: 1 << 30, stdio: ['ignore', 'pipe', 'ignore'] });
  }
  const logLines = logs.flatMap((f) => readFileSync(f, 'utf8').split('\n'));
  const rates = joinRates(logLines, text.split('\n'));
  if (json) { process.stdout.write(`${JSON.stringify(rates)}\n`); return; }
  for (const [p, r] of Object.entries(rates).sort()) {
    process.stdout.write(`${p.padEnd(14)} ${String(r.joined).padStart(5)}/${String(r.total).padEnd(5)} ${(100 * r.rate).toFixed(1).padStart(5)} %${r.wrong ? `  (${r.wrong} on a wrong or unknown trace)` : ''}\n`);
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) main(process.argv.slice(2));
