/**
 * pipeline — the wiring, and nothing else: bytes → lines → records → Postfix events → lifecycles → signals →
 * spans and events → the chosen sink. Counts every line by what became of it.
 *
 *   input/lines.ts → input/index.ts → parse/index.ts → correlate/tracker.ts (+ classify) → otel/{spans,events}.ts → sinks/
 *
 * Back-pressure: when the sink is busy the current input stream is paused until it drains; nothing is dropped.
 * End of input: every lifecycle still open ends as `queued`/`held` with `mta.lifecycle.incomplete=true`.
 */
import { createReadStream, readFileSync } from 'node:fs';
import type { Readable, Writable } from 'node:stream';
import { Classifier } from './classify/classify.js';
import { loadRulesFile } from './classify/load-rules.js';
import { ConfigError, type Config } from './config.js';
import { Tracker, type Classify } from './correlate/tracker.js';
import type { Signal } from './correlate/signals.js';
import { createRecordParser, splitLines } from './input/index.js';
import { toEvents } from './otel/events.js';
import { toSpans } from './otel/spans.js';
import { parseRecord } from './parse/index.js';
import { startProgress } from './progress.js';
import type { ParseResult } from './parse/events.js';
import { NdjsonSink } from './sinks/ndjson.js';
import { OtlpTraceSink } from './sinks/otlp.js';
import type { RunStats, Sink } from './sinks/sink.js';
import { TextSink } from './sinks/text.js';

export interface Io {
  stdin: Readable;
  stdout: Writable;
  stderr: Writable;
  env: NodeJS.ProcessEnv;
}

