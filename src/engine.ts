/**
 * engine — the pure middle of mtatrace: log lines in; spans, events and the watch's reports out. No I/O, no
 * clock of its own (wall-clock times are arguments). The CLI (src/pipeline.ts), the test helpers
 * (test/support/replay.ts) and the benchmark (bench/stages.mjs) all run this one loop.
 *
 *   `Nov 27 10:00:01 mx1 postfix/qmgr[3]: 4B7C21A0F3: removed`
 *     → input (record) → parse (event) → reorder window → watch.before → tracker (+ classify) → watch.after
 *     → signals and watch reports → otel (spans, events) → redact → `emit(out, spans, events)`
 * Every line is counted by what became of it (`stats`). `emit` is the one way out: whatever leaves — a message's
 * spans and events, an alert, a queue reconciliation — passes `--redact` there (the text sink redacts the lines
 * it builds itself, with the same redactor).
 *
 * Limits: spans are built only with `spans: true` (only the OTLP output exports them). `stopAfter` cuts the
 * loop after a stage, for the benchmark only.
 */
import type { AlertConfig } from './watch/alerts.js';
import type { Classify } from './correlate/tracker.js';
import { Tracker } from './correlate/tracker.js';
import { ReorderBuffer } from './correlate/reorder.js';
import { lineSig } from './correlate/replay.js';
import type { Signal } from './correlate/signals.js';
import type { Snapshot } from './correlate/snapshot.js';
import type { InputResult } from './input/index.js';
import { toEvents } from './otel/message-events.js';
import type { EventOut, SpanOut } from './otel/model.js';
import type { Redactor } from './otel/redact.js';
import { toSpans } from './otel/spans.js';
import { watchEvents } from './otel/watch-events.js';
import { parseRecord } from './parse/index.js';
import type { ParseResult, PostfixEvent } from './parse/postfix-events.js';
import type { AlertChange } from './watch/alerts.js';
import type { ListedMessage } from './watch/queues.js';
import { Watch, type WatchReport, type WatchSummary } from './watch/watch.js';

/** What leaves the engine: a message's signal or a report of the watch, with its spans and events. */
export type Output = Signal | WatchReport;

/** Counters about the input, reported at the end (stderr, text summary, metrics). */
export interface RunStats {
  lines: number;
  records: number;
  parsed: number;
  ignored: number;
  unparsed: number;
  rejected: Record<string, number>;
  unparsedReasons: Record<string, number>;
  firstUs?: number;
  lastUs?: number;
  inflight: number;
  /** Alerts so far and the queue picture at end of input (src/watch/watch.ts), for the text summary. */
  watch?: WatchSummary;
  tracker: {
    unexpected: number; duplicates: number;
    /** Lines about a queue id never seen open (its removed or notification line: the log began after it was queued). */
    unseen: number; opened: number; finished: number;
    /** Lines skipped because the restored checkpoint already had them; lifecycles ended by --max-inflight / --idle-timeout. */
    replayed: number; evicted: number; idle: number;
  };
}

export function newStats(): RunStats {
  return {
    lines: 0, records: 0, parsed: 0, ignored: 0, unparsed: 0, rejected: {}, unparsedReasons: {}, inflight: 0,
    tracker: { unexpected: 0, duplicates: 0, unseen: 0, opened: 0, finished: 0, replayed: 0, evicted: 0, idle: 0 },
  };
}

/** Another module's state kept in the state file under `name` (the watch's queue depths and alert state). */
export interface StatePart { name: string; save(): unknown; load(saved: unknown): void }

export type Stage = 'split' | 'record' | 'parse' | 'correlate';
const DEPTH: Record<Stage, number> = { split: 0, record: 1, parse: 2, correlate: 3 };

export interface EngineOptions {
  /** Line → record (src/input/index.ts `createRecordParser`). */
  toRecord: (line: string) => InputResult;
  traceKey: 'message-id' | 'queue-id';
  classify: Classify;
  maxInflight?: number;
  idleUs?: number;
  /** `--reorder-window` in ms (0: lines go straight through). */
  reorderWindowMs: number;
  alerts: AlertConfig;
  /** Live input: the watch extrapolates the log clock by the wall clock. */
  live: boolean;
  /** Build spans (only the OTLP output exports them). */
  spans: boolean;
  redactor?: Redactor;
  emit: (out: Output, spans: readonly SpanOut[], events: readonly EventOut[]) => void;
  /** Problems the engine notices about restored state (a stderr line in the CLI). */
  warn?: (message: string) => void;
  /** For the benchmark: stop after this stage (`correlate`: signals go to `emit` without spans or events). */
  stopAfter?: Stage;
}

