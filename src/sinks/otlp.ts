/**
 * otlp — spans out through the official OTLP/HTTP trace exporter, with mtatrace's own bounded queue.
 *
 * Spans are built by hand as `ReadableSpan` objects (ids, times and the per-host resource are ours to choose;
 * research/otel.md §1.3 approach C) and handed to `OTLPTraceExporter.export()` in batches. The SDK's
 * BatchSpanProcessor is not used because it drops silently when full; here a full queue makes `busy()` true
 * and the pipeline stops reading input instead. Endpoint, headers, TLS files, timeout and compression come
 * from the standard `OTEL_EXPORTER_OTLP_*` variables, which the exporter reads itself.
 *
 * A batch that still fails after the exporter's own retries (5 tries within OTEL_EXPORTER_OTLP_TIMEOUT) is
 * retried here with exponential backoff (1 s, 2 s, … capped at 30 s) for up to `retryMaxMs`; it stays in the
 * queue meanwhile, so an outage fills the queue and pauses the input (back-pressure) instead of losing spans.
 * `flush()` resolves once everything written before the call has been exported or finally dropped
 * (checkpoints wait for it, so a state file never claims spans that are still only in memory).
 *
 * Limits: what fails for longer than `retryMaxMs`, or is rejected permanently (HTTP 400/401/413), is counted as
 * dropped and reported on stderr; there is no disk buffer (rsyslog's queue or a Collector's is the place).
 */
import { SpanKind, SpanStatusCode, TraceFlags, type Attributes, type HrTime } from '@opentelemetry/api';
import { ExportResultCode, type ExportResult } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { detectResources, envDetector, resourceFromAttributes, type Resource } from '@opentelemetry/resources';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import type { Signal } from '../correlate/signals.js';
import type { Attrs, EventOut, SpanOut } from '../otel/model.js';
import { SCOPE_NAME } from '../otel/semconv.js';
import type { RunStats, Sink } from './sink.js';

const KIND = { internal: SpanKind.INTERNAL, server: SpanKind.SERVER, client: SpanKind.CLIENT } as const;

export const hr = (us: number): HrTime => [Math.floor(us / 1e6), Math.round(us % 1e6) * 1000];

export function cleanAttrs(a: Attrs): Attributes {
  const out: Attributes = {};
  for (const k in a) if (a[k] !== undefined) out[k] = a[k];
  return out;
}

export interface OtlpOptions {
  serviceName: string;
  version: string;
  batchSize?: number;
  maxQueue?: number;
  flushMs?: number;
  /** How long a failing batch is retried (after the exporter's own retries) before it is dropped. */
  retryMaxMs?: number;
  stderr: NodeJS.WritableStream;
}

interface Batch { spans: ReadableSpan[]; firstSeq: number; firstFailMs?: number; tries: number }

/** One Resource per MTA host: `service.name`, `host.name` from the log, plus OTEL_RESOURCE_ATTRIBUTES. */
export class Resources {
  readonly #byHost = new Map<string, Resource>();
  readonly #base: Resource;

  constructor(serviceName: string) {
    this.#base = detectResources({ detectors: [envDetector] }).merge(resourceFromAttributes({ 'service.name': serviceName }));
  }

  get(host: string): Resource {
    let r = this.#byHost.get(host);
    if (!r) { r = this.#base.merge(resourceFromAttributes({ 'host.name': host })); this.#byHost.set(host, r); }
    return r;
  }
}

export class OtlpTraceSink implements Sink {
  readonly exported = { spans: 0, dropped: 0, failures: 0, retried: 0 };
  readonly #exporter = new OTLPTraceExporter();
  readonly #resources: Resources;
  readonly #scope: { name: string; version: string };
  readonly #opts: Required<Omit<OtlpOptions, 'serviceName' | 'version' | 'stderr'>> & OtlpOptions;
  #buffer: ReadableSpan[] = [];
  /** Batches handed to the exporter or waiting for a retry. */
  readonly #unsettled = new Set<Batch>();
  #inflightSpans = 0;
  /** Spans written so far; a span's sequence number is its index in this count. */
  #written = 0;
  #timer: NodeJS.Timeout | undefined;
  #waiters: (() => void)[] = [];
  readonly #retryTimers = new Set<NodeJS.Timeout>();

  constructor(opts: OtlpOptions) {
    this.#opts = { batchSize: 512, maxQueue: 8192, flushMs: 1000, retryMaxMs: 300_000, ...opts };
    this.#opts.batchSize = Math.max(1, Math.min(this.#opts.batchSize, this.#opts.maxQueue));
    this.#resources = new Resources(opts.serviceName);
    this.#scope = { name: SCOPE_NAME, version: opts.version };
  }

