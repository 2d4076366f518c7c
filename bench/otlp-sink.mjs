#!/usr/bin/env node
/**
 * otlp-sink — a counting OTLP/HTTP receiver for the benchmark, run as its own process so its CPU is not
 * charged to mtatrace. Accepts POST /v1/traces, /v1/logs and /v1/metrics, gunzips when asked, decodes JSON
 * bodies and counts spans, log records and metric data points; protobuf bodies are counted as requests and
 * bytes only. Answers 200 `{}` (full success). GET /stats returns the counters as JSON; GET /reset zeroes them.
 *
 *   node bench/otlp-sink.mjs --port 0        prints `{"port":43121}` on stdout once listening
 *
 * Limits: 127.0.0.1 only; no partial-success or error injection; bodies are held whole in memory.
 */

import { createServer } from 'node:http';
import { gunzipSync } from 'node:zlib';

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
