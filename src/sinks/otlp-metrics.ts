/**
 * otlp-metrics — the numbers an on-call graphs, through the official metrics SDK (MeterProvider +
 * PeriodicExportingMetricReader + OTLP/HTTP exporter); the final export happens at close.
 *
 *   mta.queue.messages{mta.queue="deferred",host.name="mx1"} 25     mta.deliveries{mta.status="deferred",
 *   mta.cause="connection_refused",mta.transport="smtp",mta.recipient.domain="other",host.name="mx1"} 96
 * Names and attributes are the METRICS table of src/otel/semconv.ts. Counters and histograms are fed from the
 * signals this sink sees; gauges (queues, alerts, in-flight) and self-observation are read at collection time.
 * `host.name` is a data-point attribute so several MTAs behind one collector never collide.
 *
 * Limits: data points carry the collection time, not log time (the OpenTelemetry metrics SDK stamps each
 * collection): right for live input; a replay of an old log exports its totals stamped with the time of the run.
 * Export interval: `intervalMs` (otlp-sinks.ts reads OTEL_METRIC_EXPORT_INTERVAL; default 60 s). Recipient
 * domains: only `--metric-domains`, else the first `--metric-domains-max` seen; all others are `other` (bounded
 * cardinality).
 */
import { ValueType, type Attributes } from '@opentelemetry/api';
import { ExportResultCode } from '@opentelemetry/core';
import { OTLPMetricExporter } from '@opentelemetry/exporter-metrics-otlp-http';
import { detectResources, envDetector, resourceFromAttributes } from '@opentelemetry/resources';
import { MeterProvider, PeriodicExportingMetricReader, type PushMetricExporter } from '@opentelemetry/sdk-metrics';
import { ALERT_NAMES } from '../watch/alerts.js';
import { QUEUE_NAMES, type Reconciliation } from '../watch/queues.js';
import type { Output, RunStats } from '../engine.js';
import { isHandOff } from '../correlate/hops.js';
import { recipientDomain, type Watch } from '../watch/watch.js';
import type { EventOut, SpanOut } from '../otel/model.js';
import { directionOf } from '../otel/checks.js';
import type { Lifecycle } from '../correlate/lifecycle.js';
import type { Check } from '../parse/check-events.js';
import { ATTRS as A, METRICS as M, SCOPE_NAME } from '../otel/semconv.js';
import type { Sink } from './sink.js';

const DELIVERY_BUCKETS = [0.5, 1, 2, 5, 10, 30, 60, 300, 900, 1800, 3600, 7200, 14400, 43200, 86400, 172800, 432000];
const ATTEMPT_BUCKETS = [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 120, 300];

/** What the gauges read at collection time. */
export interface MetricSources {
  watch: Watch;
  /** The clock for ages: the log's, extrapolated by the wall clock on live input. */
  nowUs(): number;
  stats: RunStats;
  inflight(): number;
  exports(): { signal: string; dropped: number; failures: number }[];
  lastReconciliation(): Reconciliation | undefined;
}

export interface OtlpMetricOptions {
  serviceName: string;
  version: string;
  intervalMs?: number;
  domains?: readonly string[];
  domainsMax?: number;
  /** For tests: another exporter (e.g. in-memory). */
  exporter?: PushMetricExporter;
}

