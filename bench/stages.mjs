#!/usr/bin/env node
/**
 * stages — runs a log file through the first N stages of mtatrace's pipeline (from dist/) with no sink, so the
 * benchmark can say where the time goes. `parse` is the "parse-only" figure of issue 8 (the CLI has no such mode).
 *
 *   node bench/stages.mjs --stage parse bench/out/workload-s1-l500000-rfc3339.log
 *
 * Stages, each including the ones before it:
 *   split      bytes → lines (input/lines.ts)
 *   record     + syslog envelope → SyslogRecord (input/index.ts)
 *   parse      + Postfix text → event (parse/index.ts)
 *   correlate  + tracker and classifier (correlate/tracker.ts, classify/classify.ts); signals are dropped
 *   signals    + signals → span and event objects (otel/spans.ts, otel/events.ts); nothing is serialised
 * Prints one JSON line on stdout: { stage, lines, parsed, ignored, unparsed, signals, spans, events, ms }.
 *
 * Limits: imports internal modules of dist/; if their signatures change this script needs the same change.
 */

import { performance } from 'node:perf_hooks';
import { Classifier, createRecordParser, eachLine, parseRecord, toEvents, toSpans, Tracker } from './lib/dist.mjs';

const STAGES = ['split', 'record', 'parse', 'correlate', 'signals'];
const args = process.argv.slice(2);
const stage = args[args.indexOf('--stage') + 1];
const file = args[args.length - 1];
if (!STAGES.includes(stage) || !file || file.startsWith('--')) {
  process.stderr.write(`usage: stages.mjs --stage ${STAGES.join('|')} FILE\n`);
  process.exit(2);
}
const depth = STAGES.indexOf(stage);
const n = { stage, lines: 0, parsed: 0, ignored: 0, unparsed: 0, rejected: 0, signals: 0, spans: 0, events: 0, ms: 0 };
const toRecord = createRecordParser({ timezone: 'UTC', year: 2026 });
const classifier = new Classifier([]);
const emit = depth >= 4
  ? (s) => { n.signals++; n.spans += toSpans(s).length; n.events += toEvents(s).length; }
  : () => { n.signals++; };
const tracker = new Tracker({ traceKey: 'message-id', classify: (ev) => classifier.classify(ev), emit });

function onLine(line) {
  n.lines++;
  if (depth < 1) return;
  const r = toRecord(line);
  if (!r.ok) { n.rejected++; return; }
  if (depth < 2) return;
  const ev = parseRecord(r.record);
  if (ev.kind === 'ignored') { n.ignored++; return; }
  if (ev.kind === 'unparsed') { n.unparsed++; return; }
  n.parsed++;
  if (depth >= 3) tracker.apply(ev);
}

const t0 = performance.now();
await eachLine(file, onLine, () => { n.lines++; });
if (depth >= 3) tracker.finishAll(Date.now() * 1000);
n.ms = Math.round(performance.now() - t0);
process.stdout.write(JSON.stringify(n) + '\n');