/** A parsed line waiting in the reorder buffer: `line` for checkpoints, `sig` (its lineSig) to spot copies. */
interface Waiting { ev: PostfixEvent; line: string; restored: boolean; sig: number }

const NO_SPANS: readonly SpanOut[] = Object.freeze([]) as readonly SpanOut[];

export class Engine {
  readonly stats: RunStats = newStats();
  readonly watch: Watch;
  readonly #tracker: Tracker;
  readonly #reorder: ReorderBuffer<Waiting>;
  readonly #toRecord: (line: string) => InputResult;
  readonly #emit: EngineOptions['emit'];
  /** Without redaction, for the benchmark's cut stages (no spans or events are built there). */
  readonly #emitRaw: EngineOptions['emit'];
  readonly #warn: (message: string) => void;
  readonly #depth: number;
  #restoring = false;

  constructor(o: EngineOptions) {
    this.watch = new Watch(o.alerts, { live: o.live });
    this.#toRecord = o.toRecord;
    this.#warn = o.warn ?? (() => {});
    this.#depth = o.stopAfter === undefined ? 4 : DEPTH[o.stopAfter];
    const r = o.redactor && o.redactor.mode !== 'none' ? o.redactor : undefined;
    this.#emit = r ? (out, spans, events) => o.emit(out, spans.map(r.span), events.map(r.event)) : o.emit;
    this.#emitRaw = o.emit;
    const spansOf = o.spans ? toSpans : (): readonly SpanOut[] => NO_SPANS;
    const signal = this.#depth < 4
      ? (s: Signal): void => { this.#emitRaw(s, NO_SPANS, []); this.watch.signal(s); }
      : (s: Signal): void => { this.#emit(s, spansOf(s), toEvents(s)); this.watch.signal(s); };
    this.#tracker = new Tracker({
      traceKey: o.traceKey, classify: o.classify, emit: signal, maxInflight: o.maxInflight, idleUs: o.idleUs,
    });
    this.#reorder = new ReorderBuffer<Waiting>(o.reorderWindowMs * 1000);
  }