/** The package version, read from package.json so it cannot drift. */
export const VERSION: string = (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;

/** `auto` means OTLP when an endpoint is configured the standard way, else the text report. */
export function resolveOutput(config: Pick<Config, 'output'>, env: NodeJS.ProcessEnv): 'text' | 'json' | 'otlp' {
  if (config.output !== 'auto') return config.output as 'text' | 'json' | 'otlp';
  return env.OTEL_EXPORTER_OTLP_ENDPOINT || env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT ? 'otlp' : 'text';
}

/** The sinks for an output kind; each gets every signal with its spans and events. */
export function createSinks(kind: 'text' | 'json' | 'otlp', config: Config, io: Io): Sink[] {
  if (kind === 'json') return [new NdjsonSink(io.stdout)];
  if (kind === 'otlp') return [new OtlpTraceSink({ serviceName: config.serviceName, version: VERSION, stderr: io.stderr })];
  return [new TextSink(io.stdout)];
}

/** Several sinks seen as one: busy while any is busy. */
export function fanOut(sinks: Sink[]): Sink {
  return {
    write: (s, spans, events) => { for (const k of sinks) k.write(s, spans, events); },
    busy: () => sinks.some((k) => k.busy()),
    drained: async () => { for (const k of sinks) await k.drained(); },
    close: async (stats) => { for (const k of sinks) await k.close(stats); },
  };
}

export function newStats(): RunStats {
  return {
    lines: 0, records: 0, parsed: 0, ignored: 0, unparsed: 0, rejected: {}, unparsedReasons: {}, inflight: 0,
    tracker: { unexpected: 0, duplicates: 0, late: 0, opened: 0, finished: 0, replayed: 0, evicted: 0, idle: 0 },
  };
}

/** The input stage for this config; an unknown time zone is a configuration error (exit 2). */
function recordParser(config: Pick<Config, 'timezone' | 'year'>): ReturnType<typeof createRecordParser> {
  try {
    return createRecordParser({ timezone: config.timezone, year: config.year });
  } catch (err) {
    throw new ConfigError(`--timezone: ${(err as Error).message}`);
  }
}

/** One line through input and parse, for `explain` and `--check-rules`. */
export function lineParser(config: Pick<Config, 'timezone' | 'year'>): (line: string) => ParseResult | undefined {
  const toRecord = recordParser(config);
  return (line) => {
    const r = toRecord(line);
    return r.ok ? parseRecord(r.record) : undefined;
  };
}

/** Runs the whole job; resolves with the process exit code. */
export async function run(config: Config, io: Io): Promise<number> {
  const classifier = new Classifier(config.rules ? loadRulesFile(config.rules) : []);
  const sinks = createSinks(resolveOutput(config, io.env), config, io);
  const sink = fanOut(sinks);
  const stats = newStats();
  const emit = (s: Signal): void => sink.write(s, toSpans(s), toEvents(s));
  const tracker = new Tracker({ traceKey: config.traceKey as 'message-id' | 'queue-id', classify: ((ev) => classifier.classify(ev as never)) as Classify, emit });
  const toRecord = recordParser(config);

  const onLine = (line: string): void => {
    stats.lines++;
    const r = toRecord(line);
    if (!r.ok) { stats.rejected[r.reason] = (stats.rejected[r.reason] ?? 0) + 1; return; }
    stats.records++;
    const t = r.record.timeUs;
    if (stats.firstUs === undefined || t < stats.firstUs) stats.firstUs = t;
    if (stats.lastUs === undefined || t > stats.lastUs) stats.lastUs = t;
    const ev = parseRecord(r.record);
    if (ev.kind === 'ignored') { stats.ignored++; return; }
    if (ev.kind === 'unparsed') {
      stats.unparsed++;
      const k = `${ev.program}: ${ev.reason}`;
      stats.unparsedReasons[k] = (stats.unparsedReasons[k] ?? 0) + 1;
      return;
    }
    stats.parsed++;
    tracker.apply(ev);
  };

  let stopping = false;
  const stop = (): void => { stopping = true; };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
  try {
    const stopProgress = startProgress(io.stderr, { lines: () => stats.lines, inflight: () => tracker.size, logUs: () => stats.lastUs });
    const sources = config.files.length ? config.files : ['-'];
    for (const file of sources) {
      if (stopping) break;
      const bytes = file === '-' ? io.stdin : createReadStream(file);
      await consume(bytes, config.maxLineBytes, stats, onLine, sink, () => stopping);
    }
    stopProgress();
    tracker.finishAll(stats.lastUs ?? Date.now() * 1000);
    Object.assign(stats.tracker, tracker.counters);
    stats.inflight = tracker.size;
    await sink.close(stats);
  } finally {
    process.off('SIGTERM', stop);
    process.off('SIGINT', stop);
  }
  if (resolveOutput(config, io.env) !== 'text') io.stderr.write(`${summaryLine(stats)}\n`);
  return sinks.some((k) => k instanceof OtlpTraceSink && k.exported.dropped > 0) ? 1 : 0;
}

export function summaryLine(s: RunStats): string {
  const rejected = Object.entries(s.rejected).map(([k, v]) => `${k}=${v}`).join(' ');
  return `mtatrace: ${s.lines} lines: ${s.parsed} parsed, ${s.ignored} ignored, ${s.unparsed} unparsed${rejected ? `, rejected ${rejected}` : ''}; ` +
    `${s.tracker.opened} lifecycles, ${s.tracker.duplicates} duplicate and ${s.tracker.late} late lines skipped`;
}

function consume(bytes: Readable, maxLineBytes: number, stats: RunStats, onLine: (l: string) => void, sink: Sink, stopped: () => boolean): Promise<void> {
  return new Promise((resolve, reject) => {
    const lines = splitLines({ maxLineBytes, onDrop: (reason) => { stats.lines++; stats.rejected[reason] = (stats.rejected[reason] ?? 0) + 1; } });
    bytes.on('error', reject);
    lines.on('error', reject);
    lines.on('end', resolve);
    lines.on('data', (line: string) => {
      onLine(line);
      if (stopped()) { bytes.unpipe(lines); lines.end(); return; }
      if (sink.busy()) {
        lines.pause();
        void sink.drained().then(() => lines.resume());
      }
    });
    bytes.pipe(lines);
  });
}
