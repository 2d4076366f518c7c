/**
 * otlp-set — the three sinks of `--output otlp`: spans, log records and metrics through the official OTLP/HTTP
 * exporters. pipeline.ts imports this file only when OTLP is the output, because loading the OpenTelemetry
 * packages takes a few hundred milliseconds that `--output text|json` should not pay at start-up.
 */
import type { Config } from '../config.js';
import type { Monitor } from '../monitor.js';
import { OtlpLogSink } from './otlp-logs.js';
import { OtlpMetricSink } from './otlp-metrics.js';
import { OtlpTraceSink } from './otlp.js';
import type { Sink } from './sink.js';

export function otlpSinks(config: Config, version: string, stderr: NodeJS.WritableStream, monitor?: Monitor): Sink[] {
  const queue = { serviceName: config.serviceName, version, stderr, retryMaxMs: config.exportRetryMax * 1000, maxQueue: config.exportQueue };
  const traces = new OtlpTraceSink(queue);
  const logs = new OtlpLogSink(queue);
  const metrics = { serviceName: config.serviceName, version, domains: config.metricDomains, domainsMax: config.metricDomainsMax };
  return monitor ? [traces, logs, new OtlpMetricSink(metrics, monitor.sources(traces, logs))] : [traces, logs];
}
