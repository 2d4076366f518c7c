/**
 * otlp-logs — every event as an OTLP log record through the official OTLP/HTTP log exporter, with mtatrace's
 * own bounded queue (like src/sinks/otlp.ts for spans).
 *
 *   EventName `mta.delivery.attempt`, attributes {event.name: "mta.delivery.attempt", mta.status: "deferred",
 *   mta.cause: "greylisting", …}, severity WARN, body `to=<bob@example.net>, relay=…, status=deferred (…)`,
 *   trace_id/span_id of the attempt's span (flags sampled), resource {service.name, host.name} per MTA host.
 * The event name is also an `event.name` attribute because older Loki drops the record's EventName. Records
 * are built by hand as `ReadableLogRecord`s (times come from the log, resources per host) and handed to
 * `OTLPLogExporter.export()`: the SDK's BatchLogRecordProcessor drops silently when its queue is full, whereas
 * a full queue here makes `busy()` true and the pipeline pauses the input. Queue ids, Message-IDs, addresses
 * and replies are record attributes only, never resource attributes (Loki would index them as labels).
 *
 * Limits: a batch that still fails after the exporter's own retries is counted as dropped and reported on
 * stderr; there is no disk buffer. `observedTimestamp` is the time of export (the observation, per the spec).
 */
import { TraceFlags } from '@opentelemetry/api';
import { SeverityNumber } from '@opentelemetry/api-logs';
import { ExportResultCode, type ExportResult } from '@opentelemetry/core';
import { OTLPLogExporter } from '@opentelemetry/exporter-logs-otlp-http';
import type { ReadableLogRecord } from '@opentelemetry/sdk-logs';
import type { Signal } from '../correlate/signals.js';
import type { EventOut, Severity, SpanOut } from '../otel/model.js';
import { ATTRS, SCOPE_NAME } from '../otel/semconv.js';
import { cleanAttrs, hr, Resources } from './otlp.js';
import type { RunStats, Sink } from './sink.js';

const SEVERITY: Record<Severity, SeverityNumber> = { INFO: SeverityNumber.INFO, WARN: SeverityNumber.WARN, ERROR: SeverityNumber.ERROR };

export interface OtlpLogOptions {
  serviceName: string;
  version: string;
  batchSize?: number;
  maxQueue?: number;
  flushMs?: number;
  stderr: NodeJS.WritableStream;
  /** For tests: an exporter with the same `export`/`shutdown` contract. */
  exporter?: Pick<OTLPLogExporter, 'export' | 'shutdown'>;
}

export class OtlpLogSink implements Sink {
  readonly exported = { records: 0, dropped: 0, failures: 0 };
  readonly #exporter: Pick<OTLPLogExporter, 'export' | 'shutdown'>;
  readonly #resources: Resources;
  readonly #scope: { name: string; version: string };
  readonly #opts: Required<Omit<OtlpLogOptions, 'exporter'>>;
  #buffer: ReadableLogRecord[] = [];
  #inflight = 0;
  #inflightRecords = 0;
  #timer: NodeJS.Timeout | undefined;
  #waiters: (() => void)[] = [];
  #abandoned = false;

  constructor(opts: OtlpLogOptions) {
    this.#opts = { batchSize: 512, maxQueue: 8192, flushMs: 1000, ...opts };
    this.#exporter = opts.exporter ?? new OTLPLogExporter();
    this.#resources = new Resources(opts.serviceName);
    this.#scope = { name: SCOPE_NAME, version: opts.version };
  }

  write(_s: Signal, _spans: readonly SpanOut[], events: readonly EventOut[]): void {
    for (const e of events) this.#buffer.push(this.#record(e));
    if (this.#buffer.length >= this.#opts.batchSize) this.#send();
    else if (this.#buffer.length > 0 && !this.#timer) this.#timer = setTimeout(() => this.#send(), this.#opts.flushMs);
  }

  busy(): boolean { return this.#buffer.length + this.#inflightRecords >= this.#opts.maxQueue; }

  drained(): Promise<void> {
    if (!this.busy()) return Promise.resolve();
    return new Promise((resolve) => this.#waiters.push(resolve));
  }

  async close(_stats: RunStats): Promise<void> {
    while (this.#buffer.length > 0) this.#send();
    while (this.#inflight > 0) await new Promise<void>((resolve) => this.#waiters.push(resolve));
    await this.#exporter.shutdown();
    if (this.exported.dropped > 0) this.#opts.stderr.write(`mtatrace: ${this.exported.dropped} log records dropped after export retries failed\n`);
  }

  /** `--close-timeout` passed: everything not yet exported counts as dropped; late export results are ignored. */
  abandon(): number {
    const n = this.#buffer.length + this.#inflightRecords;
    this.#abandoned = true;
    this.exported.dropped += n;
    this.#buffer = [];
    this.#inflight = 0;
    this.#inflightRecords = 0;
    if (this.#timer) { clearTimeout(this.#timer); this.#timer = undefined; }
    for (const w of this.#waiters.splice(0)) w();
    return n;
  }

  #send(): void {
    if (this.#timer) { clearTimeout(this.#timer); this.#timer = undefined; }
    const batch = this.#buffer.splice(0, this.#opts.batchSize);
    if (batch.length === 0) return;
    this.#inflight++;
    this.#inflightRecords += batch.length;
    this.#exporter.export(batch, (result: ExportResult) => {
      if (this.#abandoned) return;
      this.#inflight--;
      this.#inflightRecords -= batch.length;
      if (result.code === ExportResultCode.SUCCESS) this.exported.records += batch.length;
      else {
        this.exported.failures++;
        this.exported.dropped += batch.length;
        this.#opts.stderr.write(`mtatrace: log export failed: ${result.error?.message ?? 'unknown error'}\n`);
      }
      if (!this.busy() || this.#inflight === 0) for (const w of this.#waiters.splice(0)) w();
    });
  }

  #record(e: EventOut): ReadableLogRecord {
    return {
      hrTime: hr(e.timeUs),
      hrTimeObserved: hr(Date.now() * 1000),
      spanContext: e.traceId && e.spanId ? { traceId: e.traceId, spanId: e.spanId, traceFlags: TraceFlags.SAMPLED } : undefined,
      severityText: e.severity,
      severityNumber: SEVERITY[e.severity],
      body: e.body,
      eventName: e.name,
      resource: this.#resources.get(e.host),
      instrumentationScope: this.#scope,
      attributes: { ...cleanAttrs(e.attrs), [ATTRS.eventName.name]: e.name },
      droppedAttributesCount: 0,
    };
  }
}
