/**
 * sink — what every output (text, NDJSON, OTLP) implements; the pipeline writes each output of the engine
 * (src/engine.ts: a message's signal or a watch report, with its spans and events) to it.
 *
 * Back-pressure: when `busy()` is true the pipeline stops reading input until `drained()` resolves, so nothing
 * accepted is ever dropped because an output is slow.
 */
import type { Output, RunStats } from '../engine.js';
import type { EventOut, SpanOut } from '../otel/model.js';

export interface Sink {
  write(out: Output, spans: readonly SpanOut[], events: readonly EventOut[]): void;
  busy(): boolean;
  drained(): Promise<void>;
  /** Resolves when everything written so far has left the process or been counted as dropped (checkpoints wait
   * for it); sinks that write synchronously may leave it out (`drained()` is used instead). */
  flush?(): Promise<void>;
  /** Gives up on what is still queued (at --close-timeout); returns how many items that was. */
  abandon?(): number;
  /** Items finally dropped after retries (non-zero makes the exit code 1). */
  dropped?(): number;
  /** What the items are called in messages: `spans`, `log records`. */
  readonly unit?: string;
  /** Flush what is buffered and release resources; `stats` is the pipeline's closing summary. */
  close(stats: RunStats): Promise<void>;
}