/** Bounded recipient-domain labels: the allow-list, else the first `max` domains seen; the rest `other`. */
export class DomainLabels {
  readonly #allowed: Set<string>;
  readonly #fixed: boolean;
  readonly #max: number;
  constructor(allow: readonly string[] = [], max = 10) {
    this.#allowed = new Set(allow.map((d) => d.toLowerCase()));
    this.#fixed = allow.length > 0;
    this.#max = max;
  }
  label(domain: string): string {
    if (this.#allowed.has(domain)) return domain;
    if (this.#fixed || this.#allowed.size >= this.#max) return 'other';
    this.#allowed.add(domain);
    return domain;
  }
}

export class OtlpMetricSink implements Sink {
  readonly failures = { exports: 0 };
  readonly #provider: MeterProvider;
  readonly #domains: DomainLabels;
  readonly #rec: Record<'received' | 'deliveries' | 'rejections' | 'troubles' | 'remarks' | 'checks' | 'content' | 'stores', ReturnType<ReturnType<MeterProvider['getMeter']>['createCounter']>>;
  readonly #hist: Record<'delivery' | 'attempt', ReturnType<ReturnType<MeterProvider['getMeter']>['createHistogram']>>;

  constructor(opts: OtlpMetricOptions, src: MetricSources) {
    const inner = opts.exporter ?? new OTLPMetricExporter();
    const exporter: PushMetricExporter = {
      export: (metrics, done) => inner.export(metrics, (r) => { if (r.code !== ExportResultCode.SUCCESS) this.failures.exports++; done(r); }),
      forceFlush: () => inner.forceFlush(),
      shutdown: () => inner.shutdown(),
      selectAggregationTemporality: inner.selectAggregationTemporality?.bind(inner),
      selectAggregation: inner.selectAggregation?.bind(inner),
    };
    const interval = opts.intervalMs ?? 60_000;
    const resource = detectResources({ detectors: [envDetector] }).merge(resourceFromAttributes({ 'service.name': opts.serviceName }));
    this.#provider = new MeterProvider({ resource, readers: [new PeriodicExportingMetricReader({ exporter, exportIntervalMillis: interval, exportTimeoutMillis: Math.min(30_000, interval) })] });
    this.#domains = new DomainLabels(opts.domains, opts.domainsMax);
    const meter = this.#provider.getMeter(SCOPE_NAME, opts.version);
    const int = { valueType: ValueType.INT };
    this.#rec = {
      received: meter.createCounter(M.received.name, { unit: M.received.unit, description: M.received.doc, ...int }),
      deliveries: meter.createCounter(M.deliveries.name, { unit: M.deliveries.unit, description: M.deliveries.doc, ...int }),
      rejections: meter.createCounter(M.smtpdRejections.name, { unit: M.smtpdRejections.unit, description: M.smtpdRejections.doc, ...int }),
      troubles: meter.createCounter(M.inboundTroubles.name, { unit: M.inboundTroubles.unit, description: M.inboundTroubles.doc, ...int }),
      remarks: meter.createCounter(M.remarks.name, { unit: M.remarks.unit, description: M.remarks.doc, ...int }),
      checks: meter.createCounter(M.checks.name, { unit: M.checks.unit, description: M.checks.doc, ...int }),
      content: meter.createCounter(M.contentVerdicts.name, { unit: M.contentVerdicts.unit, description: M.contentVerdicts.doc, ...int }),
      stores: meter.createCounter(M.mailboxStores.name, { unit: M.mailboxStores.unit, description: M.mailboxStores.doc, ...int }),
    };
    this.#hist = {
      delivery: meter.createHistogram(M.deliveryDuration.name, { unit: 's', description: M.deliveryDuration.doc, advice: { explicitBucketBoundaries: DELIVERY_BUCKETS } }),
      attempt: meter.createHistogram(M.attemptDuration.name, { unit: 's', description: M.attemptDuration.doc, advice: { explicitBucketBoundaries: ATTEMPT_BUCKETS } }),
    };
    const gauge = (def: { name: string; unit: string; doc: string }, integer = true) =>
      meter.createObservableGauge(def.name, { unit: def.unit, description: def.doc, ...(integer ? int : {}) });
    const host = (h: string): Attributes => ({ [A.hostName.name]: h });
    const { watch } = src;
    gauge(M.queueMessages).addCallback((o) => {
      for (const h of watch.queues.hosts()) {
        const snap = watch.queues.picture(h, src.nowUs());
        for (const q of QUEUE_NAMES) o.observe(snap.counts[q], { [A.queue.name]: q, ...host(h) });
      }
    });
    gauge(M.queueOldestAge, false).addCallback((o) => {
      const now = src.nowUs();
      for (const h of watch.queues.hosts()) {
        const snap = watch.queues.picture(h, now);
        for (const q of QUEUE_NAMES) o.observe(snap.oldestUs[q] === undefined ? 0 : Math.max(0, (now - (snap.oldestUs[q] as number)) / 1e6), { [A.queue.name]: q, ...host(h) });
      }
    });
    gauge(M.exactSince, false).addCallback((o) => {
      for (const h of watch.queues.hosts()) {
        const since = watch.queues.exactSinceUs(h);
        if (since !== undefined) o.observe(since / 1e6, host(h));
      }
    });
    gauge(M.alertsActive).addCallback((o) => {
      for (const h of watch.hosts()) {
        const active = watch.alerts(h)?.active();
        for (const a of ALERT_NAMES) o.observe(active?.[a] ?? 0, { [A.alert.name]: a, ...host(h) });
      }
    });
    gauge(M.reconcileDifference).addCallback((o) => {
      const r = src.lastReconciliation();
      if (r) for (const q of QUEUE_NAMES) o.observe(r.difference[q], { [A.queue.name]: q, ...host(r.host) });
    });
    gauge(M.inflight).addCallback((o) => o.observe(src.inflight()));
    meter.createObservableCounter(M.lines.name, { unit: M.lines.unit, description: M.lines.doc, ...int }).addCallback((o) => {
      const s = src.stats;
      o.observe(s.parsed, { result: 'parsed' });
      o.observe(s.ignored, { result: 'ignored' });
      o.observe(s.unparsed, { result: 'unparsed' });
      o.observe(Object.values(s.rejected).reduce((a, b) => a + b, 0), { result: 'rejected' });
    });
    meter.createObservableCounter(M.dropped.name, { unit: M.dropped.unit, description: M.dropped.doc, ...int }).addCallback((o) => {
      for (const e of src.exports()) o.observe(e.dropped, { signal: e.signal });
    });
    meter.createObservableCounter(M.exportFailures.name, { unit: M.exportFailures.unit, description: M.exportFailures.doc, ...int }).addCallback((o) => {
      for (const e of src.exports()) o.observe(e.failures, { signal: e.signal });
      o.observe(this.failures.exports, { signal: 'metrics' });
    });
  }

