/**
 * omprog-crash — the promise of the intake journal, from outside: mtatrace driven the way rsyslog's omprog drives
 * it (one line, wait for OK, re-send what had no OK to the next process), killed with SIGKILL at random moments
 * (≥ 20 times over one replay of a generated three-host log), exports over OTLP to a loopback receiver. Every
 * recipient outcome (`mta.recipient.completed` log record) and every span of the uninterrupted run arrives
 * exactly once: 0 lost, 0 duplicated. Before the journal, 3 kills lost 164 of 193 outcomes.
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
const outcomes = (): string[] => rx.logs().filter((l) => l.eventName === 'mta.recipient.completed').map(outcomeKey).sort();
const spans = (): string[] => rx.spans().map(spanKey).sort();

/** Counts of what `got` lacks and what it has more often than `want`. */
function diff(want: string[], got: string[]): { lost: number; duplicated: number } {
  const count = new Map<string, number>();
  for (const k of want) count.set(k, (count.get(k) ?? 0) + 1);
  let duplicated = 0;
  for (const k of got) {
    const n = count.get(k) ?? 0;
    if (n > 0) count.set(k, n - 1);
    else duplicated++;
  }
  return { lost: [...count.values()].reduce((a, b) => a + b, 0), duplicated };
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'mtatrace-omprog-crash-'));
  const gen = await promisify(execFile)(process.execPath, [GEN, '--lines', '4000', '--seed', '21'], { maxBuffer: 1 << 26 });
  lines = gen.stdout.split('\n').filter(Boolean);
  rx = await startReceiver();
}, 60_000);
afterAll(async () => { await rx.close(); });

describe('--omprog --state-file under kill -9', () => {
  it('≥ 20 random kills over a replay: every recipient outcome and every span exactly once', async () => {
    const env = { OTEL_EXPORTER_OTLP_ENDPOINT: rx.url };
    const args = (name: string) => ['--state-file', join(dir, name), '--checkpoint-interval', '0.3'];
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
    const o = diff(wantOutcomes, outcomes());
    const s = diff(wantSpans, spans());
    console.log(`omprog kill -9 soak: ${run.restarts} kills, ${wantOutcomes.length} outcomes: ${o.lost} lost, ${o.duplicated} duplicated; ${wantSpans.length} spans: ${s.lost} lost, ${s.duplicated} duplicated`);
    expect(o).toEqual({ lost: 0, duplicated: 0 });
    expect(s).toEqual({ lost: 0, duplicated: 0 });
  }, 300_000);
});
