/**
 * The collector goes away and comes back: nothing within the export queue bound is lost, input is held back
 * meanwhile (stdin stops being read; in --omprog mode `OK` is withheld and `.` keep-alives are sent, like
 * rsyslog's confirmMessages expects), and the process exits cleanly at EOF.
 */
import { execFile, spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startReceiver, type Receiver } from '../support/otlp-receiver.js';

const exec = promisify(execFile);
const CLI = new URL('../../dist/main.js', import.meta.url).pathname;
const GEN = new URL('../../bench/generate.mjs', import.meta.url).pathname;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const OUTAGE_MS = 8000;

let lines: string[];
let referenceSpanIds: string[];

/** A port nothing listens on (yet). */
async function freePort(): Promise<number> {
  const rx = await startReceiver();
  const { port } = rx;
  await rx.close();
  return port;
}

function start(args: string[], port: number): ChildProcessWithoutNullStreams {
  return spawn(process.execPath, [CLI, '--output', 'otlp', ...args], {
    env: { ...process.env, OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${port}`, OTEL_EXPORTER_OTLP_TIMEOUT: '2000' },
  });
}

const exited = (child: ChildProcessWithoutNullStreams): Promise<number | null> => new Promise((r) => child.on('exit', (code) => r(code)));

beforeAll(async () => {
  const gen = await exec(process.execPath, [GEN, '--lines', '3000', '--seed', '5'], { maxBuffer: 1 << 26 });
  lines = gen.stdout.split('\n').filter(Boolean);
  const rx = await startReceiver();
  const child = start(['--once'], rx.port);
  child.stdin.end(`${lines.join('\n')}\n`);
  await exited(child);
  referenceSpanIds = rx.spans().map((s) => s.spanId).sort();
  await rx.close();
}, 120_000);

describe('collector outage', () => {
  let rx: Receiver | undefined;
  afterAll(async () => { await rx?.close(); });

  it(`holds ${OUTAGE_MS / 1000} s of outage: stdin is not read meanwhile, and every span arrives afterwards`, async () => {
    const port = await freePort();
    const child = start(['--export-queue', '300'], port);
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => { stderr += c.toString(); });
    const startedMs = Date.now();
    let allWrittenMs = 0;
    child.stdin.write(`${lines.join('\n')}\n`, () => { allWrittenMs = Date.now(); });
    await sleep(OUTAGE_MS);
    expect(allWrittenMs).toBe(0); // back-pressure: the input is held back while the collector is down
    rx = await startReceiver(port);
    child.stdin.end();
    const code = await exited(child);
    expect(allWrittenMs - startedMs).toBeGreaterThanOrEqual(OUTAGE_MS);
    expect(code).toBe(0);
    expect(stderr).toMatch(/retrying for up to 3600 s/);
    expect(stderr).not.toMatch(/spans? dropped|span export failed, /);
    expect(rx.spans().map((s) => s.spanId).sort()).toEqual(referenceSpanIds);
  }, 120_000);
});

/** Talks to mtatrace like rsyslog's omprog with confirmMessages="on": one line, then wait for OK (dots are keep-alives). */
class RsyslogLike {
  out = '';
  readonly child: ChildProcessWithoutNullStreams;
  constructor(child: ChildProcessWithoutNullStreams) {
    this.child = child;
    child.stdout.on('data', (c: Buffer) => { this.out += c.toString(); });
  }
  oks(): number { return this.out.split('OK\n').length - 1; }
  async waitForOks(n: number, timeoutMs: number): Promise<boolean> {
    const end = Date.now() + timeoutMs;
    while (this.oks() < n) { if (Date.now() > end) return false; await sleep(5); }
    return true;
  }
}

describe('--omprog', () => {
  it('refuses to share stdout with a text or json report (no OK, the reason on stderr, exit 2 at EOF)', async () => {
    const run = exec(process.execPath, [CLI, '--omprog', '--output', 'json']);
    run.child.stdin?.end('2026-11-27T10:00:00+00:00 mx1 postfix/qmgr[1]: 4B7C21A0F3: removed\n');
    const err = await run.catch((e: { code: number; stdout: string; stderr: string }) => e);
    expect(err).toMatchObject({ code: 2 });
    const replies = (err as { stdout: string }).stdout.trim().split('\n');
    expect(replies.every((r) => r.startsWith('mtatrace cannot start: --omprog'))).toBe(true);
    expect((err as { stderr: string }).stderr).toMatch(/--omprog/);
  });

  it('OK at start and per line; during an outage withholds OK and sends keep-alive dots; then catches up and exits on EOF', async () => {
    const port = await freePort();
    const rs = new RsyslogLike(start(['--omprog', '--export-queue', '300', '--close-timeout', '4000'], port));
    expect(await rs.waitForOks(1, 10_000)).toBe(true);
    let heldAt = -1;
    let server: Receiver | undefined;
    for (let i = 0; i < lines.length; i++) {
      rs.child.stdin.write(`${lines[i]}\n`);
      if (await rs.waitForOks(i + 2, heldAt < 0 ? 3000 : 60_000)) continue;
      heldAt = i; // rsyslog would keep this and the following lines in its queue now
      const dots = rs.out.length;
      await sleep(OUTAGE_MS);
      expect(rs.out.length - dots).toBeGreaterThanOrEqual(3); // keep-alives within rsyslog's 10 s confirmTimeout
      expect(rs.oks()).toBe(i + 1);
      server = await startReceiver(port);
      expect(await rs.waitForOks(i + 2, 60_000)).toBe(true);
    }
    expect(heldAt).toBeGreaterThan(0);
    const t0 = Date.now();
    rs.child.stdin.end();
    expect(await exited(rs.child)).toBe(0);
    expect(Date.now() - t0).toBeLessThan(6000);
    expect(rs.out).toMatch(/^(\.*OK\n)+$/);
    expect(rs.oks()).toBe(lines.length + 1);
    expect(server?.spans().map((s) => s.spanId).sort()).toEqual(referenceSpanIds);
    await server?.close();
  }, 180_000);
});
