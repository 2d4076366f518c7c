/**
 * monitor — runs the queue/alert watch (src/correlate/watch.ts) inside the pipeline: feeds it every line in log
 * order, writes alerts and reconciliations to the sinks as signals, and does the watch's only I/O:
 *   - on live input (no `--once`), a wall-clock timer that judges `log_silence` between lines;
 *   - with `--queue-command 'postqueue -j'`, the command every `--queue-interval` seconds and once at end of
 *     input; its JSON listing replaces the log-derived queue picture of the host of the latest line.
 *
 * The command comes only from the configuration, is split on spaces and run without a shell (execFile), with a
 * 10 s timeout and a 64 MB output cap; a failure is reported on stderr (once until it changes) and changes nothing.
 * Limits: reconciliation assumes one MTA host per mtatrace (docs/scaling.md), the host of the latest line.
 */
import { execFile } from 'node:child_process';
import type { Config } from './config.js';
import type { AlertChange, AlertConfig } from './correlate/alerts.js';
import { parseQueueListing, type Reconciliation } from './correlate/queues.js';
import type { Signal } from './correlate/signals.js';
import { Watch } from './correlate/watch.js';
import type { ParseResult } from './parse/events.js';
import { alertEvent, reconciledEvents } from './otel/watch-events.js';
import type { MetricSources } from './sinks/otlp-metrics.js';
import type { RunStats, Sink } from './sinks/sink.js';
import type { WatchSummary } from './sinks/text-watch.js';

export interface MonitorOptions {
  alerts: AlertConfig;
  live: boolean;
  queueCommand?: string;
  queueIntervalS: number;
  stderr: NodeJS.WritableStream;
  stats?: RunStats;
  inflight?: () => number;
}

/** The monitor for a run's configuration (thresholds and `--queue-command` from `src/config.ts`). */
export function monitorFor(config: Config, stderr: NodeJS.WritableStream, stats: RunStats, inflight: () => number): Monitor {
  return new Monitor({
    alerts: {
      queueWarn: config.queueWarn, queueGrowMinutes: config.queueGrowMinutes, stallMinutes: config.stallMinutes, silenceMinutes: config.silenceMinutes,
      silenceLines: config.silenceLines, stallDeliveries: config.stallDeliveries, replay: config.once,
      spikeDeferrals: config.spikeDeferrals, spikeMinutes: config.spikeMinutes, repeatMinutes: config.alertRepeatMinutes,
    },
    live: !config.once, queueCommand: config.queueCommand, queueIntervalS: config.queueInterval, stderr, stats, inflight,
  });
}

interface Exported { exported: { dropped: number; failures: number } }

const TICK_MS = 5_000;

export class Monitor {
  readonly watch: Watch;
  readonly #opts: MonitorOptions;
  #sink: Sink | undefined;
  #host: string | undefined;
  #lastWallUs = 0;
  #timers: NodeJS.Timeout[] = [];
  #running: Promise<void> | undefined;
  #reconciliation: Reconciliation | undefined;
  /** After end of input the picture stays as it was (lifecycles ended then are still in Postfix's queue). */
  #frozen = false;
  /** The last problem reported about `--queue-command` (each is reported once until it changes). */
  #problem = '';

  constructor(opts: MonitorOptions) {
    this.#opts = opts;
    this.watch = new Watch(opts.alerts);
  }

