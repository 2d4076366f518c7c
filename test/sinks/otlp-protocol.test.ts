/**
 * OTLP encodings: `OTEL_EXPORTER_OTLP_PROTOCOL` and its per-signal variants choose http/protobuf (default) or
 * http/json for spans and log records, and both encodings carry the same spans and records (the built CLI on
 * examples/sample.log, decoded by the test receiver).
 */
import { execFile } from 'node:child_process';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { otlpProtocol } from '../../src/sinks/otlp.js';
import { startReceiver, type FlatLog, type FlatSpan } from '../support/otlp-receiver.js';

const run = promisify(execFile);
const CLI = new URL('../../dist/main.js', import.meta.url).pathname;
const SAMPLE = new URL('../../examples/sample.log', import.meta.url).pathname;

describe('otlpProtocol', () => {
  const said: string[] = [];
  const warn = (m: string): void => { said.push(m); };

  it('defaults to http/protobuf, as the OTel specification does', () => {
    expect(otlpProtocol('TRACES', {}, warn)).toBe('http/protobuf');
    expect(said).toEqual([]);
  });

  it('takes the per-signal variable over the general one', () => {
    const env = { OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json', OTEL_EXPORTER_OTLP_LOGS_PROTOCOL: 'http/protobuf' };
    expect(otlpProtocol('TRACES', env, warn)).toBe('http/json');
    expect(otlpProtocol('LOGS', env, warn)).toBe('http/protobuf');
  });

  it('warns about grpc and falls back to http/protobuf', () => {
    expect(otlpProtocol('LOGS', { OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc' }, warn)).toBe('http/protobuf');
    expect(said.join('')).toContain('OTEL_EXPORTER_OTLP_PROTOCOL=grpc is not supported');
  });
});

describe('--output otlp encodings', () => {
  const spanKey = (s: FlatSpan) => `${s.spanId} ${s.name}`;
  const logKey = (l: FlatLog) => `${l.time} ${l.spanId} ${l.eventName} ${JSON.stringify(l.attrs)}`;

  async function export_(protocol?: string): Promise<{ spans: FlatSpan[]; logs: FlatLog[] }> {
    const rx = await startReceiver();
    const env = { ...process.env, OTEL_EXPORTER_OTLP_ENDPOINT: rx.url } as NodeJS.ProcessEnv;
    for (const k of ['', 'TRACES_', 'LOGS_']) delete env[`OTEL_EXPORTER_OTLP_${k}PROTOCOL`];
    if (protocol) env.OTEL_EXPORTER_OTLP_PROTOCOL = protocol;
    try {
      await run(process.execPath, [CLI, '--once', '--output', 'otlp', SAMPLE], { env });
      return { spans: rx.spans().sort((a, b) => spanKey(a).localeCompare(spanKey(b))), logs: rx.logs().sort((a, b) => logKey(a).localeCompare(logKey(b))) };
    } finally {
      await rx.close();
    }
  }

  it('sends spans and log records as protobuf unless told otherwise', async () => {
    const types: string[] = [];
    const server = http.createServer((req, res) => {
      if (!req.url?.endsWith('/v1/metrics')) types.push(`${req.url} ${req.headers['content-type']}`);
      req.resume().on('end', () => res.writeHead(200).end());
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const env = { ...process.env, OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${(server.address() as AddressInfo).port}` } as NodeJS.ProcessEnv;
    for (const k of ['', 'TRACES_', 'LOGS_']) delete env[`OTEL_EXPORTER_OTLP_${k}PROTOCOL`];
    try {
      await run(process.execPath, [CLI, '--once', '--output', 'otlp', SAMPLE], { env });
    } finally {
      server.closeAllConnections();
      server.close();
    }
    expect(new Set(types)).toEqual(new Set(['/v1/traces application/x-protobuf', '/v1/logs application/x-protobuf']));
  });

  it('carries the same spans and log records in http/json and http/protobuf', async () => {
    const proto = await export_();
    const json = await export_('http/json');
    expect(proto.spans.length).toBeGreaterThan(30);
    expect(proto.logs.length).toBeGreaterThan(30);
    expect(proto.spans).toEqual(json.spans);
    expect(proto.logs).toEqual(json.logs);
  });
});
