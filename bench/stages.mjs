#!/usr/bin/env node
/**
 * stages — runs a log file through mtatrace's engine (src/engine.ts, from dist/) cut after a stage, with no sink,
 * so the benchmark can say where the time goes. `parse` is the "parse-only" figure of issue 8 (the CLI has no
 * such mode). The loop is the engine's own (`stopAfter`), so this measures the code the CLI runs.
 *
 *   node bench/stages.mjs --stage parse bench/out/workload-s1-l500000-rfc3339.log
 *
 * Stages, each including the ones before it:
 *   split      bytes → lines (input/lines.ts)
 *   record     + syslog envelope → SyslogRecord (input/index.ts)
 *   parse      + Postfix text → event (parse/index.ts)
 *   correlate  + reorder window, tracker and classifier, queue/alert watch; signals are dropped
 *   signals    + signals and watch reports → span and event objects (otel/); nothing is serialised
 * Prints one JSON line on stdout: { stage, lines, parsed, ignored, unparsed, signals, spans, events, ms }
 * (`signals` counts everything the engine emits: message signals and watch reports).
 *
 * Limits: imports internal modules of dist/; options are the CLI's defaults (src/config.ts) for a `--once` run.
 */

import { performance } from 'node:perf_hooks';
import { benchEngine, runEngine } from './lib/dist.mjs';

const STAGES = ['split', 'record', 'parse', 'correlate', 'signals'];
const args = process.argv.slice(2);
const stage = args[args.indexOf('--stage') + 1];
const file = args[args.length - 1];
if (!STAGES.includes(stage) || !file || file.startsWith('--')) {
  process.stderr.write(`usage: stages.mjs --stage ${STAGES.join('|')} FILE\n`);
  process.exit(2);
}
const n = { stage, lines: 0, parsed: 0, ignored: 0, unparsed: 0, rejected: 0, signals: 0, spans: 0, events: 0, ms: 0 };
const engine = benchEngine((_out, spans, events) => { n.signals++; n.spans += spans.length; n.events += events.length; }, stage === 'signals' ? undefined : stage);

const t0 = performance.now();
const s = await runEngine(engine, file);
n.ms = Math.round(performance.now() - t0);
Object.assign(n, { lines: s.lines, parsed: s.parsed, ignored: s.ignored, unparsed: s.unparsed, rejected: Object.values(s.rejected).reduce((a, b) => a + b, 0) });
process.stdout.write(JSON.stringify(n) + '\n');
