/**
 * pipeline — the I/O around the engine (src/engine.ts), and nothing else: the input streams and files, the
 * sinks, the clocks (reorder window, live `log_silence` ticks, `--queue-command`), checkpoints, signals and the
 * exit code. The line loop itself is the engine's.
 *
 *   input/feed.ts → engine.line() … engine emit → sinks/ (text | ndjson | otlp-sinks.ts)
 *
 * Back-pressure: when the sink is busy the current input stream is paused until it drains; nothing is dropped.
 * End of input: every lifecycle still open ends as `queued`/`held` with `mta.lifecycle.incomplete=true` —
 * unless a `--state-file` is given without `--once`, then it is checkpointed for the next run instead.
 * Signals: SIGTERM/SIGINT stop reading, flush and checkpoint within `--close-timeout`; SIGHUP reloads `--rules`.
 */
import { createReadStream, readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Readable, Writable } from 'node:stream';
import { Classifier } from './classify/classify.js';
import { loadRulesFile } from './classify/load-rules.js';
import { ConfigError, type Config } from './config.js';
import type { Classify } from './correlate/tracker.js';
import { Engine, type RunStats, type StatePart } from './engine.js';
import { createRecordParser } from './input/index.js';
import { feed } from './input/feed.js';
import { OmprogAck } from './input/omprog.js';
import { createRedactor, type RedactMode, type Redactor } from './otel/redact.js';
import { parseRecord } from './parse/index.js';
import type { ParseResult } from './parse/postfix-events.js';
import { startProgress } from './progress.js';
import { NdjsonSink } from './sinks/ndjson.js';
import type { MetricSources } from './sinks/otlp-metrics.js';
import type { Sink } from './sinks/sink.js';
import { Checkpointer, readStateFile } from './sinks/state-file.js';
import { TextSink } from './sinks/text.js';
import type { AlertConfig } from './watch/alerts.js';
import { QueueCommand } from './watch/queue-command.js';

export interface Io {
  stdin: Readable;
  stdout: Writable;
  stderr: Writable;
  env: NodeJS.ProcessEnv;
}

