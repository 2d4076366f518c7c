/**
 * collector-config — every YAML file under collector-config/ and examples/ parses, and every OpenTelemetry
 * Collector config among them is consistent: pipelines name defined components, nothing deprecated for the
 * version its header declares, memory_limiter first, and the OTLP ports/paths are the ones the docs give
 * (`OTEL_EXPORTER_OTLP_ENDPOINT=http://127.0.0.1:4318`, Loki at `/otlp`, Prometheus at `/api/v1/otlp`).
 *
 * Limits: component settings are not schema-checked here; test/otelcol/validate.test.ts runs the real Collector's
 * `validate` on the same files.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import {
  checkCollectorConfig, declaredMinor, exporterEndpoints, headerOf, isCollectorConfig, otlpReceiverEndpoints,
} from './otelcol-rules.js';

const ROOT = join(import.meta.dirname, '..', '..');
const rel = (p: string): string => relative(ROOT, p);

function filesUnder(dir: string, re: RegExp): string[] {
  const abs = join(ROOT, dir);
  if (!existsSync(abs)) return [];
  return readdirSync(abs, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile() && re.test(d.name))
    .map((d) => join(d.parentPath, d.name))
    .sort();
}

const YAML_FILES = [...filesUnder('collector-config', /\.ya?ml$/), ...filesUnder('examples', /\.ya?ml$/)];
const COLLECTOR = YAML_FILES.filter((f) => isCollectorConfig(parse(readFileSync(f, 'utf8'))));
/** The endpoint mtatrace users are told to set, and the only other one allowed (inside the compose network). */
const MTATRACE_ENDPOINT = 'http://127.0.0.1:4318';
const COMPOSE_ENDPOINT = 'http://otel-collector:4318';

describe('YAML files', () => {
  it('there are collector configs to check', () => {
    expect(COLLECTOR.map(rel)).toEqual(expect.arrayContaining([
      'collector-config/elastic.yaml', 'collector-config/gateway.yaml', 'collector-config/jaeger.yaml',
    ]));
  });

  it.each(YAML_FILES.map(rel))('%s parses (no duplicate keys)', (f) => {
    expect(() => parse(readFileSync(join(ROOT, f), 'utf8'), { uniqueKeys: true, prettyErrors: true })).not.toThrow();
  });
});

describe.each(COLLECTOR.map(rel))('collector config %s', (f) => {
  const text = readFileSync(join(ROOT, f), 'utf8');
  const doc: unknown = parse(text);
  const minor = declaredMinor(text);

  it('has a header saying what it is for and which collector versions', () => {
    const name = f.split('/').pop() ?? '';
    expect(headerOf(text).split('\n')[0]).toMatch(new RegExp(`^# ${name.replace('.', '\\.')} — \\S`));
    expect(minor).toBeGreaterThanOrEqual(100);
  });

  it('names only defined components, nothing deprecated, memory_limiter first', () => {
    expect(checkCollectorConfig(doc, minor ?? 0)).toEqual([]);
  });

  it('receives OTLP on 4317 (gRPC) and 4318 (HTTP), as the docs tell mtatrace users', () => {
    const { http, grpc } = otlpReceiverEndpoints(doc);
    expect(http).toMatch(/:4318$/);
    expect(grpc).toMatch(/:4317$/);
    if (f.startsWith('collector-config/')) {
      expect(http).toBe('127.0.0.1:4318');
      expect(headerOf(text)).toContain(`OTEL_EXPORTER_OTLP_ENDPOINT=${MTATRACE_ENDPOINT}`);
    }
  });

  it('sends to backend paths that exist (Loki /otlp, Prometheus /api/v1/otlp; the exporter adds /v1/<signal>)', () => {
    for (const [id, url] of exporterEndpoints(doc)) {
      expect(url, id).not.toMatch(/\/v1\/(traces|logs|metrics)$|\/loki\/api\/v1\/push/);
      if (/loki/.test(id)) expect(url, id).toMatch(/^https?:\/\/[^/]+\/otlp$/);
      if (/prometheus/.test(id)) expect(url, id).toMatch(/^https?:\/\/[^/]+\/api\/v1\/otlp$/);
      if (/^otlp(_grpc)?(\/|$)/.test(id)) expect(url, id).toMatch(/^[\w.-]+:4317$/);
    }
  });
});