  /** Lifecycles in flight. */
  get inflight(): number { return this.#tracker.size; }

  /** One input line, read at wall-clock time `wallMs`. */
  line(chunkLine: string, wallMs: number): void {
    const stats = this.stats;
    stats.lines++;
    if (this.#depth < 1) return;
    // A flat copy: a slice of split2's 64 KiB chunk would pin the chunk for as long as any field of it is kept.
    const line = (` ${chunkLine}`).slice(1);
    const r = this.#toRecord(line);
    if (!r.ok) { stats.rejected[r.reason] = (stats.rejected[r.reason] ?? 0) + 1; return; }
    stats.records++;
    const t = r.record.timeUs;
    if (stats.firstUs === undefined || t < stats.firstUs) stats.firstUs = t;
    if (stats.lastUs === undefined || t > stats.lastUs) stats.lastUs = t;
    if (this.#depth < 2) return;
    const ev = parseRecord(r.record);
    if (ev.kind === 'ignored') { stats.ignored++; this.#watchOnly(r.record.host, t, ev, wallMs); return; }
    if (ev.kind === 'unparsed') {
      stats.unparsed++;
      this.#watchOnly(r.record.host, t, ev, wallMs);
      const k = `${ev.program}: ${ev.reason}`;
      stats.unparsedReasons[k] = (stats.unparsedReasons[k] ?? 0) + 1;
      return;
    }
    stats.parsed++;
    if (this.#depth < 3) return;
    const sig = lineSig(ev);
    this.#apply(this.#reorder.push(ev.timeUs, { ev, line, restored: this.#restoring, sig }, wallMs, sig), wallMs);
  }

  /** A line over `--max-line-bytes`, skipped by the line splitter. */
  tooLong(): void {
    this.stats.lines++;
    this.stats.rejected.too_long = (this.stats.rejected.too_long ?? 0) + 1;
  }

  /** Lines that waited the reorder window in wall-clock time (a quiet live log). */
  due(wallMs: number): void { this.#apply(this.#reorder.due(wallMs), wallMs); }

  /** Live input, every few seconds: `log_silence` judged on the log clock extrapolated by the wall clock. */
  tick(wallMs: number): void { this.#alerts(this.watch.tick(this.watch.clockUs(wallMs * 1000))); }

  /** The host `--queue-command` lists (the latest Postfix line's). */
  latestHost(): string | undefined { return this.watch.latestHost; }

  /** Postfix's queue listing of `host` replaces the log-derived picture; the difference is emitted. */
  reconcile(host: string, listing: readonly ListedMessage[], wallMs: number): void {
    this.#report({ type: 'queue-reconciled', rec: this.watch.reconcile(host, listing, wallMs * 1000) });
  }

  /** End of input: what waits in the reorder window goes through. */
  drain(wallMs: number): void { this.#apply(this.#reorder.drain(), wallMs); }

  /** End of input for the watch: its picture stops moving and goes into `stats.watch` (once). */
  endWatch(): void { this.stats.watch ??= this.watch.end(); }

  /** Every lifecycle still open ends, marked incomplete, at the last log time (or `nowUs` without any). */
  finishAll(nowUs: number): void { this.#tracker.finishAll(this.stats.lastUs ?? nowUs); }

  /** The closing counters. */
  settle(): RunStats {
    Object.assign(this.stats.tracker, this.#tracker.counters);
    this.stats.tracker.duplicates += this.#reorder.duplicates;
    this.stats.inflight = this.#tracker.size;
    return this.stats;
  }

  /** The state for a checkpoint: lifecycles, lines still in the reorder window, and the parts (watch last). */
  snapshot(parts: readonly StatePart[] = []): Snapshot {
    return {
      tracker: this.#tracker.state(), pending: this.#reorder.waiting().map((h) => h.line),
      extra: Object.fromEntries([...parts, this.#watchPart()].map((p) => [p.name, p.save()])),
    };
  }

  /** Continues from a checkpoint; its pending lines are read again as lines already applied once. */
  restore(s: Snapshot, wallMs: number, parts: readonly StatePart[] = []): void {
    this.#tracker.restore(s.tracker);
    for (const p of [...parts, this.#watchPart()]) if (p.name in s.extra) p.load(s.extra[p.name]);
    this.#restoring = true;
    for (const line of s.pending) this.line(line, wallMs);
    this.#restoring = false;
  }

  /** The queue picture and alert state carried across restarts (a malformed part starts empty). */
  #watchPart(): StatePart {
    return {
      name: 'watch',
      save: () => this.watch.save(),
      load: (saved) => {
        try { this.watch.load(saved); } catch (err) { this.#warn(`state file: ${(err as Error).message}; queue and alert state start empty`); }
      },
    };
  }

  #apply(held: readonly Waiting[], wallMs: number): void {
    for (const { ev, restored, sig } of held) {
      this.#alerts(this.watch.before(ev.host, ev.timeUs, ev, wallMs * 1000));
      this.#tracker.apply(ev, restored, sig);
      this.#alerts(this.watch.after(ev.host, ev.timeUs, ev));
    }
  }

  /** A line the tracker does not see (ignored, unparsed) still moves the watch's clock. */
  #watchOnly(host: string, timeUs: number, ev: ParseResult, wallMs: number): void {
    if (this.#depth < 3) return;
    this.#alerts(this.watch.before(host, timeUs, ev, wallMs * 1000));
    this.#alerts(this.watch.after(host, timeUs, ev));
  }

  #alerts(changes: readonly AlertChange[]): void {
    for (const change of changes) this.#report({ type: 'alert', change, queues: this.watch.queues.picture(change.host, change.timeUs) });
  }

  #report(report: WatchReport): void {
    if (this.#depth < 4) this.#emitRaw(report, NO_SPANS, []);
    else this.#emit(report, NO_SPANS, watchEvents(report));
  }
}
