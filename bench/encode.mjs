#!/usr/bin/env node
/**
 * encode — how much of `--output otlp` is the official exporters' protobuf encoding alone: runs FILE through
 * mtatrace's pipeline (from dist/) into its real OTLP trace and log sinks, whose exporters are replaced by one
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
import { Classifier, createRecordParser, eachLine, parseRecord, toEvents, toSpans, Tracker } from './lib/dist.mjs';

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

const toRecord = createRecordParser({ timezone: 'UTC', year: 2026 });
const classifier = new Classifier([]);
const tracker = new Tracker({
  traceKey: 'message-id', classify: (ev) => classifier.classify(ev),
  emit: (s) => { const spans = toSpans(s); const events = toEvents(s); traces.write(s, spans, events); logs.write(s, spans, events); },
});

const t0 = cpu();
await eachLine(file, (line) => {
  n.lines++;
  const r = toRecord(line);
  if (!r.ok) return;
  const ev = parseRecord(r.record);
  if (ev.kind !== 'ignored' && ev.kind !== 'unparsed') tracker.apply(ev);
}, () => { n.lines++; });
tracker.finishAll(Date.now() * 1000);
await traces.close({});
await logs.close({});
n.cpuS = cpu() - t0;
for (const k of ['encodeCpuS', 'cpuS']) n[k] = Math.round(n[k] * 100) / 100;
process.stdout.write(JSON.stringify(n) + '\n');
