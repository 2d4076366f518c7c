/**
 * sink — what every output (text, NDJSON, OTLP) implements; the pipeline writes each signal's telemetry to it.
 *
 * Back-pressure: when `busy()` is true the pipeline stops reading input until `drained()` resolves, so nothing
 * accepted is ever dropped because an output is slow.
 */
import type { Signal } from '../correlate/signals.js';
import type { EventOut, SpanOut } from '../otel/model.js';
import type { WatchSummary } from './text-watch.js';

export interface Sink {
  write(signal: Signal, spans: readonly SpanOut[], events: readonly EventOut[]): void;
  busy(): boolean;
  drained(): Promise<void>;
  /** Resolves when everything written so far has left the process or been counted as dropped (checkpoints wait
   * for it); sinks that write synchronously may leave it out (`drained()` is used instead). */
  flush?(): Promise<void>;
  /** Gives up on what is still queued (at --close-timeout); returns how many items that was. */
  abandon?(): number;
  /** Items finally dropped after retries (non-zero makes the exit code 1). */
  dropped?(): number;
  /** Items written so far, and how many of the first of them have all been exported (for the intake journal). */
  pushed?(): number;
  exportedUpTo?(): number;
  /** Called whenever items are exported or dropped. */
  onSettled?(listener: () => void): void;
  /** What the items are called in messages: `spans`, `log records`. */
  readonly unit?: string;
  /** Flush what is buffered and release resources; `stats` is the pipeline's closing summary. */
  close(stats: RunStats): Promise<void>;
}

/** Counters the pipeline keeps about its input, reported at the end (stderr, text summary, metrics). */
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
  /** The final checkpoint failed: the in-flight messages were not saved. */
  notSaved?: boolean;
  /** Alerts so far and the queue picture at end of input (src/monitor.ts), for the text summary. */
  watch?: WatchSummary;
  tracker: {
    unexpected: number; duplicates: number; late: number; opened: number; finished: number;
    /** Lines skipped because the restored checkpoint already had them; lifecycles ended by --max-inflight / --idle-timeout. */
    replayed: number; evicted: number; idle: number;
  };
}
