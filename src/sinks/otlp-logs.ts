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
 * A batch that still fails after the exporter's own retries is retried here with backoff for `retryMaxMs`
 * (`--export-retry-max`), staying in the queue meanwhile, so an outage pauses the input instead of losing records.
 *
 * Limits: what fails for longer, or is refused permanently (HTTP 4xx but 408/429), is counted as dropped and
 * reported on stderr; there is no disk buffer. `observedTimestamp` is the time of export (the observation).
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
  /** How long a failing batch is retried (after the exporter's own retries) before it is dropped. */
  retryMaxMs?: number;
  stderr: NodeJS.WritableStream;
  /** For tests: an exporter with the same `export`/`shutdown` contract. */
  exporter?: Pick<OTLPLogExporter, 'export' | 'shutdown'>;
}

interface Batch { records: ReadableLogRecord[]; firstSeq: number; firstFailMs?: number; tries: number }

export class OtlpLogSink implements Sink {
  readonly exported = { records: 0, dropped: 0, failures: 0, retried: 0 };
  readonly #exporter: Pick<OTLPLogExporter, 'export' | 'shutdown'>;
  readonly #resources: Resources;
  readonly #scope: { name: string; version: string };
  readonly #opts: Required<Omit<OtlpLogOptions, 'exporter'>>;
  #buffer: ReadableLogRecord[] = [];
  /** Batches handed to the exporter or waiting for a retry. */
  readonly #unsettled = new Set<Batch>();
  #inflightRecords = 0;
  #written = 0;
  #timer: NodeJS.Timeout | undefined;
  #waiters: (() => void)[] = [];
  readonly #retryTimers = new Set<NodeJS.Timeout>();

  constructor(opts: OtlpLogOptions) {
    this.#opts = { batchSize: 512, maxQueue: 8192, flushMs: 1000, retryMaxMs: 300_000, ...opts };
    this.#opts.batchSize = Math.max(1, Math.min(this.#opts.batchSize, this.#opts.maxQueue));
    this.#exporter = opts.exporter ?? new OTLPLogExporter();
    this.#resources = new Resources(opts.serviceName);
    this.#scope = { name: SCOPE_NAME, version: opts.version };
  }

  write(_s: Signal, _spans: readonly SpanOut[], events: readonly EventOut[]): void {
    for (const e of events) this.#buffer.push(this.#record(e));
    this.#written += events.length;
    if (this.#buffer.length >= this.#opts.batchSize) this.#send();
    else if (this.#buffer.length > 0 && !this.#timer) this.#timer = setTimeout(() => this.#send(), this.#opts.flushMs);
  }

  busy(): boolean { return this.#buffer.length + this.#inflightRecords >= this.#opts.maxQueue; }

  drained(): Promise<void> {
    if (!this.busy()) return Promise.resolve();
    return new Promise((resolve) => this.#waiters.push(resolve));
  }

  /** Resolves when every record written before this call is exported or finally dropped (checkpoints wait for it). */
  async flush(): Promise<void> {
    const target = this.#written;
    while (this.#buffer.length > 0) this.#send();
    while (this.#lowestUnsettled() < target) await new Promise<void>((resolve) => this.#waiters.push(resolve));
  }

  async close(_stats: RunStats): Promise<void> {
    await this.flush();
    await this.#exporter.shutdown();
    if (this.exported.dropped > 0) this.#opts.stderr.write(`mtatrace: ${this.exported.dropped} log records dropped after export retries failed\n`);
  }

  dropped(): number { return this.exported.dropped; }
  readonly unit = 'log records';

  /** `--close-timeout` passed: everything not yet exported counts as dropped; late export results are ignored. */
  abandon(): number {
    for (const t of this.#retryTimers) clearTimeout(t);
    this.#retryTimers.clear();
    if (this.#timer) { clearTimeout(this.#timer); this.#timer = undefined; }
    const n = this.#buffer.length + this.#inflightRecords;
    this.exported.dropped += n;
    this.#buffer = [];
    this.#unsettled.clear();
    this.#inflightRecords = 0;
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
    const records = this.#buffer.splice(0, this.#opts.batchSize);
    if (records.length === 0) return;
    const batch: Batch = { records, firstSeq, tries: 0 };
    this.#unsettled.add(batch);
    this.#inflightRecords += records.length;
    this.#export(batch);
  }

  /** Like the span sink: retried with backoff (1 s, 2 s, … 30 s) for `retryMaxMs`; HTTP 4xx other than 408/429 is final. */
  #export(batch: Batch): void {
    batch.tries++;
    this.#exporter.export(batch.records, (result: ExportResult) => {
      if (!this.#unsettled.has(batch)) return;
      if (result.code === ExportResultCode.SUCCESS) return this.#settle(batch, true);
      this.exported.failures++;
      const now = Date.now();
      batch.firstFailMs ??= now;
      const status = (result.error as { code?: unknown } | undefined)?.code;
      const permanent = typeof status === 'number' && status >= 400 && status < 500 && status !== 408 && status !== 429;
      const why = result.error?.message ?? 'unknown error';
      if (permanent || now - batch.firstFailMs >= this.#opts.retryMaxMs) {
        this.#opts.stderr.write(`mtatrace: log export failed, ${batch.records.length} log records dropped: ${why}\n`);
        return this.#settle(batch, false);
      }
      if (batch.tries === 1) this.#opts.stderr.write(`mtatrace: log export failed (${why}); retrying for up to ${Math.round(this.#opts.retryMaxMs / 1000)} s\n`);
      this.exported.retried++;
      const delay = Math.min(30_000, 1000 * 2 ** Math.min(batch.tries - 1, 5), Math.max(0, batch.firstFailMs + this.#opts.retryMaxMs - now));
      const t = setTimeout(() => { this.#retryTimers.delete(t); if (this.#unsettled.has(batch)) this.#export(batch); }, delay);
      this.#retryTimers.add(t);
    });
  }

  #settle(batch: Batch, ok: boolean): void {
    this.#unsettled.delete(batch);
    this.#inflightRecords -= batch.records.length;
    if (ok) this.exported.records += batch.records.length;
    else this.exported.dropped += batch.records.length;
    this.#wake();
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
