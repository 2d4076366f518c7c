#!/usr/bin/env node
/**
 * encode — how much of `--output otlp` is the official exporters' protobuf encoding alone: runs FILE through
 * mtatrace's engine (src/engine.ts, from dist/) into its real OTLP trace and log sinks, whose exporters are replaced by one
 * that calls the same serializers the official OTLP/HTTP protobuf exporters use (ProtobufTraceSerializer,
 * ProtobufLogsSerializer from @opentelemetry/otlp-transformer) and then reports success without sending.
 *
 *   node bench/encode.mjs bench/out/workload-s1-l500000-rfc3339-….log
 *   → {"lines":500000,"spans":403604,"records":197879,"requests":590,"encodeCpuS":3.1,"bytes":…,"cpuS":…}
 *
 * `encodeCpuS` is CPU time (user + sys of this process) spent inside serializeRequest only: a floor under any
 * OTLP export that uses the official packages, whatever mtatrace does before. `cpuS` is the whole run, without
 * HTTP. Limits: imports internal modules of dist/ (like stages.mjs); protobuf only (the default protocol).
 */

import { ProtobufLogsSerializer, ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import { benchEngine, runEngine } from './lib/dist.mjs';

const file = process.argv[2];
if (!file) {
  process.stderr.write('usage: encode.mjs FILE\n');
  process.exit(2);
}
const dist = new URL('../dist/', import.meta.url);
const { OtlpTraceSink } = await import(new URL('sinks/otlp.js', dist));
const { OtlpLogSink } = await import(new URL('sinks/otlp-logs.js', dist));

const n = { lines: 0, spans: 0, records: 0, requests: 0, bytes: 0, encodeCpuS: 0, cpuS: 0 };
const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1e6; };

/** Serializes like the official protobuf exporter, then succeeds at once (no HTTP). */
const encodingExporter = (serializer, count) => ({
  export(items, done) {
    const t0 = cpu();
    const body = serializer.serializeRequest(items);
    n.encodeCpuS += cpu() - t0;
    n.requests++;
    n.bytes += body?.length ?? 0;
    n[count] += items.length;
    done({ code: 0 });
  },
  shutdown: () => Promise.resolve(),
});
const opts = { serviceName: 'postfix', version: 'bench', stderr: process.stderr };
const traces = new OtlpTraceSink({ ...opts, exporter: encodingExporter(ProtobufTraceSerializer, 'spans') });
const logs = new OtlpLogSink({ ...opts, exporter: encodingExporter(ProtobufLogsSerializer, 'records') });

const engine = benchEngine((out, spans, events) => { traces.write(out, spans, events); logs.write(out, spans, events); });

const t0 = cpu();
n.lines = (await runEngine(engine, file)).lines;
await traces.close({});
await logs.close({});
n.cpuS = cpu() - t0;
for (const k of ['encodeCpuS', 'cpuS']) n[k] = Math.round(n[k] * 100) / 100;
process.stdout.write(JSON.stringify(n) + '\n');
