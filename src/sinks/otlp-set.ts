/**
 * otlp-set — the three sinks of `--output otlp`: spans, log records and metrics through the official OTLP/HTTP
 * exporters. pipeline.ts imports this file only when OTLP is the output, because loading the OpenTelemetry
 * packages takes a few hundred milliseconds that `--output text|json` should not pay at start-up.
 *
 *   OTEL_EXPORTER_OTLP_PROTOCOL=http/json   spans and log records as JSON (default http/protobuf); the per-signal
 *   OTEL_EXPORTER_OTLP_TRACES_PROTOCOL / _LOGS_PROTOCOL win. Limit: metrics are always sent as JSON (their sink
 *   uses the JSON-only exporter).
 */
import type { Config } from '../config.js';
import type { Monitor } from '../monitor.js';
import { OtlpLogSink } from './otlp-logs.js';
import { OtlpMetricSink } from './otlp-metrics.js';
import { OtlpTraceSink, otlpProtocol } from './otlp.js';
import type { Sink } from './sink.js';

export function otlpSinks(config: Config, version: string, stderr: NodeJS.WritableStream, monitor?: Monitor): Sink[] {
  const queue = { serviceName: config.serviceName, version, stderr, retryMaxMs: config.exportRetryMax * 1000, maxQueue: config.exportQueue };
  const said = new Set<string>();
  const warn = (m: string): void => { if (!said.has(m)) stderr.write(m); said.add(m); };
  const traces = new OtlpTraceSink({ ...queue, protocol: otlpProtocol('TRACES', process.env, warn) });
  const logs = new OtlpLogSink({ ...queue, protocol: otlpProtocol('LOGS', process.env, warn) });
  const metrics = { serviceName: config.serviceName, version, domains: config.metricDomains, domainsMax: config.metricDomainsMax };
  return monitor ? [traces, logs, new OtlpMetricSink(metrics, monitor.sources(traces, logs))] : [traces, logs];
}
