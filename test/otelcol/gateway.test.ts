/**
 * gateway — collector-config/gateway.yaml, unchanged, in a real Collector between mtatrace and real downstreams
 * on loopback: traces to Jaeger v2 (standing in for Tempo: both take OTLP/gRPC), logs and metrics to a second
 * Collector that writes them to files (standing in for Loki's /otlp and Prometheus's /api/v1/otlp).
 *
 *   mtatrace --once varied-fates.log ─OTLP/HTTP─▶ gateway.yaml ─gRPC─▶ Jaeger        (spans, by span id)
 *                                                              └HTTP─▶ sink → files  (log records, metric names)
 *
 * Only addresses are overridden (`--set` on the listen ports and health_check, the env variables the file reads
 * for its exporters; the Collector's own metrics endpoint, fixed at :8888, is turned off), plus the retry
 * *waits* (`initial_interval`, `max_interval`) so an outage test takes seconds, not minutes. The retry *limit* stays as shipped (`max_elapsed_time: 0`); a control run sets it to 2 s through the
 * same setting and shows that the same outage then loses data — the check can fail.
 * Limits: needs the binaries from scripts/build-otel.sh (skipped, saying so, when absent) and a built CLI.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { attrs, startReceiver, type KeyValue } from '../support/otlp-receiver.js';
import {
  eventually, freePort, otelBinaries, ROOT, sleep, startJaeger, startOtelcol, startSink, stopAll, type Service,
} from './harness.js';
import { search } from './jaeger-api.js';

const run = promisify(execFile);
const CLI = join(ROOT, 'dist/main.js');
const LOG = join(ROOT, 'test/fixtures/logs/varied-fates.log');
/** The fixed alert thresholds (this short log teaches no pace), so that alert log records are among what is sent. */
const FIXED_ALERTS = ['--silence-lines', '0', '--stall-deliveries', '0'];
const GATEWAY = join(ROOT, 'collector-config/gateway.yaml');
const EXPORTERS = ['otlp_grpc/tempo', 'otlp_http/loki', 'otlp_http/prometheus'];
const OUTAGE_MS = 6000;
const CONTROL_LIMIT = '2s';
const { bins, skip, fail } = otelBinaries();
if (skip) console.warn(`[otelcol] gateway.yaml tests skipped: ${skip}`);
const noZeros = (id: string) => id.replace(/^0+/, '');

/** What mtatrace sends for the fixture, read from the project's own receiver: span ids, log record keys, metric names. */
interface Sent { spans: Set<string>; logs: Set<string>; metrics: Set<string> }
const logKey = (time: unknown, name: unknown, a: Record<string, unknown>) =>
  `${String(time)}|${String(name)}|${String(a['mta.queue_id'])}|${String(a['mta.recipient'])}|${String(a['mta.attempt'])}|${String(a['mta.alert'])}`;

/** What reached the downstreams: spans in Jaeger; log records and metric names in the sink's files. */
async function arrived(query: string | undefined, dirs: string): Promise<Sent> {
  const spans = new Set<string>();
  if (query) {
    for (const t of await search(query, {}, 0, Date.now() * 1000)) for (const s of t.spans) spans.add(noZeros(s.spanID));
  }
  const logs = new Set<string>();
  const metrics = new Set<string>();
  for (const f of readdirSync(dirs).filter((n) => n.endsWith('.jsonl'))) {
    for (const line of readFileSync(join(dirs, f), 'utf8').split('\n').filter(Boolean)) {
      const body = JSON.parse(line) as any;
      for (const rl of body.resourceLogs ?? []) for (const sl of rl.scopeLogs ?? []) for (const r of sl.logRecords ?? []) {
        logs.add(logKey(r.timeUnixNano, r.eventName, attrs(r.attributes as KeyValue[])));
      }
      for (const rm of body.resourceMetrics ?? []) for (const sm of rm.scopeMetrics ?? []) for (const m of sm.metrics ?? []) metrics.add(m.name);
    }
  }
  return { spans, logs, metrics };
}
const missing = (want: Set<string>, got: Set<string>) => [...want].filter((x) => !got.has(x));
const figures = (what: string, got: Sent, sent: Sent, ms: number, since = 'mtatrace exited') => console.info(`[otelcol] ${what}: ${
  sent.spans.size - missing(sent.spans, got.spans).length}/${sent.spans.size} spans, ${
  sent.logs.size - missing(sent.logs, got.logs).length}/${sent.logs.size} log records, ${
  sent.metrics.size - missing(sent.metrics, got.metrics).length}/${sent.metrics.size} metrics arrived, ${(ms / 1000).toFixed(1)} s after ${since}`);

