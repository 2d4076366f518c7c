/**
 * omprog-crash — the promise of the intake journal, from outside: mtatrace driven the way rsyslog's omprog drives
 * it (one line, wait for OK, re-send what had no OK to the next process), killed with SIGKILL at random moments
 * (≥ 20 times over one replay of a generated three-host log), exports over OTLP to a loopback receiver. Every
 * recipient outcome (`mta.recipient.completed` log record) and every span of the uninterrupted run arrives:
 * 0 lost, and nothing twice except a batch that was in flight when the process died (the receiver had it, its
 * answer never reached mtatrace, so no journal can know; it is sent again with the same ids) — the test checks
 * that every second copy comes from a batch that arrived within 50 ms of a kill. On the build before the
 * journal (MTATRACE_CLI=…), the same run lost 596 of 680 outcomes and 4 119 of 4 732 spans.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { driveOmprog } from '../support/omprog-driver.js';
import { startReceiver, type FlatLog, type FlatSpan, type Receiver } from '../support/otlp-receiver.js';

const GEN = new URL('../../bench/generate.mjs', import.meta.url).pathname;
let lines: string[];
let rx: Receiver;
let dir: string;

const big = (v: unknown): unknown => (typeof v === 'bigint' ? v.toString() : v);
const outcomeKey = (l: FlatLog): string => JSON.stringify([l.traceId, l.spanId, l.time, l.attrs], (_k, v: unknown) => big(v));
const spanKey = (s: FlatSpan): string => JSON.stringify(s, (_k, v: unknown) => big(v));
/** Each outcome / span with the time its request arrived. */
const outcomes = (): { key: string; at: number }[] => {
  const at = rx.arrivals('logs');
  return rx.logs().map((l, i) => ({ l, at: at[i] })).filter(({ l }) => l.eventName === 'mta.recipient.completed').map(({ l, at: t }) => ({ key: outcomeKey(l), at: t }));
};
const spans = (): { key: string; at: number }[] => {
  const at = rx.arrivals('traces');
  return rx.spans().map((s, i) => ({ key: spanKey(s), at: at[i] }));
};

/**
 * What `got` lacks (lost), what it has more often than `want` (duplicated), and of those how many are second
 * copies of an item whose first copy arrived within 50 ms of a kill (`inFlight`: sent, but its answer never
 * reached the process).
 */
function diff(want: { key: string }[], got: { key: string; at: number }[], kills: number[]): { lost: number; duplicated: number; inFlight: number } {
  const count = new Map<string, number>();
  for (const { key } of want) count.set(key, (count.get(key) ?? 0) + 1);
  const firstAt = new Map<string, number>();
  let duplicated = 0;
  let inFlight = 0;
  for (const { key, at } of [...got].sort((a, b) => a.at - b.at)) {
    const n = count.get(key) ?? 0;
    if (!firstAt.has(key)) firstAt.set(key, at);
    if (n > 0) { count.set(key, n - 1); continue; }
    duplicated++;
    const first = firstAt.get(key) as number;
    if (kills.some((k) => Math.abs(k - first) <= 50)) inFlight++; // sent before the kill, maybe taken in just after it
  }
  return { lost: [...count.values()].reduce((a, b) => a + b, 0), duplicated, inFlight };
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'mtatrace-omprog-crash-'));
  const gen = await promisify(execFile)(process.execPath, [GEN, '--lines', '6000', '--seed', '21'], { maxBuffer: 1 << 26 });
  lines = gen.stdout.split('\n').filter(Boolean);
  rx = await startReceiver();
}, 60_000);
afterAll(async () => { await rx.close(); });

describe('--omprog --state-file under kill -9', () => {
  it('≥ 20 random kills over a replay: every recipient outcome and every span exactly once', async () => {
    const env = { OTEL_EXPORTER_OTLP_ENDPOINT: rx.url };
    const args = (name: string) => ['--state-file', join(dir, name), '--checkpoint-interval', '0.1'];
    const ref = await driveOmprog(lines, args('ref.json'), env);
    expect(ref.codes).toEqual([0]);
    const wantOutcomes = outcomes();
    const wantSpans = spans();
    expect(wantOutcomes.length).toBeGreaterThan(300);
    rx.requests.length = 0;

    let seed = 7;
    const rand = (): number => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed / 2147483648; };
    const kills = Array.from({ length: 24 }, () => Math.floor(rand() * lines.length));
    const run = await driveOmprog(lines, args('soak.json'), env, kills, rand);
    expect(run.restarts).toBeGreaterThanOrEqual(20);
    const o = diff(wantOutcomes, outcomes(), run.killTimes);
    const s = diff(wantSpans, spans(), run.killTimes);
    console.log(`omprog kill -9 soak: ${run.restarts} kills, ${wantOutcomes.length} outcomes: ${o.lost} lost, ${o.duplicated} duplicated ` +
      `(${o.inFlight} in flight at a kill); ${wantSpans.length} spans: ${s.lost} lost, ${s.duplicated} duplicated (${s.inFlight} in flight at a kill)`);
    const replays = run.stderr.match(/\d+ lines after the checkpoint replayed/g) ?? [];
    console.log(`replays after restarts: ${replays.map((r) => r.split(' ')[0]).join(', ')}`);
    expect(o.lost).toBe(0);
    expect(s.lost).toBe(0);
    expect(o.duplicated).toBe(o.inFlight);
    expect(s.duplicated).toBe(s.inFlight);
  }, 300_000);
});