  write(_s: Signal, spans: readonly SpanOut[], _events: readonly EventOut[]): void {
    for (const s of spans) this.#buffer.push(this.#readable(s));
    this.#written += spans.length;
    if (this.#buffer.length >= this.#opts.batchSize) this.#send();
    else if (this.#buffer.length > 0 && !this.#timer) this.#timer = setTimeout(() => this.#send(), this.#opts.flushMs);
  }

  busy(): boolean { return this.#buffer.length + this.#inflightSpans >= this.#opts.maxQueue; }

  drained(): Promise<void> {
    if (!this.busy()) return Promise.resolve();
    return new Promise((resolve) => this.#waiters.push(resolve));
  }

  /** Spans accepted but not yet exported or dropped. */
  get queued(): number { return this.#buffer.length + this.#inflightSpans; }

  /** Resolves when every span written before this call is exported or finally dropped. */
  async flush(): Promise<void> {
    const target = this.#written;
    while (this.#buffer.length > 0) this.#send();
    while (this.#lowestUnsettled() < target) await new Promise<void>((resolve) => this.#waiters.push(resolve));
  }

  async close(_stats: RunStats): Promise<void> {
    await this.flush();
    await this.#exporter.shutdown();
    if (this.exported.dropped > 0) this.#opts.stderr.write(`mtatrace: ${this.exported.dropped} spans dropped after export retries failed\n`);
  }

  /** Gives up on everything still queued (shutdown past its time limit): counted as dropped. */
  abandon(): number {
    for (const t of this.#retryTimers) clearTimeout(t);
    this.#retryTimers.clear();
    const n = this.queued;
    this.exported.dropped += n;
    this.#buffer = [];
    this.#unsettled.clear();
    this.#inflightSpans = 0;
    this.#wake();
    return n;
  }

  #lowestUnsettled(): number {
    let low = this.#written - this.#buffer.length;
    for (const b of this.#unsettled) if (b.firstSeq < low) low = b.firstSeq;
    return low;
  }

  #wake(): void {
    for (const w of this.#waiters.splice(0)) w();
  }

  #send(): void {
    if (this.#timer) { clearTimeout(this.#timer); this.#timer = undefined; }
    const firstSeq = this.#written - this.#buffer.length;
    const spans = this.#buffer.splice(0, this.#opts.batchSize);
    if (spans.length === 0) return;
    const batch: Batch = { spans, firstSeq, tries: 0 };
    this.#unsettled.add(batch);
    this.#inflightSpans += spans.length;
    this.#export(batch);
  }

  #export(batch: Batch): void {
    batch.tries++;
    this.#exporter.export(batch.spans, (result: ExportResult) => {
      if (!this.#unsettled.has(batch)) return;
      if (result.code === ExportResultCode.SUCCESS) return this.#settle(batch, true);
      this.exported.failures++;
      const now = Date.now();
      batch.firstFailMs ??= now;
      const status = (result.error as { code?: unknown } | undefined)?.code;
      const permanent = typeof status === 'number' && status >= 400 && status < 500 && status !== 408 && status !== 429;
      if (permanent || now - batch.firstFailMs >= this.#opts.retryMaxMs) {
        this.#opts.stderr.write(`mtatrace: span export failed, ${batch.spans.length} spans dropped: ${result.error?.message ?? 'unknown error'}\n`);
        return this.#settle(batch, false);
      }
      if (batch.tries === 1) this.#opts.stderr.write(`mtatrace: span export failed (${result.error?.message ?? 'unknown error'}); retrying for up to ${Math.round(this.#opts.retryMaxMs / 1000)} s\n`);
      this.exported.retried++;
      const delay = Math.min(30_000, 1000 * 2 ** Math.min(batch.tries - 1, 5), Math.max(0, batch.firstFailMs + this.#opts.retryMaxMs - now));
      const t = setTimeout(() => { this.#retryTimers.delete(t); if (this.#unsettled.has(batch)) this.#export(batch); }, delay);
      this.#retryTimers.add(t);
    });
  }

  #settle(batch: Batch, ok: boolean): void {
    this.#unsettled.delete(batch);
    this.#inflightSpans -= batch.spans.length;
    if (ok) this.exported.spans += batch.spans.length;
    else this.exported.dropped += batch.spans.length;
    this.#wake();
  }

  #readable(s: SpanOut): ReadableSpan {
    const traceFlags = TraceFlags.SAMPLED;
    const startTime = hr(s.startUs);
    const endTime = hr(s.endUs);
    return {
      name: s.name,
      kind: KIND[s.kind],
      spanContext: () => ({ traceId: s.traceId, spanId: s.spanId, traceFlags }),
      parentSpanContext: s.parentSpanId ? { traceId: s.traceId, spanId: s.parentSpanId, traceFlags } : undefined,
      startTime,
      endTime,
      duration: hr(s.endUs - s.startUs),
      status: s.error !== undefined ? { code: SpanStatusCode.ERROR, message: s.error } : { code: SpanStatusCode.UNSET },
      attributes: cleanAttrs(s.attrs),
      links: s.links.map((l) => ({ context: { traceId: l.traceId, spanId: l.spanId, traceFlags, isRemote: true }, attributes: cleanAttrs(l.attrs) })),
      events: [],
      ended: true,
      resource: this.#resources.get(s.host),
      instrumentationScope: this.#scope,
      droppedAttributesCount: 0,
      droppedEventsCount: 0,
      droppedLinksCount: 0,
    };
  }
}
