#!/usr/bin/env node
/**
 * otlp-sink — a counting OTLP/HTTP receiver for the benchmark, run as its own process so its CPU is not
 * charged to mtatrace. Accepts POST /v1/traces, /v1/logs and /v1/metrics, gunzips when asked, decodes JSON and
 * protobuf bodies and counts spans, log records and metric data points (`protobufRequests` says how many came as
 * protobuf). Answers 200 `{}` or an empty protobuf response. GET /stats returns the counters as JSON; GET /reset
 * zeroes them. Protobuf is read with the OpenTelemetry transformer's own `ProtobufReader` (wire format); the walk
 * below only knows the field numbers of the export requests (opentelemetry-proto, collector/{trace,logs,metrics}/v1):
 *   ExportTraceServiceRequest  1 resource_spans   → 2 scope_spans   → 2 spans
 *   ExportLogsServiceRequest   1 resource_logs    → 2 scope_logs    → 2 log_records
 *   ExportMetricsServiceRequest 1 resource_metrics → 2 scope_metrics → 2 metrics → 5|7|9|10|11 data → 1 data_points
 *
 *   node bench/otlp-sink.mjs --port 0        prints `{"port":43121}` on stdout once listening
 *
 * Limits: 127.0.0.1 only; no partial-success or error injection; bodies are held whole in memory; protobuf
 * bodies are counted, not checked field by field.
 */

import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import { gunzipSync } from 'node:zlib';

const require = createRequire(import.meta.url);
const { ProtobufReader } = require('@opentelemetry/otlp-transformer/build/src/common/protobuf/protobuf-reader');

const args = process.argv.slice(2);
const port = Number(args[args.indexOf('--port') + 1] || 0);
const fresh = () => ({ requests: 0, bytes: 0, spans: 0, logRecords: 0, dataPoints: 0, protobufRequests: 0, badRequests: 0, firstAt: 0, lastAt: 0 });
let stats = fresh();

function count(path, body) {
  if (path.endsWith('/v1/traces')) {
    for (const rs of body.resourceSpans ?? []) for (const ss of rs.scopeSpans ?? []) stats.spans += (ss.spans ?? []).length;
  } else if (path.endsWith('/v1/logs')) {
    for (const rl of body.resourceLogs ?? []) for (const sl of rl.scopeLogs ?? []) stats.logRecords += (sl.logRecords ?? []).length;
  } else if (path.endsWith('/v1/metrics')) {
    for (const rm of body.resourceMetrics ?? []) for (const sm of rm.scopeMetrics ?? []) for (const m of sm.metrics ?? []) {
      const d = m.sum ?? m.gauge ?? m.histogram ?? m.exponentialHistogram ?? m.summary;
      stats.dataPoints += (d?.dataPoints ?? []).length;
    }
  }
}

/** Calls `each` with the bytes of every length-delimited field `field` of the message `buf`. */
function fields(buf, field, each) {
  const r = new ProtobufReader(buf);
  while (!r.isAtEnd()) {
    const { fieldNumber, wireType } = r.readTag();
    if (wireType === 2 && (field === fieldNumber || (Array.isArray(field) && field.includes(fieldNumber)))) each(r.readBytes());
    else r.skip(wireType);
  }
}
const countOf = (buf, field) => { let n = 0; fields(buf, field, () => n++); return n; };

function countProtobuf(path, buf) {
  if (path.endsWith('/v1/traces')) fields(buf, 1, (rs) => fields(rs, 2, (ss) => { stats.spans += countOf(ss, 2); }));
  else if (path.endsWith('/v1/logs')) fields(buf, 1, (rl) => fields(rl, 2, (sl) => { stats.logRecords += countOf(sl, 2); }));
  else if (path.endsWith('/v1/metrics')) {
    fields(buf, 1, (rm) => fields(rm, 2, (sm) => fields(sm, 2, (m) => fields(m, [5, 7, 9, 10, 11], (d) => { stats.dataPoints += countOf(d, 1); }))));
  }
}

const server = createServer((req, res) => {
  if (req.method === 'GET') {
    if (req.url === '/reset') stats = fresh();
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(stats));
    return;
  }
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    let buf = Buffer.concat(chunks);
    stats.requests++;
    stats.bytes += buf.length;
    stats.lastAt = Date.now();
    if (!stats.firstAt) stats.firstAt = stats.lastAt;
    try {
      if (req.headers['content-encoding'] === 'gzip') buf = gunzipSync(buf);
      if (String(req.headers['content-type']).includes('json')) {
        count(req.url ?? '', JSON.parse(buf.toString('utf8')));
        res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      } else {
        countProtobuf(req.url ?? '', buf);
        stats.protobufRequests++;
        res.writeHead(200, { 'content-type': 'application/x-protobuf' }).end();
      }
    } catch {
      stats.badRequests++;
      res.writeHead(400, { 'content-type': 'application/json' }).end('{"code":3,"message":"undecodable body"}');
    }
  });
});

server.listen(port, '127.0.0.1', () => process.stdout.write(JSON.stringify({ port: server.address().port }) + '\n'));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
