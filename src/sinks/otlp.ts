/**
 * otlp — spans out through the official OTLP/HTTP trace exporter, with mtatrace's own bounded queue.
 *
 * Spans are built by hand as `ReadableSpan` objects (ids, times and the per-host resource are ours to choose;
 * research/otel.md §1.3 approach C) and handed to `OTLPTraceExporter.export()` in batches. The SDK's
 * BatchSpanProcessor is not used because it drops silently when full; here a full queue makes `busy()` true
 * and the pipeline stops reading input instead. Endpoint, headers, TLS files, timeout and compression come
 * from the standard `OTEL_EXPORTER_OTLP_*` variables, which the exporter reads itself.
 *
 * Limits: an export that still fails after the exporter's own retries (5 tries within
 * OTEL_EXPORTER_OTLP_TIMEOUT) is counted as dropped and reported on stderr; there is no disk buffer.
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
  stderr: NodeJS.WritableStream;
}

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
  readonly exported = { spans: 0, dropped: 0, failures: 0 };
  readonly #exporter = new OTLPTraceExporter();
  readonly #resources: Resources;
  readonly #scope: { name: string; version: string };
  readonly #opts: Required<Omit<OtlpOptions, 'serviceName' | 'version' | 'stderr'>> & OtlpOptions;
  #buffer: ReadableSpan[] = [];
  #inflight = 0;
  #inflightSpans = 0;
  #timer: NodeJS.Timeout | undefined;
  #waiters: (() => void)[] = [];

  constructor(opts: OtlpOptions) {
    this.#opts = { batchSize: 512, maxQueue: 8192, flushMs: 1000, ...opts };
    this.#resources = new Resources(opts.serviceName);
    this.#scope = { name: SCOPE_NAME, version: opts.version };
  }

  write(_s: Signal, spans: readonly SpanOut[], _events: readonly EventOut[]): void {
    for (const s of spans) this.#buffer.push(this.#readable(s));
    if (this.#buffer.length >= this.#opts.batchSize) this.#send();
    else if (this.#buffer.length > 0 && !this.#timer) this.#timer = setTimeout(() => this.#send(), this.#opts.flushMs);
  }

  busy(): boolean { return this.#buffer.length + this.#inflightSpans >= this.#opts.maxQueue; }

  drained(): Promise<void> {
    if (!this.busy()) return Promise.resolve();
    return new Promise((resolve) => this.#waiters.push(resolve));
  }

  async close(_stats: RunStats): Promise<void> {
    while (this.#buffer.length > 0) this.#send();
    while (this.#inflight > 0) await new Promise<void>((resolve) => this.#waiters.push(resolve));
    await this.#exporter.shutdown();
    if (this.exported.dropped > 0) this.#opts.stderr.write(`mtatrace: ${this.exported.dropped} spans dropped after export retries failed\n`);
  }

  #send(): void {
    if (this.#timer) { clearTimeout(this.#timer); this.#timer = undefined; }
    const batch = this.#buffer.splice(0, this.#opts.batchSize);
    if (batch.length === 0) return;
    this.#inflight++;
    this.#inflightSpans += batch.length;
    this.#exporter.export(batch, (result: ExportResult) => {
      this.#inflight--;
      this.#inflightSpans -= batch.length;
      if (result.code === ExportResultCode.SUCCESS) this.exported.spans += batch.length;
      else {
        this.exported.failures++;
        this.exported.dropped += batch.length;
        this.#opts.stderr.write(`mtatrace: span export failed: ${result.error?.message ?? 'unknown error'}\n`);
      }
      if (!this.busy() || this.#inflight === 0) for (const w of this.#waiters.splice(0)) w();
    });
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
