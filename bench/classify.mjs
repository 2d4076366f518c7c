#!/usr/bin/env node
/**
 * classify — micro-benchmark: what classifying a line costs next to reading and parsing it (from dist/).
 *
 *   npm run build && node bench/classify.mjs                      the labelled corpus, cycled to 200 000 lines
 *   node bench/classify.mjs --lines 1000000 bench/out/workload-s1-l500000-rfc3339.log
 *
 * Three timings over the same lines, each the best of --repeat passes:
 *   parse      syslog envelope → record → Postfix event (input/index.ts + parse/index.ts)
 *   classify   Classifier.classify on every classifiable event (failure or not)
 *   worst      the same events with every line forced through the whole rule table (a reply no rule knows)
 * Prints a small table (ns per line and classify/parse ratio) on stdout.
 *
 * Limits: a micro-benchmark on one core; the corpus is failure-heavy (a real log is mostly successes,
 * which the classifier skips after one comparison), so the corpus figure is an upper bound.
 */
import { readFileSync, existsSync } from 'node:fs';
import { performance } from 'node:perf_hooks';

const dist = new URL('../dist/', import.meta.url);
if (!existsSync(new URL('classify/classify.js', dist))) {
  process.stderr.write('dist/ is missing: run `npm run build` first\n');
  process.exit(2);
}
const { Classifier } = await import(new URL('classify/classify.js', dist));
const hasParse = existsSync(new URL('parse/index.js', dist)) && existsSync(new URL('input/index.js', dist));
if (!hasParse) {
  process.stderr.write('dist/parse or dist/input is missing: only classification can be measured\n');
  process.exit(2);
}
const { parseRecord } = await import(new URL('parse/index.js', dist));
const { createRecordParser } = await import(new URL('input/index.js', dist));

const args = process.argv.slice(2);
const opt = (name, def) => { const i = args.indexOf(`--${name}`); return i < 0 ? def : Number(args[i + 1]); };
const target = opt('lines', 200000);
const repeat = opt('repeat', 5);
const file = args.length && !args[args.length - 1].startsWith('--') && Number.isNaN(Number(args[args.length - 1])) ? args[args.length - 1] : undefined;

const source = file
  ? readFileSync(file, 'utf8').split('\n').filter(Boolean)
  : readFileSync(new URL('../test/fixtures/causes/corpus.tsv', import.meta.url), 'utf8').split('\n')
    .filter((l) => l && !l.startsWith('#')).map((l) => l.split('\t')[2]);
const lines = [];
for (let i = 0; lines.length < target; i++) lines.push(source[i % source.length]);

const CLASSIFIABLE = new Set(['delivery', 'smtp.conversation', 'smtp.connect-failed', 'smtpd.reject', 'cleanup.action', 'qmgr.expired']);
const toRecord = createRecordParser({ timezone: 'UTC', year: 2026 });

function best(fn) {
  let min = Infinity;
  let out;
  for (let r = 0; r < repeat; r++) {
    const t0 = performance.now();
    out = fn();
    min = Math.min(min, performance.now() - t0);
  }
  return { ms: min, out };
}

const parse = best(() => {
  const events = [];
  for (const line of lines) {
    const rec = toRecord(line);
    if (!rec.ok) continue;
    const ev = parseRecord(rec.record);
    if (CLASSIFIABLE.has(ev.kind)) events.push(ev);
  }
  return events;
});
const events = parse.out;
const classifier = new Classifier();
const classify = best(() => {
  let n = 0;
  for (const ev of events) if (classifier.classify(ev)) n++;
  return n;
});
const unknownReply = (ev) => (ev.kind === 'delivery' ? { ...ev, status: 'deferred', dsn: '4.0.0', reply: 'host x[192.0.2.1] said: 451 zzz qqq (in reply to RCPT TO command)' } : ev);
const worstEvents = events.map(unknownReply);
const worst = best(() => { for (const ev of worstEvents) classifier.classify(ev); return worstEvents.length; });

const ns = (ms, n) => ((ms * 1e6) / n).toFixed(0).padStart(7);
process.stdout.write([
  `input: ${file ?? 'test/fixtures/causes/corpus.tsv'} cycled to ${lines.length} lines; ${events.length} classifiable events, ${classify.out} failures; best of ${repeat}`,
  'stage       ns/line   note',
  `parse       ${ns(parse.ms, lines.length)}   record + Postfix event, per input line`,
  `classify    ${ns(classify.ms, lines.length)}   per input line (${ns(classify.ms, Math.max(1, events.length)).trim()} ns per classifiable event)`,
  `worst       ${ns(worst.ms, lines.length)}   per input line, every delivery walking the whole table to \`unknown\``,
  `classify / parse = ${(classify.ms / parse.ms).toFixed(2)}; worst / parse = ${(worst.ms / parse.ms).toFixed(2)}`,
  '',
].join('\n'));