  /** The sinks alerts go to; starts the live timers. */
  attach(sink: Sink): void {
    this.#sink = sink;
    if (this.#opts.live) this.#timers.push(setInterval(() => this.#write(this.watch.tick(this.nowUs())), TICK_MS).unref());
    if (this.#opts.queueCommand && this.#opts.queueIntervalS > 0) {
      this.#timers.push(setInterval(() => { void this.reconcile(); }, this.#opts.queueIntervalS * 1000).unref());
    }
  }

  /** Log time, extrapolated by the wall clock since the latest line on live input. */
  nowUs(): number {
    const log = this.watch.nowUs;
    return this.#opts.live && this.#lastWallUs ? log + Math.max(0, Date.now() * 1000 - this.#lastWallUs) : log;
  }

  lastReconciliation(): Reconciliation | undefined { return this.#reconciliation; }

  /** The queue picture and alert state carried across restarts in `--state-file` (a malformed part starts empty). */
  part(): { name: string; save(): unknown; load(saved: unknown): void } {
    return {
      name: 'watch',
      save: () => this.watch.save(),
      load: (saved) => {
        try { this.watch.load(saved); } catch (err) { this.#opts.stderr.write(`mtatrace: state file: ${(err as Error).message}; queue and alert state start empty\n`); }
      },
    };
  }

  /**
   * One line that the tracker does not see (ignored, unparsed). A line it does see goes `before`, then to the
   * tracker (whose signals come back through `signal`), then `after`.
   */
  line(host: string, timeUs: number, ev: ParseResult): void {
    this.before(host, timeUs, ev);
    this.after(host, timeUs, ev);
  }

  /** What the metrics sink reads at collection time. */
  sources(traces: Exported, logs: Exported): MetricSources {
    return {
      watch: this.watch,
      nowUs: () => this.nowUs(),
      stats: this.#opts.stats as RunStats,
      inflight: () => this.#opts.inflight?.() ?? 0,
      exports: () => [{ signal: 'spans', ...traces.exported }, { signal: 'logs', ...logs.exported }],
      lastReconciliation: () => this.#reconciliation,
    };
  }

  /** Before a line's event goes to the tracker. */
  before(host: string, timeUs: number, ev: ParseResult): void {
    const postfix = !(ev.kind === 'ignored' && ev.reason === 'foreign');
    if (postfix) this.#host = host;
    this.#lastWallUs = Date.now() * 1000;
    this.#write(this.watch.before(host, timeUs, postfix));
  }

  signal(s: Signal): void { if (!this.#frozen) this.watch.signal(s); }

  /** After the tracker applied the line (and its signals went out). */
  after(host: string, timeUs: number, ev: ParseResult): void {
    if (ev.kind === 'ignored' && ev.reason === 'foreign') return;
    if (ev.kind !== 'ignored' && ev.kind !== 'unparsed') this.watch.event(ev);
    this.#write(this.watch.after(host, timeUs));
  }

  /** End of input: a last reconciliation (if configured), then the picture for the summary. */
  async endOfInput(): Promise<WatchSummary> {
    if (this.#opts.queueCommand) await this.reconcile();
    this.#frozen = true;
    const now = this.watch.nowUs;
    return { queues: this.watch.queues.hosts().map((h) => this.watch.queues.snapshot(h, now)), alerts: this.watch.history() };
  }

  stop(): void {
    for (const t of this.#timers) clearInterval(t);
    this.#timers = [];
  }

  /** Runs the queue command once (never two at a time) and applies its listing. */
  reconcile(): Promise<void> {
    this.#running ??= this.#runCommand().finally(() => { this.#running = undefined; });
    return this.#running;
  }

  async #runCommand(): Promise<void> {
    const [cmd, ...args] = (this.#opts.queueCommand ?? '').split(/\s+/).filter(Boolean);
    const host = this.#host;
    if (!cmd || !host) return;
    try {
      const stdout = await new Promise<string>((resolve, reject) => {
        execFile(cmd, args, { timeout: 10_000, maxBuffer: 64 << 20, encoding: 'utf8' }, (err, out) => (err ? reject(err) : resolve(out)));
      });
      const { messages, bad } = parseQueueListing(stdout);
      if (bad > 0) this.#report(`--queue-command: ${bad} lines were not queue entries`);
      const rec = this.watch.queues.reconcile(host, messages, this.nowUs());
      this.#reconciliation = rec;
      if (this.#sink) this.#sink.write({ type: 'queue-reconciled', rec }, [], reconciledEvents(rec));
    } catch (err) {
      this.#report(`--queue-command failed: ${(err as Error).message}`);
    }
  }

  #report(problem: string): void {
    if (problem !== this.#problem) this.#opts.stderr.write(`mtatrace: ${problem}\n`);
    this.#problem = problem;
  }

  #write(changes: readonly AlertChange[]): void {
    if (!this.#sink) return;
    for (const change of changes) {
      const queues = this.watch.queues.snapshot(change.host, change.timeUs);
      this.#sink.write({ type: 'alert', change, queues }, [], [alertEvent(change, queues)]);
    }
  }
}
