/**
 * harness — runs the real OpenTelemetry Collector and Jaeger v2 that `scripts/build-otel.sh` builds, on loopback
 * ports that were free, and stops every process it started by its PID (SIGTERM, then SIGKILL after 10 s).
 *
 *   const bins = otelBinaries();                 // paths from `build-otel.sh --print`, or why the tests skip
 *   const jaeger = await startJaeger(dir);       // { otlpHttp, otlpGrpc, query } on 127.0.0.1
 *   const col = await startOtelcol(['--config', 'collector-config/gateway.yaml', '--set', '…'], env);
 *
 * Without Go (or before the build ran) the tests skip and say why; with CI=true and Go on PATH a missing
 * binary is a failure, since .ci/run builds them. Limits: a port found free may be taken by another process
 * before the service binds it (the start then fails with the service's own error, shown in full).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';

export const ROOT = join(import.meta.dirname, '..', '..');
export const IN_CI = process.env.CI === 'true';
export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export interface Binaries { otelcol: string; jaeger: string; otelcolVersion: string; jaegerVersion: string }

/** The built binaries, or the reason they cannot be used (a failure instead under CI=true with Go present). */
export function otelBinaries(need: ('otelcol' | 'jaeger')[] = ['otelcol', 'jaeger']): { bins?: Binaries; skip?: string; fail?: string } {
  const out = spawnSync('bash', [join(ROOT, 'scripts/build-otel.sh'), '--print'], { encoding: 'utf8' });
  const kv = Object.fromEntries(out.stdout.split('\n').filter((l) => l.includes('=')).map((l) => l.split(/=(.*)/s).slice(0, 2)));
  const bins: Binaries = { otelcol: kv.OTELCOL, jaeger: kv.JAEGER, otelcolVersion: kv.OTELCOL_VERSION, jaegerVersion: kv.JAEGER_VERSION };
  const missing = need.map((n) => bins[n]).filter((b) => !b || !existsSync(b));
  if (missing.length === 0) return { bins };
  const hasGo = spawnSync('go', ['version']).status === 0;
  const why = hasGo
    ? `not built yet: ${missing.join(', ')} (run \`bash scripts/build-otel.sh\`, ~10 min cold)`
    : 'no Go toolchain on PATH, so no Collector or Jaeger can be built here (scripts/build-otel.sh)';
  return IN_CI && hasGo ? { fail: `CI=true, Go is present, but ${why}` } : { skip: why };
}

/** A loopback TCP port that nothing listened on a moment ago. */
export async function freePort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const { port } = srv.address() as AddressInfo;
  await new Promise<void>((r) => srv.close(() => r()));
  return port;
}

export interface Service { name: string; pid: number; child: ChildProcess; output(): string; stop(): Promise<number | null> }
const running = new Set<Service>();

/** Starts a program and resolves once `ready()` says so (or rejects with its output after `timeoutMs`). */
export async function startService(name: string, bin: string, args: string[], env: NodeJS.ProcessEnv,
  ready: () => Promise<boolean>, timeoutMs = 30_000): Promise<Service> {
  const child = spawn(bin, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  child.stdout?.on('data', (c: Buffer) => { log += c.toString(); });
  child.stderr?.on('data', (c: Buffer) => { log += c.toString(); });
  let exitCode: number | null | undefined;
  const exited = new Promise<number | null>((r) => child.on('exit', (code) => { exitCode = code; r(code); }));
  if (child.pid === undefined) throw new Error(`${name}: could not start ${bin}`);
  const svc: Service = {
    name, pid: child.pid, child, output: () => log,
    async stop() {
      if (exitCode !== undefined) { running.delete(svc); return exitCode; }
      process.kill(svc.pid, 'SIGTERM');
      const timer = setTimeout(() => { if (exitCode === undefined) process.kill(svc.pid, 'SIGKILL'); }, 10_000);
      const code = await exited;
      clearTimeout(timer);
      running.delete(svc);
      return code;
    },
  };
  running.add(svc);
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (exitCode !== undefined) { running.delete(svc); throw new Error(`${name} exited (${exitCode}) while starting:\n${log}`); }
    if (await ready().catch(() => false)) return svc;
    await sleep(100);
  }
  await svc.stop();
  throw new Error(`${name} not ready after ${timeoutMs} ms:\n${log}`);
}

/** Stops everything still running (afterAll). */
export async function stopAll(): Promise<void> {
  await Promise.all([...running].map((s) => s.stop()));
}

