/**
 * ndjson — events as newline-delimited JSON on stdout, one flat object per line.
 *
 *   {"time":"2026-11-27T16:23:01.123456Z","event":"mta.delivery.attempt","host.name":"mx1",
 *    "trace_id":"…","span_id":"…","mta.queue_id":"4B7C21A0F3","mta.status":"sent",…}
 * Keys are the attribute names of src/otel/semconv.ts plus `time` (RFC 3339, UTC, microseconds), `event`,
 * `host.name`, `trace_id`, `span_id`. Undefined attributes are left out.
 */
import type { Writable } from 'node:stream';
import type { Output, RunStats } from '../engine.js';
import type { EventOut, SpanOut } from '../otel/model.js';
import type { Sink } from './sink.js';

/** `1795796581123456` → `2026-11-27T16:23:01.123456Z`. */
let cachedSecond = NaN;
let cachedPrefix = '';
export function isoMicros(timeUs: number): string {
  const second = Math.floor(timeUs / 1e6);
  // Consecutive events mostly share their second: format `YYYY-MM-DDTHH:MM:SS.` once per second.
  if (second !== cachedSecond) {
    cachedSecond = second;
    cachedPrefix = `${new Date(second * 1000).toISOString().slice(0, 19)}.`;
  }
  return `${cachedPrefix}${String(Math.floor(timeUs - second * 1e6)).padStart(6, '0')}Z`;
}

/** `"mta.queue_id":` for each attribute name, built once. */
const KEY_JSON = new Map<string, string>();
function keyJson(k: string): string {
  let j = KEY_JSON.get(k);
  if (j === undefined) { j = `${JSON.stringify(k)}:`; KEY_JSON.set(k, j); }
  return j;
}

/**
 * Characters JSON must escape: `"`, `\\`, controls, and surrogates (JSON.stringify writes a lone one as \\uXXXX;
 * a well-formed pair also matches here and simply takes the slow path).
 */
const NEEDS_ESCAPE = /["\\\u0000-\u001f\ud800-\udfff]/;

/** One value as JSON. Most strings need no escaping and are quoted as they are (JSON.stringify costs ~4× more). */
function jsonValue(v: string | number | boolean): string {
  if (typeof v === 'string') return NEEDS_ESCAPE.test(v) ? JSON.stringify(v) : `"${v}"`;
  if (typeof v === 'number') return Number.isFinite(v) ? `${v}` : 'null';
  return v ? 'true' : 'false';
}

/** One event as a JSON line, written straight into a string (no flat copy of the attributes for JSON.stringify). */
export function eventJson(e: EventOut): string {
  let out = `{"time":"${isoMicros(e.timeUs)}","event":${jsonValue(e.name)},"host.name":${jsonValue(e.host)}`;
  if (e.traceId) out += `,"trace_id":${jsonValue(e.traceId)}`;
  if (e.spanId) out += `,"span_id":${jsonValue(e.spanId)}`;
  const { attrs } = e;
  for (const k in attrs) {
    const v = attrs[k];
    if (v !== undefined) out += `,${keyJson(k)}${jsonValue(v)}`;
  }
  return `${out}}`;
}

/** Lines are gathered and written once per turn of the event loop (or every 64 KiB): one syscall per input chunk, not per event. */
const FLUSH_BYTES = 64 * 1024;

export class NdjsonSink implements Sink {
  readonly #out: Writable;
  #pending = false;
  #buf = '';
  #scheduled = false;

  constructor(out: Writable) {
    this.#out = out;
  }

  write(_s: Output, _spans: readonly SpanOut[], events: readonly EventOut[]): void {
    if (events.length === 0) return;
    for (const e of events) this.#buf += `${eventJson(e)}\n`;
    if (this.#buf.length >= FLUSH_BYTES) this.#flushNow();
    else if (!this.#scheduled) { this.#scheduled = true; setImmediate(() => this.#flushNow()); }
  }

  busy(): boolean { return this.#pending; }

  drained(): Promise<void> {
    this.#flushNow();
    if (!this.#pending) return Promise.resolve();
    return new Promise((resolve) => this.#out.once('drain', () => { this.#pending = false; resolve(); }));
  }

  flush(): Promise<void> { return this.drained(); }

  async close(_stats: RunStats): Promise<void> {
    await this.drained();
  }

  #flushNow(): void {
    this.#scheduled = false;
    if (this.#buf === '') return;
    const chunk = this.#buf;
    this.#buf = '';
    if (!this.#out.write(chunk)) this.#pending = true;
  }
}