describe('the docs and recipes agree on the endpoint mtatrace exports to', () => {
  const texts = [
    ...filesUnder('docs', /\.md$/), ...filesUnder('collector-config', /./), ...filesUnder('examples', /./),
    join(ROOT, 'README.md'),
  ].filter(existsSync);

  it.each(texts.map(rel))('%s', (f) => {
    const text = readFileSync(join(ROOT, f), 'utf8');
    for (const m of text.matchAll(/OTEL_EXPORTER_OTLP_ENDPOINT["']?\s*[=:]\s*["']?([^\s"'`,;]+)/g)) {
      if (/^(…|\.\.\.|\$)/.test(m[1])) continue; // an elided value or a variable, not an address
      expect([MTATRACE_ENDPOINT, COMPOSE_ENDPOINT], `${f}: ${m[0]}`).toContain(m[1]);
    }
  });
});

describe('checkCollectorConfig finds what it is meant to find', () => {
  const broken = {
    extensions: { file_storage: {} },
    receivers: { otlp: {} },
    processors: { batch: {}, memory_limiter: {} },
    exporters: { loki: {}, otlphttp: { sending_queue: { storage: 'file_storage' } }, debug: {} },
    service: { pipelines: { logs: { receivers: ['otlp'], processors: ['batch', 'memory_limiter'], exporters: ['loki', 'otlphttp', 'zipkin'] } } },
  };

  it('reports each problem', () => {
    const problems = checkCollectorConfig(broken, 144);
    expect(problems).toEqual(expect.arrayContaining([
      "pipeline 'logs' names undefined exporter 'zipkin'",
      "pipeline 'logs': memory_limiter must be the first processor (got [batch, memory_limiter])",
      "exporter 'debug' is defined but not used",
      "extension 'file_storage' is defined but not used",
      "exporter 'otlphttp': sending_queue.storage 'file_storage' is not an enabled extension",
      "exporter 'otlphttp': a persistent queue needs retry_on_failure.max_elapsed_time: 0 (the default 300s drops queued data)",
    ]));
    expect(problems.filter((p) => p.includes('use '))).toHaveLength(2);
  });

  it('rejects the new names on collectors that predate them', () => {
    const modern = { ...broken, exporters: { otlp_http: {} }, service: { pipelines: { logs: { receivers: ['otlp'], processors: ['memory_limiter'], exporters: ['otlp_http'] } } } };
    expect(checkCollectorConfig(modern, 143)).toContain("exporter 'otlp_http' needs collector >= 0.144; use otlphttp");
    expect(checkCollectorConfig(modern, 144).filter((p) => p.includes('otlp_http'))).toEqual([]);
  });

  it('accepts a persistent queue only with unlimited retries', () => {
    const queued = (retry: unknown) => checkCollectorConfig({
      ...broken,
      extensions: { file_storage: {} },
      exporters: { otlp_http: { sending_queue: { storage: 'file_storage' }, retry_on_failure: retry } },
      service: { extensions: ['file_storage'], pipelines: { logs: { receivers: ['otlp'], processors: ['memory_limiter'], exporters: ['otlp_http'] } } },
    }, 144).filter((p) => p.includes('max_elapsed_time'));
    expect(queued({ max_elapsed_time: 0 })).toEqual([]);
    expect(queued({ max_elapsed_time: '0s' })).toEqual([]);
    expect(queued({ max_elapsed_time: '300s' })).toHaveLength(1);
    expect(queued({ enabled: false, max_elapsed_time: 0 })).toHaveLength(1);
    expect(queued(undefined)).toHaveLength(1);
  });

  it('accepts the old otlphttp name for collectors older than 0.144', () => {
    expect(checkCollectorConfig(broken, 143).filter((p) => p.includes('use '))).toEqual([
      "exporter 'loki': use otlp_http to Loki /otlp (the loki exporter was removed in 2025)",
    ]);
  });
});
