/**
 * collector-faults — the loopback receiver misbehaves in every way a collector can: gone (connection refused),
 * 500, 503, 429, or holding requests unanswered; then it recovers. Every span of the uninterrupted run arrives,
 * none is dropped, exit 0. And at shutdown, batches waiting for their backoff timer are tried again at once: a
 * collector that is back during `--close-timeout` gets them (before, a 16 s backoff timer outlived the timeout
 * and 73 spans were dropped although the collector had answered 200 for 8 s).
 */
import { execFile, spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startReceiver, type Receiver } from '../support/otlp-receiver.js';
import { CLI, sleep, until } from '../support/cli.js';

const GEN = new URL('../../bench/generate.mjs', import.meta.url).pathname;
let lines: string[];
let reference: string[];
let rx: Receiver | undefined;
afterEach(async () => { await rx?.close(); rx = undefined; });

function start(args: string[], port: number): { child: ChildProcessWithoutNullStreams; err: () => string; exited: Promise<number | null> } {
  const child = spawn(process.execPath, [CLI, '--output', 'otlp', ...args], {
    env: { ...process.env, OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${port}`, OTEL_EXPORTER_OTLP_TIMEOUT: '1000' },
  });
  let err = '';
  child.stderr.on('data', (c: Buffer) => { err += c.toString(); });
  child.stdin.on('error', () => {});
  return { child, err: () => err, exited: new Promise((r) => child.on('close', (code) => r(code))) };
}

beforeAll(async () => {
  const gen = await promisify(execFile)(process.execPath, [GEN, '--lines', '3000', '--seed', '11'], { maxBuffer: 1 << 26 });
  lines = gen.stdout.split('\n').filter(Boolean);
  const ref = await startReceiver();
  const run = start(['--once'], ref.port);
  run.child.stdin.end(`${lines.join('\n')}\n`);
  expect(await run.exited).toBe(0);
  reference = ref.spans().map((s) => s.spanId).sort();
  await ref.close();
}, 120_000);

describe('a misbehaving collector, then recovery: nothing lost', () => {
  it.each([[500], [503], [429], ['hang' as const], ['down' as const]])('collector %s for 4 s while lines flow', async (mode) => {
    rx = await startReceiver();
    const port = rx.port;
    if (mode === 'down') await rx.close();
    else rx.failAll(mode);
    const run = start(['--export-queue', '300'], port);
    run.child.stdin.write(`${lines.join('\n')}\n`);
    await sleep(4000);
    if (mode === 'down') rx = await startReceiver(port);
    else rx.failAll('ok');
    run.child.stdin.end();
    expect(await run.exited).toBe(0);
    expect(run.err()).not.toMatch(/dropped|not exported/);
    expect(rx.spans().map((s) => s.spanId).sort()).toEqual(reference);
  }, 90_000);
});

describe('shutdown during an outage', () => {
  it('SIGTERM while the collector fails: the drop is counted, the checkpoint is not written over its lines, and a replay recovers every span', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mtatrace-term-outage-'));
    rx = await startReceiver();
    const ref = start(['--once', '--state-file', join(dir, 'ref.json')], rx.port);
    ref.child.stdin.end(`${lines.join('\n')}\n`);
    expect(await ref.exited).toBe(0);
    const want = [...new Set(rx.spans().map((s) => s.spanId))].sort();
    rx.requests.length = 0;

    const state = join(dir, 'state.json');
    const first = start(['--state-file', state, '--checkpoint-interval', '0.2', '--close-timeout', '1500', '--export-queue', '100000'], rx.port);
    first.child.stdin.write(`${lines.slice(0, 1500).join('\n')}\n`);
    await until(() => existsSync(state) && rx!.spans().length > 0);
    await sleep(1500); // a checkpoint after the first spans were exported
    rx.failAll(503);
    first.child.stdin.write(`${lines.slice(1500).join('\n')}\n`);
    await sleep(2000);
    first.child.kill('SIGTERM');
    expect(await first.exited).toBe(1);
    expect(first.err()).toMatch(/--close-timeout 1500 ms passed; \d+ spans not exported \(counted as dropped\)/);
    expect(first.err()).toMatch(/NOT saved/);

    rx.failAll('ok');
    const second = start(['--once', '--state-file', state], rx.port);
    second.child.stdin.end(`${lines.slice(1000).join('\n')}\n`); // the source re-reads from before the checkpoint
    expect(await second.exited).toBe(0);
    expect([...new Set(rx.spans().map((s) => s.spanId))].sort()).toEqual(want);
  }, 90_000);

  it('EOF while batches wait for a long backoff, collector back 1 s later: they are retried at once and arrive', async () => {
    rx = await startReceiver();
    rx.failAll(503);
    const run = start(['--export-queue', '100000', '--close-timeout', '8000'], rx.port);
    run.child.stdin.write(`${lines.join('\n')}\n`);
    await sleep(9000); // long enough for the backoff between tries to reach 8 s
    const t0 = Date.now();
    run.child.stdin.end();
    await sleep(1000);
    rx.failAll('ok');
    expect(await run.exited).toBe(0);
    expect(Date.now() - t0).toBeLessThan(7000);
    expect(run.err()).toMatch(/retrying for up to/);
    expect(run.err()).not.toMatch(/dropped|not exported/);
    expect(rx.spans().map((s) => s.spanId).sort()).toEqual(reference);
  }, 60_000);
});
