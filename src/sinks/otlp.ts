/**
 * otlp — spans out through the official OTLP/HTTP trace exporter, with mtatrace's own bounded queue.
 *
 * Spans are built by hand as `ReadableSpan` objects (ids, times and the per-host resource are ours to choose,
 * which a Tracer does not allow; the exporters take any `ReadableSpan`, sdk-trace-base's export interface) and
 * handed to `OTLPTraceExporter.export()` in batches of `BATCH_SIZE`. A `WireSpan` holds only fields:
 * `spanContext()` lives on the prototype and returns the span itself, `duration` is computed when read (the
 * serializers never do), and attributes without `undefined` values are passed as they are, not copied. The SDK's BatchSpanProcessor is not used because it drops silently when full; here a full
 * queue makes `busy()` true and the pipeline stops reading input instead. Endpoint, headers, TLS files, timeout
 * and compression come from the standard `OTEL_EXPORTER_OTLP_*` variables, which the exporter reads itself; the
 * encoding follows `OTEL_EXPORTER_OTLP_TRACES_PROTOCOL` / `OTEL_EXPORTER_OTLP_PROTOCOL`: `http/protobuf` (the
 * default, as in the OTel spec: 55 % fewer bytes than JSON and ~8 % less CPU overall, the encoding itself costing
 * about the same) or `http/json`. gRPC is not offered.
 *
 * The queue, retries with backoff, `flush()` for checkpoints and the drop counts live in export-queue.ts (shared
 * with the log-record sink): an outage fills the queue and pauses the input instead of losing spans.
 */