/** The package version, read from package.json so it cannot drift. */
export const VERSION: string = (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;

/** `auto` means OTLP when an endpoint is configured the standard way, else the text report. */
function resolveOutput(config: Pick<Config, 'output'>, env: NodeJS.ProcessEnv): 'text' | 'json' | 'otlp' {
  if (config.output !== 'auto') return config.output as 'text' | 'json' | 'otlp';
  return env.OTEL_EXPORTER_OTLP_ENDPOINT || env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT ? 'otlp' : 'text';
}

/** The sinks for an output kind; each gets every output of the engine with its spans and events. */
async function createSinks(kind: 'text' | 'json' | 'otlp', config: Config, io: Io, redactor: Redactor, metrics: Omit<MetricSources, 'exports'>): Promise<Sink[]> {
  if (kind === 'json') return [new NdjsonSink(io.stdout)];
  if (kind === 'otlp') {
    return (await import('./sinks/otlp-sinks.js')).otlpSinks({
      serviceName: config.serviceName, version: VERSION, retryMaxMs: config.exportRetryMax * 1000, maxQueue: config.exportQueue,
      domains: config.metricDomains, domainsMax: config.metricDomainsMax, env: io.env, stderr: io.stderr,
    }, metrics);
  }
  return [new TextSink(io.stdout, redactor.text)];
}

/** `--redact` with its key from `--redact-key-file` or `MTATRACE_REDACT_KEY`; a missing key is a config error. */
function redactorFor(config: Pick<Config, 'redact' | 'redactKeyFile'>, env: NodeJS.ProcessEnv): Redactor {
  let key: Buffer | string | undefined = env.MTATRACE_REDACT_KEY;
  if (config.redactKeyFile) {
    // The key is the file's content without its final line break (as `$(cat key)` gives it).
    try { key = readFileSync(config.redactKeyFile, 'utf8').replace(/\r?\n$/, ''); } catch (err) { throw new ConfigError(`--redact-key-file: ${(err as Error).message}`); }
    if (key.trim() === '') throw new ConfigError(`--redact-key-file: ${config.redactKeyFile} is empty`);
  }
  try { return createRedactor(config.redact as RedactMode, key); } catch (err) { throw new ConfigError((err as Error).message); }
}

/** Several sinks seen as one: busy while any is busy. */
function fanOut(sinks: Sink[]): Sink {
  return {
    write: (s, spans, events) => { for (const k of sinks) k.write(s, spans, events); },
    busy: () => sinks.some((k) => k.busy()),
    drained: async () => { for (const k of sinks) await k.drained(); },
    flush: async () => { for (const k of sinks) await (k.flush ? k.flush() : k.drained()); },
    close: async (stats) => { for (const k of sinks) await k.close(stats); },
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

/** The alert thresholds of `src/config.ts`. */
function alertConfig(config: Config): AlertConfig {
  return {
    queueWarn: config.queueWarn, queueGrowMinutes: config.queueGrowMinutes, stallMinutes: config.stallMinutes, silenceMinutes: config.silenceMinutes,
    silenceLines: config.silenceLines, stallDeliveries: config.stallDeliveries, replay: config.once,
    spikeDeferrals: config.spikeDeferrals, spikeMinutes: config.spikeMinutes, repeatMinutes: config.alertRepeatMinutes,
  };
}

/** How often live input judges `log_silence` between lines. */
const TICK_MS = 5_000;

/** Runs the whole job; resolves with the process exit code. */
export async function run(config: Config, io: Io, parts: StatePart[] = []): Promise<number> {
  const kind = resolveOutput(config, io.env);
  if (config.omprog && kind !== 'otlp') {
    throw new ConfigError('--omprog: stdout carries only rsyslog\'s OK protocol, so the output must be otlp (--output otlp with OTEL_EXPORTER_OTLP_ENDPOINT)');
  }
  const redactor = redactorFor(config, io.env);
  let classifier = new Classifier(config.rules ? loadRulesFile(config.rules) : []);
  const sinks: Sink[] = [];
  const sink = fanOut(sinks);
  const engine = new Engine({
    toRecord: recordParser(config), traceKey: config.traceKey as 'message-id' | 'queue-id',
    classify: ((ev) => classifier.classify(ev as never)) as Classify, maxInflight: config.maxInflight, idleUs: config.idleTimeout * 1e6,
    reorderWindowMs: config.reorderWindow, alerts: alertConfig(config), live: !config.once,
    // Only the OTLP output exports spans; the others need not build them.
    spans: kind === 'otlp', redactor,
    emit: (out, spans, events) => sink.write(out, spans, events),
    warn: (m) => io.stderr.write(`mtatrace: ${m}\n`),
  });
  const stats = engine.stats;
  sinks.push(...await createSinks(kind, config, io, redactor, {
    watch: engine.watch, nowUs: () => engine.watch.clockUs(Date.now() * 1000), stats, inflight: () => engine.inflight,
    lastReconciliation: () => engine.watch.lastReconciliation(),
  }));
  const queueCommand = config.queueCommand ? new QueueCommand(config.queueCommand, {
    latestHost: () => engine.latestHost(), reconcile: (host, listing) => engine.reconcile(host, listing, Date.now()),
  }, io.stderr) : undefined;
  const timers: NodeJS.Timeout[] = [];
  if (!config.once) timers.push(setInterval(() => engine.tick(Date.now()), TICK_MS).unref());
  if (queueCommand && config.queueInterval > 0) timers.push(setInterval(() => { void queueCommand.run(); }, config.queueInterval * 1000).unref());

  const checkpoints = config.stateFile ? new Checkpointer({
    path: config.stateFile, intervalMs: config.checkpointInterval * 1000, stderr: io.stderr,
    take: () => engine.snapshot(parts),
    settle: () => sink.flush?.() ?? sink.drained(),
  }) : undefined;
  if (config.stateFile) {
    const loaded = readStateFile(config.stateFile);
    if (loaded.problem) io.stderr.write(`mtatrace: ${loaded.problem}\n`);
    if (loaded.snapshot) engine.restore(loaded.snapshot, Date.now(), parts);
  }

  let stopping = false;
  let endFeed = (): void => {};
  let signals = 0;
  const stop = (sig: NodeJS.Signals): void => {
    stopping = true;
    endFeed();
    if (++signals > 1) { io.stderr.write(`mtatrace: second ${sig}, exiting without flushing\n`); process.exit(130); }
  };
  const reload = (): void => {
    if (!config.rules) return;
    try {
      classifier = new Classifier(loadRulesFile(config.rules));
      io.stderr.write(`mtatrace: SIGHUP: reloaded rules from ${config.rules}\n`);
    } catch (err) {
      io.stderr.write(`mtatrace: SIGHUP: keeping the rules in use; ${config.rules}: ${(err as Error).message}\n`);
    }
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  process.on('SIGHUP', reload);
  const ack = config.omprog ? new OmprogAck(io.stdout) : undefined;
  const due = config.reorderWindow > 0 ? setInterval(() => engine.due(Date.now()), Math.max(50, config.reorderWindow)) : undefined;
  due?.unref();
  let code = 0;
  try {
    const stopProgress = startProgress(io.stderr, { lines: () => stats.lines, inflight: () => engine.inflight, logUs: () => stats.lastUs });
    checkpoints?.start();
    ack?.ready();
    const sources = config.files.length ? config.files : ['-'];
    for (const file of sources) {
      if (stopping) break;
      const bytes = file === '-' ? io.stdin : createReadStream(file);
      await feed(bytes, {
        maxLineBytes: config.maxLineBytes, onLine: (line) => engine.line(line, Date.now()), ack, busy: () => sink.busy(), drained: () => sink.drained(),
        onTooLong: () => engine.tooLong(),
        onStop: (end) => { endFeed = end; },
      });
    }
    stopProgress();
    checkpoints?.stop();
    if (due) clearInterval(due);
    ack?.stop();
    // Everything ends here unless the state file carries it to the next run.
    if (!config.stateFile || (config.once && !stopping)) {
      engine.drain(Date.now());
      await queueCommand?.run();
      engine.endWatch();
      engine.finishAll(Date.now() * 1000);
    }
    if (!stats.watch) {
      await queueCommand?.run();
      engine.endWatch();
    }
    for (const t of timers) clearInterval(t);
    engine.settle();
    code = await shutdown(config, io, sink, sinks, stats, checkpoints);
  } finally {
    process.off('SIGTERM', stop);
    process.off('SIGINT', stop);
    process.off('SIGHUP', reload);
    if (io.stdin !== process.stdin || stopping) io.stdin.pause();
  }
  if (kind !== 'text') io.stderr.write(`${summaryLine(stats)}\n`);
  return code;
}

/** Final checkpoint and flush within `--close-timeout`; what is still unexported then is counted as dropped. */
async function shutdown(config: Config, io: Io, sink: Sink, sinks: Sink[], stats: RunStats, checkpoints?: Checkpointer): Promise<number> {
  const saved = checkpoints?.save() ?? Promise.resolve();
  const closed = saved.then(() => sink.close(stats)).then(() => false);
  const timedOut = await Promise.race([closed, sleep(config.closeTimeout, true, { ref: false })]);
  if (timedOut) {
    for (const k of sinks) {
      const lost = k.abandon?.() ?? 0;
      if (lost) io.stderr.write(`mtatrace: --close-timeout ${config.closeTimeout} ms passed; ${lost} ${k.unit ?? 'items'} not exported (counted as dropped)\n`);
    }
    await Promise.race([saved, sleep(1000, undefined, { ref: false })]);
  }
  return sinks.some((k) => (k.dropped?.() ?? 0) > 0) ? 1 : 0;
}

function summaryLine(s: RunStats): string {
  const rejected = Object.entries(s.rejected).map(([k, v]) => `${k}=${v}`).join(' ');
  return `mtatrace: ${s.lines} lines: ${s.parsed} parsed, ${s.ignored} ignored, ${s.unparsed} unparsed${rejected ? `, rejected ${rejected}` : ''}; ` +
    `${s.tracker.opened} lifecycles, ${s.tracker.duplicates} duplicate lines skipped` +
    (s.tracker.unseen ? `, ${s.tracker.unseen} lines about messages queued before the log began skipped` : '') +
    (s.tracker.replayed ? `, ${s.tracker.replayed} lines already in the state file skipped` : '') +
    (s.tracker.evicted || s.tracker.idle ? `; ${s.tracker.evicted} lifecycles evicted (--max-inflight), ${s.tracker.idle} idle (--idle-timeout)` : '') +
    (s.inflight ? `; ${s.inflight} in flight saved` : '');
}
