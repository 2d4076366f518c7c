/**
 * otlp-sinks — the three sinks of `--output otlp`: spans, log records and metrics through the official OTLP/HTTP
 * exporters. pipeline.ts imports this file only when OTLP is the output, because loading the OpenTelemetry
 * packages takes a few hundred milliseconds that `--output text|json` should not pay at start-up.
 *
 *   OTEL_EXPORTER_OTLP_PROTOCOL=http/json   spans and log records as JSON (default http/protobuf); the per-signal
 *   OTEL_EXPORTER_OTLP_TRACES_PROTOCOL / _LOGS_PROTOCOL win. Limit: metrics are always sent as JSON (their sink
 *   uses the JSON-only exporter).
 */
import { OtlpLogSink } from './otlp-logs.js';
import { OtlpMetricSink, type MetricSources } from './otlp-metrics.js';
import { OtlpTraceSink, otlpProtocol } from './otlp.js';
import type { Sink } from './sink.js';

export interface OtlpSinksOptions {
  serviceName: string;
  version: string;
  /** `--export-retry-max` in ms, `--export-queue` items. */
  retryMaxMs: number;
  maxQueue: number;
  /** `--metric-domains`, `--metric-domains-max`. */
  domains?: readonly string[];
  domainsMax?: number;
  env: NodeJS.ProcessEnv;
  stderr: NodeJS.WritableStream;
}

/** `sources`: what the metric gauges read (the exporters' own counts are added here). */
export function otlpSinks(o: OtlpSinksOptions, sources: Omit<MetricSources, 'exports'>): Sink[] {
  const queue = { serviceName: o.serviceName, version: o.version, stderr: o.stderr, retryMaxMs: o.retryMaxMs, maxQueue: o.maxQueue };
  const said = new Set<string>();
  const warn = (m: string): void => { if (!said.has(m)) o.stderr.write(m); said.add(m); };
  const traces = new OtlpTraceSink({ ...queue, protocol: otlpProtocol('TRACES', o.env, warn) });
  const logs = new OtlpLogSink({ ...queue, protocol: otlpProtocol('LOGS', o.env, warn) });
  const metrics = {
    serviceName: o.serviceName, version: o.version, domains: o.domains, domainsMax: o.domainsMax,
    intervalMs: Number(o.env.OTEL_METRIC_EXPORT_INTERVAL) || 60_000,
  };
  const exports = (): { signal: string; dropped: number; failures: number }[] =>
    [{ signal: 'spans', ...traces.exported }, { signal: 'logs', ...logs.exported }];
  return [traces, logs, new OtlpMetricSink(metrics, { ...sources, exports })];
}