import { SpanKind, SpanStatusCode, TraceFlags, type Attributes, type HrTime, type Link, type SpanContext, type SpanStatus } from '@opentelemetry/api';
import { OTLPTraceExporter as JsonTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { OTLPTraceExporter as ProtoTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { detectResources, envDetector, resourceFromAttributes, type Resource } from '@opentelemetry/resources';
import type { ReadableSpan, TimedEvent } from '@opentelemetry/sdk-trace-base';
import type { Output, RunStats } from '../engine.js';
import type { Attrs, EventOut, SpanOut } from '../otel/model.js';
import { SCOPE_NAME } from '../otel/semconv.js';
import { ExportQueue } from './export-queue.js';
import type { Sink } from './sink.js';

const KIND = { internal: SpanKind.INTERNAL, server: SpanKind.SERVER, client: SpanKind.CLIENT } as const;

export const hr = (us: number): HrTime => [Math.floor(us / 1e6), Math.round(us % 1e6) * 1000];

/** `a` without its `undefined` values: `a` itself when it has none (spans.ts builds them so), else a copy. */
function cleanAttrs(a: Attrs): Attributes {
  for (const k in a) {
    if (a[k] !== undefined) continue;
    const out: Attributes = {};
    for (const j in a) if (a[j] !== undefined) out[j] = a[j];
    return out;
  }
  return a as Attributes;
}

const UNSET: SpanStatus = Object.freeze({ code: SpanStatusCode.UNSET });
const NONE: never[] = Object.freeze([]) as unknown as never[];

/** One finished span as the exporters read it (see the header); the span is its own `SpanContext`. */
class WireSpan implements ReadableSpan, SpanContext {
  readonly traceFlags = TraceFlags.SAMPLED;
  readonly traceId: string;
  readonly spanId: string;
  readonly name: string;
  readonly kind: SpanKind;
  readonly parentSpanContext: SpanContext | undefined;
  readonly startTime: HrTime;
  readonly endTime: HrTime;
  readonly status: SpanStatus;
  readonly attributes: Attributes;
  readonly links: Link[];
  readonly events: TimedEvent[];
  readonly ended = true;
  readonly droppedAttributesCount = 0;
  readonly droppedEventsCount = 0;
  readonly droppedLinksCount = 0;

  constructor(s: SpanOut, readonly resource: Resource, readonly instrumentationScope: { name: string; version: string }) {
    this.traceId = s.traceId;
    this.spanId = s.spanId;
    this.name = s.name;
    this.kind = KIND[s.kind];
    this.parentSpanContext = s.parentSpanId ? { traceId: s.traceId, spanId: s.parentSpanId, traceFlags: TraceFlags.SAMPLED } : undefined;
    this.startTime = hr(s.startUs);
    this.endTime = hr(s.endUs);
    this.status = s.error !== undefined ? { code: SpanStatusCode.ERROR, message: s.error } : UNSET;
    this.attributes = cleanAttrs(s.attrs);
    this.events = s.events === undefined || s.events.length === 0 ? NONE : s.events.map((e) => ({ name: e.name, time: hr(e.timeUs), attributes: cleanAttrs(e.attrs) }));
    this.links = s.links.length === 0 ? NONE : s.links.map((l) => ({
      context: { traceId: l.traceId, spanId: l.spanId, traceFlags: TraceFlags.SAMPLED, isRemote: true }, attributes: cleanAttrs(l.attrs),
    }));
  }

  spanContext(): SpanContext { return this; }
  get duration(): HrTime {
    const ns = (this.endTime[0] - this.startTime[0]) * 1e9 + this.endTime[1] - this.startTime[1];
    return [Math.floor(ns / 1e9), ns % 1e9];
  }
}

export type OtlpProtocol = 'http/protobuf' | 'http/json';

/**
 * The OTLP/HTTP encoding for one signal: `OTEL_EXPORTER_OTLP_<SIGNAL>_PROTOCOL`, else `OTEL_EXPORTER_OTLP_PROTOCOL`,
 * else `http/protobuf`. Anything else (`grpc`) is reported once through `warn` and replaced by the default.
 */
export function otlpProtocol(signal: 'TRACES' | 'LOGS', env: NodeJS.ProcessEnv, warn: (message: string) => void): OtlpProtocol {
  const name = env[`OTEL_EXPORTER_OTLP_${signal}_PROTOCOL`] ? `OTEL_EXPORTER_OTLP_${signal}_PROTOCOL` : 'OTEL_EXPORTER_OTLP_PROTOCOL';
  const v = env[name]?.trim() ?? '';
  if (v === 'http/protobuf' || v === 'http/json') return v;
  if (v) warn(`mtatrace: ${name}=${v} is not supported (http/protobuf or http/json); using http/protobuf\n`);
  return 'http/protobuf';
}

/**
 * Items per export request. 1024 rather than the SDK's 512: each request has a fixed cost in the exporter
 * (request, transport, resource grouping); 200 000 log lines cost 7.2 CPU-s at 512, 6.4 at 1024, 6.2 at 2048,
 * with peak RSS ~145, ~171 and ~184 MB.
 */
export const BATCH_SIZE = 1024;

export interface OtlpOptions {
  serviceName: string;
  version: string;
  /** Wire encoding; `http/protobuf` when not given. */
  protocol?: OtlpProtocol;
  batchSize?: number;
  maxQueue?: number;
  flushMs?: number;
  /** How long a failing batch is retried (after the exporter's own retries) before it is dropped. */
  retryMaxMs?: number;
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

export interface OtlpTraceOptions extends OtlpOptions {
  /** For tests and the benchmark: an exporter with the same `export`/`shutdown` contract. */
  exporter?: Pick<ProtoTraceExporter, 'export' | 'shutdown'>;
}

export class OtlpTraceSink implements Sink {
  readonly #exporter: Pick<ProtoTraceExporter, 'export' | 'shutdown'>;
  readonly #resources: Resources;
  readonly #scope: { name: string; version: string };
  readonly #queue: ExportQueue<ReadableSpan>;

  constructor(opts: OtlpTraceOptions) {
    this.#exporter = opts.exporter ?? (opts.protocol === 'http/json' ? new JsonTraceExporter() : new ProtoTraceExporter());
    this.#resources = new Resources(opts.serviceName);
    this.#scope = { name: SCOPE_NAME, version: opts.version };
    this.#queue = new ExportQueue<ReadableSpan>({
      send: (items, done) => this.#exporter.export(items, done), what: 'span', stderr: opts.stderr,
      batchSize: opts.batchSize ?? BATCH_SIZE, maxQueue: opts.maxQueue ?? 8192, flushMs: opts.flushMs ?? 1000, retryMaxMs: opts.retryMaxMs ?? 300_000,
    });
    this.#stderr = opts.stderr;
  }

  readonly #stderr: NodeJS.WritableStream;

  /** Spans exported, finally dropped, failed requests and retries. */
  get exported(): { spans: number; dropped: number; failures: number; retried: number } {
    const c = this.#queue.counts;
    return { spans: c.exported, dropped: c.dropped, failures: c.failures, retried: c.retried };
  }

  write(_s: Output, spans: readonly SpanOut[], _events: readonly EventOut[]): void {
    if (spans.length) this.#queue.push(spans.map((s) => new WireSpan(s, this.#resources.get(s.host), this.#scope)));
  }

  busy(): boolean { return this.#queue.busy(); }
  drained(): Promise<void> { return this.#queue.drained(); }
  /** Spans accepted but not yet exported or dropped. */
  get queued(): number { return this.#queue.queued; }
  /** Resolves when every span written before this call is exported or finally dropped. */
  flush(): Promise<void> { return this.#queue.flush(); }
  /** Gives up on everything still queued (shutdown past its time limit): counted as dropped. */
  abandon(): number { return this.#queue.abandon(); }
  pushed(): number { return this.#queue.pushed; }
  exportedUpTo(): number { return this.#queue.exportedUpTo(); }
  onSettled(listener: () => void): void { this.#queue.onSettled = listener; }
  dropped(): number { return this.exported.dropped; }
  readonly unit = 'spans';

  async close(_stats: RunStats): Promise<void> {
    await this.#queue.flush(true); // shutdown: batches waiting for a retry are tried again at once
    await this.#exporter.shutdown();
    const { dropped } = this.#queue.counts;
    if (dropped > 0) this.#stderr.write(`mtatrace: ${dropped} spans dropped after export retries failed\n`);
  }
}
