/**
 * compose — examples/compose/ is wired consistently, checked without Docker: images pinned, mounted files
 * exist, ports published on 127.0.0.1 only, and every address the collector and Grafana use names a compose
 * service on the port and path that service's own config listens on.
 *
 *   TEMPO_ENDPOINT: tempo:4317  ⇔  tempo.yaml distributor.receivers.otlp.protocols.grpc.endpoint 0.0.0.0:4317
 *
 * Limits: `docker compose config` cannot run here, so compose's own schema is not validated.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const ROOT = join(import.meta.dirname, '..', '..');
const DIR = join(ROOT, 'examples', 'compose');
type Obj = Record<string, any>; // walking untyped YAML
const load = (p: string): Obj => parse(readFileSync(join(DIR, p), 'utf8')) as Obj;

const compose = load('compose.yaml');
const services = compose.services as Record<string, Obj>;
const gatewayText = readFileSync(join(ROOT, 'collector-config', 'gateway.yaml'), 'utf8');
const portOf = (endpoint: string): number => Number(/:(\d+)(?:\/|$)/.exec(endpoint)?.[1]);
const hostOf = (endpoint: string): string => endpoint.replace(/^\w+:\/\//, '').split(/[:/]/)[0];
const bindSources = (s: Obj): string[] => ((s.volumes ?? []) as unknown[])
  .filter((v): v is string => typeof v === 'string' && v.startsWith('.'))
  .map((v) => v.split(':')[0]);

describe('examples/compose/compose.yaml', () => {
  it('runs the collector, Tempo, Loki, Prometheus and Grafana from pinned images', () => {
    for (const name of ['otel-collector', 'tempo', 'loki', 'prometheus', 'grafana']) {
      expect(services[name]?.image, name).toMatch(/^[\w./-]+:v?\d+\.\d+(\.\d+)?$/);
    }
    expect(services['otel-collector'].image).toMatch(/^otel\/opentelemetry-collector-contrib:0\.(\d+)/);
    expect(Number(/:0\.(\d+)/.exec(services['otel-collector'].image as string)?.[1])).toBeGreaterThanOrEqual(144);
  });

  it.each(Object.keys(services))('service %s mounts only files that exist', (name) => {
    for (const src of bindSources(services[name])) expect(existsSync(resolve(DIR, src)), src).toBe(true);
    const build = services[name].build as Obj | undefined;
    if (build) expect(existsSync(resolve(DIR, build.context as string, build.dockerfile as string))).toBe(true);
  });

  it('publishes ports on 127.0.0.1 only, including OTLP/HTTP 4318 for mtatrace on the host', () => {
    const published = Object.values(services).flatMap((s) => (s.ports ?? []) as string[]);
    for (const p of published) expect(p).toMatch(/^127\.0\.0\.1:\d+:\d+$/);
    expect(services['otel-collector'].ports).toContain('127.0.0.1:4318:4318');
  });

  it('runs collector-config/gateway.yaml itself, setting only variables that file reads', () => {
    expect(bindSources(services['otel-collector'])).toContain('../../collector-config/gateway.yaml');
    const read = new Set([...gatewayText.matchAll(/\$\{env:(\w+)/g)].map((m) => m[1]));
    for (const name of Object.keys(services['otel-collector'].environment as Obj)) expect(read, name).toContain(name);
    expect(services['otel-collector'].environment.OTELCOL_LISTEN_HOST).toBe('0.0.0.0');
  });

  it('points the collector at the ports Tempo, Loki and Prometheus listen on', () => {
    const env = services['otel-collector'].environment as Record<string, string>;
    const tempo = load('tempo.yaml');
    const loki = load('loki.yaml');
    expect(hostOf(env.TEMPO_ENDPOINT)).toBe('tempo');
    expect(portOf(env.TEMPO_ENDPOINT)).toBe(portOf(tempo.distributor.receivers.otlp.protocols.grpc.endpoint as string));
    expect(tempo.distributor.receivers.otlp.protocols.grpc.endpoint).toMatch(/^0\.0\.0\.0:/);
    expect(env.LOKI_OTLP_ENDPOINT).toBe(`http://loki:${loki.server.http_listen_port}/otlp`);
    expect(env.PROMETHEUS_OTLP_ENDPOINT).toBe('http://prometheus:9090/api/v1/otlp');
    expect(services.prometheus.command).toContain('--web.enable-otlp-receiver');
  });

  it('makes host.name a Loki index label (the dashboard filters by host_name; metrics carry it on each point)', () => {
    const attrs = (load('loki.yaml').limits_config.otlp_config.resource_attributes.attributes_config as Obj[])
      .filter((a) => a.action === 'index_label').flatMap((a) => a.attributes as string[]);
    expect(attrs).toContain('host.name');
    expect(load('loki.yaml').limits_config.allow_structured_metadata).toBe(true);
    expect(load('prometheus.yml').storage.tsdb.out_of_order_time_window).toBeDefined();
  });

  it('gives Grafana data sources that reach the services, linked trace ↔ logs', () => {
    const ds = load('grafana/datasources.yaml').datasources as Obj[];
    const byUid = Object.fromEntries(ds.map((d) => [d.uid as string, d]));
    expect(Object.keys(byUid).sort()).toEqual(['loki', 'prometheus', 'tempo']);
    expect(byUid.tempo.url).toBe(`http://tempo:${load('tempo.yaml').server.http_listen_port}`);
    expect(byUid.loki.url).toBe(`http://loki:${load('loki.yaml').server.http_listen_port}`);
    expect(byUid.prometheus.url).toBe('http://prometheus:9090');
    for (const d of ds) expect(Object.keys(services)).toContain(hostOf(d.url as string));
    expect(byUid.loki.jsonData.derivedFields).toContainEqual(expect.objectContaining({ matcherType: 'label', matcherRegex: 'trace_id', datasourceUid: 'tempo' }));
    expect(byUid.tempo.jsonData.tracesToLogsV2.datasourceUid).toBe('loki');
    expect(byUid.tempo.jsonData.tracesToLogsV2.query).toContain('trace_id="$${__trace.traceId}"');
  });

  it('provisions the dashboard from examples/grafana', () => {
    const provider = load('grafana/dashboards.yaml').providers[0] as Obj;
    const mount = (services.grafana.volumes as string[]).find((v) => v.includes('mtatrace-dashboard.json')) ?? '';
    expect(mount.split(':')[0]).toBe('../grafana/mtatrace-dashboard.json');
    expect(mount.split(':')[1].startsWith(`${provider.options.path as string}/`)).toBe(true);
  });

  it('lets the optional MTA container export to the collector inside the network', () => {
    const env = services.mta.environment as Record<string, string>;
    expect(env.OTEL_EXPORTER_OTLP_ENDPOINT).toBe('http://otel-collector:4318');
    expect(env.OTEL_RESOURCE_ATTRIBUTES).toMatch(/^service\.instance\.id=\S+$/);
    expect(services.mta.profiles).toEqual(['mta']);
  });
});
