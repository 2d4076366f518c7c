/**
 * otlp-logs — every event as an OTLP log record through the official OTLP/HTTP log exporter, with mtatrace's
 * own bounded queue (like src/sinks/otlp.ts for spans).
 *
 *   EventName `mta.delivery.attempt`, attributes {event.name: "mta.delivery.attempt", mta.status: "deferred",
 *   mta.cause: "greylisting", …}, severity WARN, body `to=<bob@example.net>, relay=…, status=deferred (…)`,
 *   trace_id/span_id of the attempt's span (flags sampled), resource {service.name, host.name} per MTA host.
 * The event name is also an `event.name` attribute because older Loki drops the record's EventName. Records
 * are built by hand as `ReadableLogRecord`s (times come from the log, resources per host) and handed to
 * `OTLPLogExporter.export()` (protobuf or JSON, per `OTEL_EXPORTER_OTLP_LOGS_PROTOCOL`; see otlp.ts): the SDK's BatchLogRecordProcessor drops silently when its queue is full, whereas
 * a full queue here makes `busy()` true and the pipeline pauses the input. Queue ids, Message-IDs, addresses
 * and replies are record attributes only, never resource attributes (Loki would index them as labels).
 *
 * A batch that still fails after the exporter's own retries is retried here with backoff for `retryMaxMs`
 * (`--export-retry-max`), staying in the queue meanwhile, so an outage pauses the input instead of losing records.
 *
 * Limits: what fails for longer, or is refused permanently (HTTP 4xx but 408/429), is counted as dropped and
 * reported on stderr; there is no disk buffer. `observedTimestamp` is when the record's signal reached this sink
 * (one time for all records of a signal).
 */
import { TraceFlags, type Attributes, type HrTime } from '@opentelemetry/api';
import { SeverityNumber } from '@opentelemetry/api-logs';
import { OTLPLogExporter as JsonLogExporter } from '@opentelemetry/exporter-logs-otlp-http';
import { OTLPLogExporter } from '@opentelemetry/exporter-logs-otlp-proto';
import type { ReadableLogRecord } from '@opentelemetry/sdk-logs';
import type { Output, RunStats } from '../engine.js';
import type { EventOut, Severity, SpanOut } from '../otel/model.js';
import { ATTRS, SCOPE_NAME } from '../otel/semconv.js';
import { BATCH_SIZE, hr, Resources, type OtlpOptions } from './otlp.js';
import { ExportQueue } from './export-queue.js';
import type { Sink } from './sink.js';

const EVENT_NAME = ATTRS.eventName.name;
const SEVERITY: Record<Severity, SeverityNumber> = { INFO: SeverityNumber.INFO, WARN: SeverityNumber.WARN, ERROR: SeverityNumber.ERROR };

export interface OtlpLogOptions extends OtlpOptions {
  /** For tests: an exporter with the same `export`/`shutdown` contract. */
  exporter?: Pick<OTLPLogExporter, 'export' | 'shutdown'>;
}

export class OtlpLogSink implements Sink {
  readonly #exporter: Pick<OTLPLogExporter, 'export' | 'shutdown'>;
  readonly #resources: Resources;
  readonly #scope: { name: string; version: string };
  readonly #queue: ExportQueue<ReadableLogRecord>;
  readonly #stderr: NodeJS.WritableStream;
  readonly unit = 'log records';

  constructor(opts: OtlpLogOptions) {
    this.#exporter = opts.exporter ?? (opts.protocol === 'http/json' ? new JsonLogExporter() : new OTLPLogExporter());
    this.#resources = new Resources(opts.serviceName);
    this.#scope = { name: SCOPE_NAME, version: opts.version };
    this.#stderr = opts.stderr;
    this.#queue = new ExportQueue<ReadableLogRecord>({
      send: (items, done) => this.#exporter.export(items, done), what: 'log record', stderr: opts.stderr,
      batchSize: opts.batchSize ?? BATCH_SIZE, maxQueue: opts.maxQueue ?? 8192, flushMs: opts.flushMs ?? 1000, retryMaxMs: opts.retryMaxMs ?? 300_000,
    });
  }

  /** Records exported, finally dropped, failed requests and retries. */
  get exported(): { records: number; dropped: number; failures: number; retried: number } {
    const c = this.#queue.counts;
    return { records: c.exported, dropped: c.dropped, failures: c.failures, retried: c.retried };
  }

  write(_s: Output, _spans: readonly SpanOut[], events: readonly EventOut[]): void {
    if (!events.length) return;
    const observed = hr(Date.now() * 1000);
    this.#queue.push(events.map((e) => this.#record(e, observed)));
  }

  busy(): boolean { return this.#queue.busy(); }
  drained(): Promise<void> { return this.#queue.drained(); }
  /** Resolves when every record written before this call is exported or finally dropped (checkpoints wait for it). */
  flush(): Promise<void> { return this.#queue.flush(); }
  /** `--close-timeout` passed: everything not yet exported counts as dropped; late export results are ignored. */
  abandon(): number { return this.#queue.abandon(); }
  dropped(): number { return this.#queue.counts.dropped; }

  async close(_stats: RunStats): Promise<void> {
    await this.#queue.flush();
    await this.#exporter.shutdown();
    const { dropped } = this.#queue.counts;
    if (dropped > 0) this.#stderr.write(`mtatrace: ${dropped} log records dropped after export retries failed\n`);
  }

  /** One record; `observed` is shared by the records of one signal (they are observed together). */
  #record(e: EventOut, observed: HrTime): ReadableLogRecord {
    const attributes: Attributes = {};
    for (const k in e.attrs) if (e.attrs[k] !== undefined) attributes[k] = e.attrs[k];
    attributes[EVENT_NAME] = e.name;
    return {
      hrTime: hr(e.timeUs),
      hrTimeObserved: observed,
      spanContext: e.traceId && e.spanId ? { traceId: e.traceId, spanId: e.spanId, traceFlags: TraceFlags.SAMPLED } : undefined,
      severityText: e.severity,
      severityNumber: SEVERITY[e.severity],
      body: e.body,
      eventName: e.name,
      resource: this.#resources.get(e.host),
      instrumentationScope: this.#scope,
      attributes,
      droppedAttributesCount: 0,
    };
  }
}