  write(s: Output, _spans: readonly SpanOut[], _events: readonly EventOut[]): void {
    switch (s.type) {
      case 'received':
        // Not a message seen mid-life, nor the same message re-entering through a content filter or requeue.
        if (s.lc.complete && !s.lc.hop) this.#rec.received.add(1, { [A.program.name]: s.lc.origin ?? (s.lc.notice ? 'bounce' : 'unknown'), [A.hostName.name]: s.lc.host });
        return;
      case 'attempt': {
        const { ev } = s;
        const common = { [A.status.name]: ev.status, [A.transport.name]: ev.program, [A.hostName.name]: ev.host };
        this.#rec.deliveries.add(1, { ...common, ...(s.verdict ? { [A.cause.name]: s.verdict.cause } : {}), [A.domain.name]: this.#domains.label(recipientDomain(ev.to)) });
        if (ev.delays) this.#hist.attempt.record(ev.delays[1] + ev.delays[2] + ev.delays[3], common);
        // A hand-off to a content filter on this host (or a local forward) is not the final status.
        if ((ev.status === 'sent' && !isHandOff(ev)) || ev.status === 'bounced') this.#hist.delivery.record(ev.delay, common);
        return;
      }
      case 'smtpd-rejected':
        if (s.ev.action.endsWith('reject')) this.#rec.rejections.add(1, { [A.cause.name]: s.verdict?.cause ?? 'unknown', [A.hostName.name]: s.ev.host });
        return;
      case 'inbound':
        this.#rec.troubles.add(1, { [A.trouble.name]: s.ev.trouble, [A.program.name]: s.ev.program, [A.hostName.name]: s.ev.host });
        return;
      case 'remark':
        this.#rec.remarks.add(1, { [A.cause.name]: s.verdict?.cause ?? 'unknown', [A.transport.name]: s.ev.program, [A.hostName.name]: s.ev.host });
        return;
      case 'state':
        if (s.change === 'rejected') this.#rec.rejections.add(1, { [A.cause.name]: s.verdict?.cause ?? 'unknown', [A.hostName.name]: s.lc.host });
        return;
      case 'checked': this.#check(s.check, s.lc); return;
      case 'stored': this.#rec.stores.add(1, { [A.mailboxResult.name]: s.store.outcome, [A.hostName.name]: s.store.host }); return;
      case 'unattached':
        if (s.item.kind === 'check') this.#check(s.item, undefined);
        else this.#rec.stores.add(1, { [A.mailboxResult.name]: s.item.outcome, [A.hostName.name]: s.item.host });
        return;
      default:
    }
  }

  /** Labels are all closed sets: the kind and result (check-events.ts), the direction, the program (parse/index.ts BESIDE). */
  #check(c: Check, lc: Lifecycle | undefined): void {
    this.#rec.checks.add(1, { [A.checkKind.name]: c.check, [A.checkResult.name]: c.result, [A.checkDirection.name]: directionOf(c, lc), [A.hostName.name]: c.host });
    if (c.check === 'content') this.#rec.content.add(1, { [A.checkResult.name]: c.result, [A.checkProgram.name]: c.program, [A.hostName.name]: c.host });
  }

  busy(): boolean { return false; }
  drained(): Promise<void> { return Promise.resolve(); }

  /** Collects and exports one last time, then stops the reader. */
  async close(_stats: RunStats): Promise<void> {
    await this.#provider.shutdown();
  }
}