describe.skipIf(Boolean(skip))(`collector-config/gateway.yaml in a real Collector ${bins?.otelcolVersion ?? ''}${skip ? ` (skipped: ${skip})` : ''}`, () => {
  let sent: Sent;
  let root: string;

  beforeAll(async () => {
    if (fail) throw new Error(fail);
    root = mkdtempSync(join(tmpdir(), 'mtatrace-gateway-'));
    const rx = await startReceiver();
    await run(process.execPath, [CLI, '--once', '--output', 'otlp', ...FIXED_ALERTS, LOG], { env: { ...process.env, TZ: 'UTC', OTEL_EXPORTER_OTLP_ENDPOINT: rx.url } });
    sent = {
      spans: new Set(rx.spans().map((s) => noZeros(s.spanId))),
      logs: new Set(rx.logs().map((l) => logKey(l.time, l.eventName, l.attrs))),
      metrics: new Set(rx.metrics().map((m) => m.name)),
    };
    await rx.close();
    expect(sent.spans.size).toBeGreaterThan(20);
    expect(sent.logs.size).toBeGreaterThan(20);
  }, 60_000);
  afterAll(async () => {
    await stopAll();
    if (root) rmSync(root, { recursive: true, force: true });
  });

  /** A gateway.yaml Collector on free ports, sending to the given downstream addresses. */
  async function gateway(dir: string, down: { jaegerGrpc: number; sink: number }, set: string[] = []) {
    const [grpc, http, health] = [await freePort(), await freePort(), await freePort()];
    const args = ['--config', GATEWAY,
      `--set=receivers::otlp::protocols::grpc::endpoint=127.0.0.1:${grpc}`,
      `--set=receivers::otlp::protocols::http::endpoint=127.0.0.1:${http}`,
      `--set=extensions::health_check::endpoint=127.0.0.1:${health}`,
      '--set=service::telemetry::metrics::level=none',
      ...EXPORTERS.flatMap((e) => [`--set=exporters::${e}::retry_on_failure::initial_interval=100ms`, `--set=exporters::${e}::retry_on_failure::max_interval=500ms`]),
      ...set];
    const env = {
      OTELCOL_QUEUE_DIR: join(dir, 'queue'),
      TEMPO_ENDPOINT: `127.0.0.1:${down.jaegerGrpc}`,
      LOKI_OTLP_ENDPOINT: `http://127.0.0.1:${down.sink}/otlp`,
      PROMETHEUS_OTLP_ENDPOINT: `http://127.0.0.1:${down.sink}/api/v1/otlp`,
    };
    const start = () => startOtelcol(bins!.otelcol, args, env, `http://127.0.0.1:${health}/`, 'gateway');
    return { start, endpoint: `http://127.0.0.1:${http}` };
  }
  const mtatrace = (endpoint: string) =>
    run(process.execPath, [CLI, '--once', '--output', 'otlp', ...FIXED_ALERTS, LOG], { env: { ...process.env, TZ: 'UTC', OTEL_EXPORTER_OTLP_ENDPOINT: endpoint } });
  const fresh = (name: string) => { const d = join(root, name); mkdirSync(d); return d; };

  it('delivers everything mtatrace sends: every span to Jaeger, every log record and metric to the sink', async () => {
    const dir = fresh('up');
    const jaeger = await startJaeger(bins!.jaeger, dir);
    const sink = await startSink(bins!.otelcol, dir);
    const gw = await gateway(dir, { jaegerGrpc: Number(jaeger.otlpGrpc.split(':')[1]), sink: Number(new URL(sink.url).port) });
    const svc = await gw.start();
    await mtatrace(gw.endpoint); // exits 0: everything exported
    const t0 = Date.now();
    let got = await arrived(jaeger.query, dir);
    await eventually(async () => { got = await arrived(jaeger.query, dir); return missing(sent.spans, got.spans).length + missing(sent.logs, got.logs).length + missing(sent.metrics, got.metrics).length === 0; }, 30_000);
    expect(missing(sent.spans, got.spans)).toEqual([]);
    expect(missing(sent.logs, got.logs)).toEqual([]);
    expect(missing(sent.metrics, got.metrics)).toEqual([]);
    figures('backends up', got, sent, Date.now() - t0);
    expect(await svc.stop()).toBe(0);
    await Promise.all([jaeger.svc.stop(), sink.svc.stop()]);
  }, 90_000);

  it(`loses nothing when the backends are down ${OUTAGE_MS / 1000} s (longer than the control's ${CONTROL_LIMIT} limit) and the gateway restarts meanwhile`, async () => {
    const dir = fresh('outage');
    const down = { jaegerGrpc: await freePort(), sink: await freePort() };
    const gw = await gateway(dir, down);
    let svc: Service = await gw.start();
    await mtatrace(gw.endpoint); // accepted by the gateway: exits 0 although nothing downstream listens
    await sleep(OUTAGE_MS / 2);
    expect(await svc.stop()).toBe(0); // SIGTERM mid-outage, by PID
    const queueFiles = readdirSync(join(dir, 'queue')).map((f) => statSync(join(dir, 'queue', f)).size);
    expect(queueFiles.reduce((a, b) => a + b, 0)).toBeGreaterThan(0); // the queue is on disk
    svc = await gw.start();
    await sleep(OUTAGE_MS / 2);
    const jaeger = await startJaeger(bins!.jaeger, dir, { grpc: down.jaegerGrpc });
    await startSink(bins!.otelcol, dir, down.sink);
    const back = Date.now();
    let got = await arrived(jaeger.query, dir);
    await eventually(async () => { got = await arrived(jaeger.query, dir); return missing(sent.spans, got.spans).length + missing(sent.logs, got.logs).length + missing(sent.metrics, got.metrics).length === 0; }, 45_000);
    expect(missing(sent.spans, got.spans)).toEqual([]);
    expect(missing(sent.logs, got.logs)).toEqual([]);
    expect(missing(sent.metrics, got.metrics)).toEqual([]);
    figures(`outage of ${OUTAGE_MS / 1000} s with a restart, ${queueFiles.reduce((a, b) => a + b, 0)} bytes queued on disk`, got, sent, Date.now() - back, 'the backends came back');
    expect(await svc.stop()).toBe(0);
    await stopAll();
  }, 120_000);

  it(`control: with max_elapsed_time=${CONTROL_LIMIT} instead of 0, the same outage loses the queued spans and log records`, async () => {
    const dir = fresh('control');
    const down = { jaegerGrpc: await freePort(), sink: await freePort() };
    const gw = await gateway(dir, down, EXPORTERS.map((e) => `--set=exporters::${e}::retry_on_failure::max_elapsed_time=${CONTROL_LIMIT}`));
    const svc = await gw.start();
    await mtatrace(gw.endpoint);
    await sleep(OUTAGE_MS);
    const jaeger = await startJaeger(bins!.jaeger, dir, { grpc: down.jaegerGrpc });
    await startSink(bins!.otelcol, dir, down.sink);
    await sleep(4000); // ample for anything still queued to go out (retries every 500 ms at most)
    const got = await arrived(jaeger.query, dir);
    figures(`control, max_elapsed_time=${CONTROL_LIMIT}`, got, sent, 4000, 'the backends came back');
    expect(missing(sent.spans, got.spans).length).toBe(sent.spans.size);
    expect(missing(sent.logs, got.logs).length).toBe(sent.logs.size);
    // Metrics are not checked here: they arrived in the control too (12 of 12 on the runs so far), most likely
    // because their batch waits flush_timeout (5 s) before the first try, so its 2 s of retries outlast the outage.
    expect(svc.output()).toMatch(/no more retries left|Exporting failed\. Dropping data|dropped/i);
    expect(existsSync(join(dir, 'queue'))).toBe(true);
    await stopAll();
  }, 90_000);
});