export const httpOk = (url: string) => async (): Promise<boolean> => (await fetch(url)).ok;

export interface Jaeger { svc: Service; otlpHttp: string; otlpGrpc: string; query: string }

/**
 * Jaeger v2 with in-memory storage: OTLP in on two free ports, the query API (the one Jaeger's UI uses) on a
 * third; the Collector telemetry of its own is off so that it binds nothing else.
 */
export async function startJaeger(bin: string, dir: string, ports: { grpc?: number; http?: number } = {}): Promise<Jaeger> {
  const [grpc, http, query] = [ports.grpc ?? await freePort(), ports.http ?? await freePort(), await freePort()];
  const config = join(dir, `jaeger-${query}.yaml`);
  writeFileSync(config, `# Jaeger v2 for test/otelcol: all-in-one, memory storage, loopback only.
service:
  extensions: [jaeger_storage, jaeger_query]
  pipelines:
    traces:
      receivers: [otlp]
      exporters: [jaeger_storage_exporter]
  telemetry:
    metrics:
      level: none
extensions:
  jaeger_storage:
    backends:
      memstore:
        memory:
          max_traces: 100000
  jaeger_query:
    storage:
      traces: memstore
    http:
      endpoint: 127.0.0.1:${query}
    grpc:
      endpoint: 127.0.0.1:${await freePort()}
receivers:
  otlp:
    protocols:
      grpc:
        endpoint: 127.0.0.1:${grpc}
      http:
        endpoint: 127.0.0.1:${http}
exporters:
  jaeger_storage_exporter:
    trace_storage: memstore
`);
  const q = `http://127.0.0.1:${query}`;
  const svc = await startService('jaeger', bin, ['--config', config], {}, httpOk(`${q}/api/services`));
  return { svc, otlpHttp: `http://127.0.0.1:${http}`, otlpGrpc: `127.0.0.1:${grpc}`, query: q };
}

export interface Sink { svc: Service; url: string; files: { logs: string; metrics: string } }

/**
 * A second Collector standing in for Loki and Prometheus: OTLP/HTTP in at the paths gateway.yaml's exporters use
 * (`/otlp/v1/logs`, `/api/v1/otlp/v1/metrics`), written by the file exporter as OTLP JSON lines, one file per
 * start (`logs-<n>.jsonl`) so a restart never truncates what an earlier one wrote.
 */
export async function startSink(bin: string, dir: string, port?: number): Promise<Sink> {
  const p = port ?? await freePort();
  const health = await freePort();
  const n = `${p}-${Date.now()}`;
  const files = { logs: join(dir, `logs-${n}.jsonl`), metrics: join(dir, `metrics-${n}.jsonl`) };
  const config = join(dir, `sink-${n}.yaml`);
  writeFileSync(config, `# Loopback stand-in for Loki and Prometheus (test/otelcol).
receivers:
  otlp:
    protocols:
      http:
        endpoint: 127.0.0.1:${p}
        logs_url_path: /otlp/v1/logs
        metrics_url_path: /api/v1/otlp/v1/metrics
exporters:
  file/logs:
    path: ${files.logs}
    flush_interval: 100ms
  file/metrics:
    path: ${files.metrics}
    flush_interval: 100ms
extensions:
  health_check:
    endpoint: 127.0.0.1:${health}
service:
  extensions: [health_check]
  telemetry:
    metrics:
      level: none
  pipelines:
    logs:
      receivers: [otlp]
      exporters: [file/logs]
    metrics:
      receivers: [otlp]
      exporters: [file/metrics]
`);
  const svc = await startOtelcol(bin, ['--config', config], {}, `http://127.0.0.1:${health}/`, 'sink');
  return { svc, url: `http://127.0.0.1:${p}`, files };
}

/** The Collector built by scripts/build-otel.sh, ready when its health_check (at `health`) answers. */
export async function startOtelcol(bin: string, args: string[], env: NodeJS.ProcessEnv, health: string, name = 'otelcol'): Promise<Service> {
  return startService(name, bin, args, env, httpOk(health));
}

/** Polls `fn` until it returns true or `timeoutMs` passes; returns the last result. */
export async function eventually(fn: () => Promise<boolean>, timeoutMs: number, stepMs = 250): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await fn().catch(() => false)) return true;
    if (Date.now() > deadline) return false;
    await sleep(stepMs);
  }
}
