/**
 * export-queue: failed batches are retried with backoff until `retryMaxMs`, the queue bound makes `busy()` true,
 * `flush()` waits only for what was pushed before it, permanent rejections and `abandon()` are counted as dropped.
 */
import { ExportResultCode, type ExportResult } from '@opentelemetry/core';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ExportQueue } from '../../src/sinks/export-queue.js';

type Outcome = 'ok' | 'fail' | { status: number };
const result = (o: Outcome): ExportResult => (o === 'ok' ? { code: ExportResultCode.SUCCESS }
  : { code: ExportResultCode.FAILED, error: Object.assign(new Error(o === 'fail' ? 'connect ECONNREFUSED' : `status ${o.status}`), o === 'fail' ? {} : { code: o.status }) });

function queue(outcomes: Outcome[], opts: Partial<{ maxQueue: number; retryMaxMs: number }> = {}) {
  const sent: number[][] = [];
  let err = '';
  const q = new ExportQueue<number>({
    send: (items, done) => { sent.push([...items]); const o = outcomes.shift() ?? 'ok'; setTimeout(() => done(result(o)), 1); },
    what: 'span', batchSize: 2, maxQueue: opts.maxQueue ?? 4, flushMs: 10, retryMaxMs: opts.retryMaxMs ?? 60_000,
    stderr: { write: (s: string) => { err += s; return true; } } as NodeJS.WritableStream,
  });
  return { q, sent, stderr: () => err };
}

describe('ExportQueue', () => {
  beforeEach(() => { vi.useFakeTimers(); });
  afterEach(() => { vi.useRealTimers(); });

  it('retries a failing batch with growing delays and keeps it queued (busy) until it goes through', async () => {
    const { q, sent, stderr } = queue(['fail', 'ok', 'fail', 'fail', 'ok']);
    q.push([1, 2, 3, 4]);
    expect(q.busy()).toBe(true);
    const flushed = q.flush();
    await vi.advanceTimersByTimeAsync(1 + 1000 + 1 + 2000 + 1 + 4000 + 1 + 10);
    await flushed;
    expect(sent).toEqual([[1, 2], [3, 4], [1, 2], [1, 2], [1, 2]]);
    expect(q.counts).toEqual({ exported: 4, dropped: 0, failures: 3, retried: 3 });
    expect(q.busy()).toBe(false);
    expect(stderr()).toMatch(/span export failed \(connect ECONNREFUSED\); retrying for up to 60 s/);
  });

  it('drops (and counts) after retryMaxMs, and at once on a permanent 4xx', async () => {
    const { q, stderr } = queue(Array(50).fill('fail'), { retryMaxMs: 5000 });
    q.push([1, 2]);
    await vi.advanceTimersByTimeAsync(20_000);
    expect(q.counts.dropped).toBe(2);
    expect(stderr()).toMatch(/2 spans dropped/);
    const bad = queue([{ status: 400 }]);
    bad.q.push([7, 8]);
    await vi.advanceTimersByTimeAsync(5);
    expect(bad.q.counts).toMatchObject({ dropped: 2, retried: 0 });
    const throttled = queue([{ status: 429 }, 'ok']);
    throttled.q.push([7, 8]);
    await vi.advanceTimersByTimeAsync(2000);
    expect(throttled.q.counts).toMatchObject({ exported: 2, dropped: 0, retried: 1 });
  });

  it('flush waits for what was pushed before it, not for later items', async () => {
    const { q } = queue(['ok', 'fail', 'fail', 'fail']);
    q.push([1]);
    const first = q.flush();
    q.push([2, 3]);
    let done = false;
    void first.then(() => { done = true; });
    await vi.advanceTimersByTimeAsync(5);
    expect(done).toBe(true);
    expect(q.queued).toBe(2);
  });

  it('abandon counts everything still queued as dropped and releases waiters', async () => {
    const { q } = queue(Array(50).fill('fail'));
    q.push([1, 2, 3, 4, 5]);
    const flushed = q.flush();
    await vi.advanceTimersByTimeAsync(3000);
    expect(q.abandon()).toBe(5);
    await flushed;
    expect(q.counts.dropped).toBe(5);
    expect(q.busy()).toBe(false);
  });
});

describe('ExportQueue: what has been exported, for the intake journal', () => {
  it('exportedUpTo counts the items all exported, stops at the first dropped, and calls onSettled', async () => {
    const results = [ExportResultCode.SUCCESS, ExportResultCode.FAILED, ExportResultCode.SUCCESS];
    const errs: string[] = [];
    const q = new ExportQueue<number>({
      send: (_items, done) => { const code = results.shift() ?? ExportResultCode.SUCCESS; setImmediate(() => done({ code, error: code ? Object.assign(new Error('bad'), { code: 400 }) : undefined })); },
      what: 'span', batchSize: 2, maxQueue: 100, flushMs: 1, retryMaxMs: 0, stderr: { write: (s: string) => { errs.push(s); return true; } } as unknown as NodeJS.WritableStream,
    });
    let settled = 0;
    q.onSettled = () => { settled++; };
    q.push([1, 2, 3, 4, 5, 6]);
    await q.flush();
    expect(q.pushed).toBe(6);
    expect(settled).toBe(3);
    expect(q.exportedUpTo()).toBe(2); // items 3 and 4 were dropped (a permanent 400): 5 and 6 do not count
    expect(errs.join('')).toMatch(/2 spans dropped/);
  });
});
