/**
 * otlp-receiver — an OTLP/HTTP JSON receiver on 127.0.0.1 for tests: it decodes what the official exporters send.
 *
 * `POST /v1/traces` with `{"resourceSpans":[…]}` is stored and flattened so tests can assert on spans with their
 * resource attributes. `failNext(n, status)` makes the next n requests fail, `failAll(status | 'hang')` every request until `failAll('ok')` (for retry and outage tests).
 * Protobuf bodies (mtatrace's default for traces and logs) are decoded into the same JSON shape by
 * otlp-protobuf.ts, so tests read both encodings alike. Limits: protobuf for traces and logs only; gzip is decoded.
 */
import http from 'node:http';
import { gunzipSync } from 'node:zlib';
import type { AddressInfo } from 'node:net';
import { decodeOtlpProtobuf } from './otlp-protobuf.js';

export type AnyValue = { stringValue?: string; intValue?: string | number; doubleValue?: number; boolValue?: boolean; arrayValue?: { values: AnyValue[] } };
export interface KeyValue { key: string; value: AnyValue }

export interface FlatSpan {
  traceId: string; spanId: string; parentSpanId?: string; name: string; kind: number;
  start: bigint; end: bigint; status: { code?: number; message?: string };
  attrs: Record<string, unknown>; resource: Record<string, unknown>;
  links: { traceId: string; spanId: string; attrs: Record<string, unknown> }[];
}
export interface FlatLog {
  eventName?: string; time: bigint; severityNumber?: number; severityText?: string; body?: unknown;
  traceId?: string; spanId?: string; attrs: Record<string, unknown>; resource: Record<string, unknown>;
}
export interface FlatMetric { name: string; unit?: string; points: { attrs: Record<string, unknown>; value: number | undefined }[]; raw: unknown }

export function value(v: AnyValue | undefined): unknown {
  if (!v) return undefined;
  if (v.stringValue !== undefined) return v.stringValue;
  if (v.intValue !== undefined) return Number(v.intValue);
  if (v.doubleValue !== undefined) return v.doubleValue;
  if (v.boolValue !== undefined) return v.boolValue;
  if (v.arrayValue) return v.arrayValue.values.map(value);
  return undefined;
}
export const attrs = (kvs: KeyValue[] | undefined): Record<string, unknown> =>
  Object.fromEntries((kvs ?? []).map((kv) => [kv.key, value(kv.value)]));

export interface Receiver {
  url: string;
  port: number;
  requests: { path: string; body: any; at?: number }[];
  spans(): FlatSpan[];
  logs(): FlatLog[];
  metrics(): FlatMetric[];
  /** When each item of `spans()` / `logs()` arrived (ms), in the same order. */
  arrivals(kind: 'traces' | 'logs'): number[];
  failNext(n: number, status?: number): void;
  /** Until called again: answer every request with `status` (500, 503, 429…), or hold it unanswered (`hang`); `ok` ends it. */
  failAll(mode: number | 'hang' | 'ok'): void;
  close(): Promise<void>;
}

export async function startReceiver(port = 0): Promise<Receiver> {
  const requests: { path: string; body: any; at?: number }[] = [];
  let failures = 0;
  let failStatus = 503;
  let always: number | 'hang' | 'ok' = 'ok';
  const hung: http.ServerResponse[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (always === 'hang') { hung.push(res); return; }
      if (typeof always === 'number') { res.writeHead(always).end(); return; }
      if (failures > 0) {
        failures--;
        res.writeHead(failStatus).end();
        return;
      }
      let buf = Buffer.concat(chunks);
      if (req.headers['content-encoding'] === 'gzip') buf = gunzipSync(buf);
      try {
        if (String(req.headers['content-type']).includes('protobuf')) {
          requests.push({ path: req.url ?? '', body: decodeOtlpProtobuf(req.url ?? '', buf), at: Date.now() });
          res.writeHead(200, { 'content-type': 'application/x-protobuf' }).end();
          return;
        }
        requests.push({ path: req.url ?? '', body: JSON.parse(buf.toString('utf8')), at: Date.now() });
        res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      } catch {
        res.writeHead(400).end();
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const actual = (server.address() as AddressInfo).port;
  const bodies = (suffix: string) => requests.filter((r) => r.path.endsWith(suffix)).map((r) => r.body);
  return {
    url: `http://127.0.0.1:${actual}`,
    port: actual,
    requests,
    spans: () => bodies('/v1/traces').flatMap((b) => (b.resourceSpans ?? []).flatMap((rs: any) =>
      (rs.scopeSpans ?? []).flatMap((ss: any) => (ss.spans ?? []).map((s: any): FlatSpan => ({
        traceId: s.traceId, spanId: s.spanId, parentSpanId: s.parentSpanId || undefined, name: s.name, kind: s.kind,
        start: BigInt(s.startTimeUnixNano), end: BigInt(s.endTimeUnixNano), status: s.status ?? {},
        attrs: attrs(s.attributes), resource: attrs(rs.resource?.attributes),
        links: (s.links ?? []).map((l: any) => ({ traceId: l.traceId, spanId: l.spanId, attrs: attrs(l.attributes) })),
      }))))),
    logs: () => bodies('/v1/logs').flatMap((b) => (b.resourceLogs ?? []).flatMap((rl: any) =>
      (rl.scopeLogs ?? []).flatMap((sl: any) => (sl.logRecords ?? []).map((r: any): FlatLog => ({
        eventName: r.eventName, time: BigInt(r.timeUnixNano ?? 0), severityNumber: r.severityNumber, severityText: r.severityText,
        body: value(r.body), traceId: r.traceId || undefined, spanId: r.spanId || undefined,
        attrs: attrs(r.attributes), resource: attrs(rl.resource?.attributes),
      }))))),
    metrics: () => bodies('/v1/metrics').flatMap((b) => (b.resourceMetrics ?? []).flatMap((rm: any) =>
      (rm.scopeMetrics ?? []).flatMap((sm: any) => (sm.metrics ?? []).map((m: any): FlatMetric => {
        const data = m.sum ?? m.gauge ?? m.histogram ?? {};
        return {
          name: m.name, unit: m.unit, raw: m,
          points: (data.dataPoints ?? []).map((p: any) => ({
            attrs: attrs(p.attributes),
            value: p.asInt !== undefined ? Number(p.asInt) : p.asDouble ?? (p.count !== undefined ? Number(p.count) : undefined),
          })),
        };
      })))),
    arrivals: (kind: 'traces' | 'logs') => requests.filter((r) => r.path.endsWith(`/v1/${kind}`)).flatMap((r) => {
      const b = r.body;
      const n = kind === 'traces'
        ? (b.resourceSpans ?? []).reduce((a: number, rs: any) => a + (rs.scopeSpans ?? []).reduce((c: number, ss: any) => c + (ss.spans ?? []).length, 0), 0)
        : (b.resourceLogs ?? []).reduce((a: number, rl: any) => a + (rl.scopeLogs ?? []).reduce((c: number, sl: any) => c + (sl.logRecords ?? []).length, 0), 0);
      return Array.from({ length: n }, () => r.at ?? 0);
    }),
    failNext(n: number, status = 503) { failures = n; failStatus = status; },
    failAll(mode: number | 'hang' | 'ok') {
      always = mode;
      if (mode !== 'hang') for (const r of hung.splice(0)) r.destroy(); // the client sees the hung requests fail
    },
    close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}
