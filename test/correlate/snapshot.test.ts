/**
 * snapshot + replay: a tracker checkpointed at any line and restored into a fresh one emits exactly what an
 * uninterrupted tracker emits, even when the input is replayed from before the checkpoint; bad state is refused.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Signal } from '../../src/correlate/signals.js';
import { fromJSON, SnapshotError, toJSON } from '../../src/correlate/snapshot.js';
import { Tracker } from '../../src/correlate/tracker.js';
import { createRecordParser } from '../../src/input/index.js';
import { toEvents } from '../../src/otel/message-events.js';
import { toSpans } from '../../src/otel/spans.js';
import type { PostfixEvent } from '../../src/parse/postfix-events.js';
import { parseRecord } from '../../src/parse/index.js';

const toRecord = createRecordParser({ timezone: 'UTC' });
const sample = readFileSync(new URL('../../examples/sample.log', import.meta.url), 'utf8');
const EVENTS: PostfixEvent[] = sample.split('\n').flatMap((line) => {
  const r = line.trim() ? toRecord(line) : undefined;
  if (!r?.ok) return [];
  const ev = parseRecord(r.record);
  return ev.kind === 'ignored' || ev.kind === 'unparsed' ? [] : [ev];
});

/** Everything a signal puts on the wire, as comparable strings. */
const wire = (s: Signal): string[] => [...toSpans(s), ...toEvents(s)].map((x) => JSON.stringify(x));

function tracker(out: string[]): Tracker {
  return new Tracker({ traceKey: 'message-id', emit: (s) => out.push(...wire(s)) });
}

/** JSON round trip, as the state file does it. */
const roundTrip = (t: Tracker) => fromJSON(JSON.parse(JSON.stringify(toJSON({ tracker: t.state(), pending: [], extra: {} }))));

const reference: string[] = [];
{
  const t = tracker(reference);
  for (const ev of EVENTS) t.apply(ev);
  t.finishAll(Number.MAX_SAFE_INTEGER);
}

describe('checkpoint and restore', () => {
  it('gives the same spans and events as an uninterrupted run, for a restart after any line and any replay overlap', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: EVENTS.length }), fc.integer({ min: 0, max: 30 }), (cut, overlap) => {
      const first: string[] = [];
      const a = tracker(first);
      for (const ev of EVENTS.slice(0, cut)) a.apply(ev);
      const snap = roundTrip(a);
      const second: string[] = [];
      const b = tracker(second);
      b.restore(snap.tracker);
      for (const ev of EVENTS.slice(Math.max(0, cut - overlap))) b.apply(ev);
      b.finishAll(Number.MAX_SAFE_INTEGER);
      expect([...first, ...second]).toEqual(reference);
      expect(b.counters.replayed + b.counters.duplicates).toBe(Math.min(cut, overlap));
    }), { numRuns: 300 });
  });

  it('survives many restarts in one replay', () => {
    const out: string[] = [];
    let t = tracker(out);
    for (let i = 0; i < EVENTS.length; i++) {
      t.apply(EVENTS[i]);
      if (i % 3 === 0) { const snap = roundTrip(t); t = tracker(out); t.restore(snap.tracker); }
    }
    t.finishAll(Number.MAX_SAFE_INTEGER);
    expect(out).toEqual(reference);
  });

  it('refuses foreign, future and malformed state with the path of the bad field', () => {
    const good = JSON.parse(JSON.stringify(toJSON({ tracker: (() => { const t = tracker([]); for (const ev of EVENTS.slice(0, 20)) t.apply(ev); return t.state(); })(), pending: ['x'], extra: {} })));
    expect(fromJSON(good).tracker.lifecycles.length).toBeGreaterThan(0);
    expect(() => fromJSON({ ...good, format: 'something-else' })).toThrow(/not an mtatrace state file/);
    expect(() => fromJSON({ ...good, version: 99 })).toThrow(/version 99 is not supported/);
    expect(() => fromJSON([1, 2])).toThrow(SnapshotError);
    expect(() => fromJSON(null)).toThrow(SnapshotError);
    const bad = structuredClone(good);
    bad.tracker.lifecycles[0].state = 'flying';
    expect(() => fromJSON(bad)).toThrow('tracker.lifecycles[0].state: unknown state');
    const bad2 = structuredClone(good);
    bad2.tracker.lifecycles[0].recipients = { a: 1 };
    expect(() => fromJSON(bad2)).toThrow('tracker.lifecycles[0].recipients: expected an array');
  });

  it('never throws anything but SnapshotError on arbitrary JSON', () => {
    fc.assert(fc.property(fc.jsonValue(), (v) => {
      try { fromJSON(v); } catch (err) { expect(err).toBeInstanceOf(SnapshotError); }
    }), { numRuns: 500 });
  });
});

describe('memory bounds', () => {
  it('--max-inflight: never holds more than N lifecycles; the oldest end as incomplete and are counted', () => {
    const finished: Signal[] = [];
    const t = new Tracker({ traceKey: 'queue-id', maxInflight: 3, emit: (s) => { if (s.type === 'finished') finished.push(s); } });
    for (let i = 0; i < 50; i++) {
      t.apply({ kind: 'qmgr.queued', host: 'mx1', program: 'qmgr', syslogName: 'postfix', pid: 2, timeUs: 1e15 + i * 1e6, text: `Q${i}: from=<a@b>, size=1, nrcpt=1 (queue active)`, queueId: `Q${i}`, from: 'a@b', size: 1, nrcpt: 1 } as PostfixEvent);
      expect(t.size).toBeLessThanOrEqual(3);
    }
    expect(t.counters.evicted).toBe(47);
    expect(finished.map((s) => (s as Extract<Signal, { type: 'finished' }>).incomplete)).toEqual(Array(47).fill(true));
    expect((finished[0] as Extract<Signal, { type: 'finished' }>).lc.queueId).toBe('Q0');
  });

  it('--idle-timeout: a lifecycle without a line for that long (log time) ends as incomplete', () => {
    const ended: string[] = [];
    const day = 86_400e6;
    const t = new Tracker({ traceKey: 'queue-id', idleUs: 5 * day, emit: (s) => { if (s.type === 'finished') ended.push(s.lc.queueId); } });
    const q = (id: string, us: number) => ({ kind: 'qmgr.queued', host: 'mx1', program: 'qmgr', syslogName: 'postfix', pid: 2, timeUs: us, text: `${id}: q`, queueId: id, from: 'a@b', size: 1, nrcpt: 1 }) as PostfixEvent;
    t.apply(q('OLD', 1e15));
    t.apply(q('NEW', 1e15 + 4 * day));
    expect(ended).toEqual([]);
    t.apply(q('NEWER', 1e15 + 5.5 * day));
    expect(ended).toEqual(['OLD']);
    expect(t.counters.idle).toBe(1);
  });
});
