import { describe, expect, it } from 'vitest';
import { newLifecycle, noteAttempt, OPENERS, TERMINAL, TRANSITIONS, queueOf, step, type Input, type State } from '../../src/correlate/lifecycle.js';
import { SharedStrings } from '../../src/memory/shared-strings.js';
import type { Delivery } from '../../src/parse/postfix-events.js';
import { parseLine } from '../classify/parse-line.js';

const STATES: State[] = ['new', 'received', 'active', 'deferred', 'hold', 'expired', 'removed', 'deleted', 'rejected', 'discarded', 'requeued'];
const INPUTS: Input[] = ['client', 'pickup', 'message-id', 'queued', 'sent', 'deferred', 'bounced', 'expired', 'removed', 'hold', 'released', 'deleted', 'requeued', 'rejected', 'discarded'];

describe('TRANSITIONS, walked exhaustively', () => {
  it('names only known states and inputs, and has no two rows for one (state, input)', () => {
    const seen = new Map<string, State>();
    for (const t of TRANSITIONS) {
      expect(STATES).toContain(t.to);
      expect(INPUTS).toContain(t.on);
      for (const f of t.from) {
        expect(STATES).toContain(f);
        const k = `${f}|${t.on}`;
        expect(seen.has(k), `duplicate row for ${k}`).toBe(false);
        seen.set(k, t.to);
      }
    }
  });

  it('answers every (state, input) pair from the table and nothing else', () => {
    for (const s of STATES) {
      for (const i of INPUTS) {
        const rows = TRANSITIONS.filter((t) => t.on === i && t.from.includes(s));
        expect(step(s, i)).toBe(rows[0]?.to);
      }
    }
  });

  it('never leaves a terminal state', () => {
    for (const s of TERMINAL) for (const i of INPUTS) expect(step(s, i), `${s} + ${i}`).toBeUndefined();
  });

  it('reaches every state from new, and every live state can still end', () => {
    const reach = new Set<State>(['new']);
    for (let grew = true; grew;) {
      grew = false;
      for (const t of TRANSITIONS) {
        if (t.from.some((f) => reach.has(f)) && !reach.has(t.to)) { reach.add(t.to); grew = true; }
      }
    }
    expect([...reach].sort()).toEqual([...STATES].sort());
    for (const s of STATES) {
      if (TERMINAL.has(s) || s === 'new') continue;
      const ends = INPUTS.some((i) => { const n = step(s, i); return n !== undefined && TERMINAL.has(n); })
        || INPUTS.some((i) => { const n = step(s, i); return n !== undefined && n !== s && INPUTS.some((j) => TERMINAL.has(step(n, j) as State)); });
      expect(ends, `${s} can end`).toBe(true);
    }
  });

  it('uses every input, and only openers start a lifecycle', () => {
    for (const i of INPUTS) expect(TRANSITIONS.some((t) => t.on === i), i).toBe(true);
    for (const i of INPUTS) {
      if (step('new', i) !== undefined) expect(OPENERS.has(i), `${i} leaves new, so it must open`).toBe(true);
    }
  });

  it('walks the common stories', () => {
    const walk = (inputs: Input[]): State => inputs.reduce<State>((s, i) => step(s, i) ?? s, 'new');
    expect(walk(['client', 'message-id', 'queued', 'sent', 'removed'])).toBe('removed');
    expect(walk(['client', 'message-id', 'queued', 'deferred', 'queued', 'deferred', 'expired', 'removed'])).toBe('removed');
    expect(walk(['pickup', 'hold', 'message-id', 'released', 'queued', 'sent', 'removed'])).toBe('removed');
    expect(walk(['client', 'message-id', 'rejected'])).toBe('rejected');
    expect(walk(['queued', 'deferred', 'hold', 'deleted'])).toBe('deleted');
    expect(walk(['deferred'])).toBe('deferred');
  });

  it('maps states onto Postfix queues', () => {
    expect(queueOf('received')).toBe('incoming');
    expect(queueOf('active')).toBe('active');
    expect(queueOf('deferred')).toBe('deferred');
    expect(queueOf('hold')).toBe('hold');
    expect(queueOf('removed')).toBeUndefined();
  });
});

describe('noteAttempt', () => {
  const delivery = (qid: string, to: string, dsn: string, status: string, reply: string): Delivery => {
    const ev = parseLine(`2026-11-27T10:00:01+00:00 mx1 postfix/smtp[5]: ${qid}: to=<${to}>, relay=none, delay=9, delays=0/0/9/0, dsn=${dsn}, status=${status} (${reply})`);
    expect(ev?.kind).toBe('delivery');
    return ev as Delivery;
  };
  const outage = 'connect to mx.b.example[192.0.2.7]:25: Connection timed out';

  it('keeps the last dsn and reply of each recipient, whether they are shared through a table or not', () => {
    const shared = new SharedStrings(2, 512);
    const lcs = ['4B7C21A0F3', '4B7C21A0F4', '4B7C21A0F5'].map((q) => newLifecycle('mx1', q, 1, 'deferred'));
    const verdict = { cause: 'connection_timeout', rule: 'connect-timeout', transient: true };
    for (const [i, lc] of lcs.entries()) {
      noteAttempt(lc, delivery(lc.queueId, `b${i}@b.example`, '4.4.1', 'deferred', outage), verdict, shared);
      noteAttempt(lc, delivery(lc.queueId, 'c@c.example', `4.7.${i}`, 'deferred', `host mx.c.example[192.0.2.8] said: 450 4.7.${i} <c@c.example>: Greylisted`), undefined, shared);
    }
    expect(shared.size).toBeLessThanOrEqual(2);
    const rcpt = noteAttempt(lcs[0], delivery(lcs[0].queueId, 'b0@b.example', '2.0.0', 'sent', '250 2.0.0 Ok: queued as 9ABCDEF012'));
    expect(rcpt).toMatchObject({ to: 'b0@b.example', attempts: 2, status: 'sent', dsn: '2.0.0', reply: '250 2.0.0 Ok: queued as 9ABCDEF012', cause: undefined });
    expect(lcs[0].recipients).toHaveLength(2);
    for (const [i, lc] of lcs.entries()) {
      if (i > 0) expect(lc.recipients[0]).toMatchObject({ to: `b${i}@b.example`, attempts: 1, status: 'deferred', dsn: '4.4.1', reply: outage, cause: 'connection_timeout', causeRule: 'connect-timeout', transient: true });
      expect(lc.recipients[1]).toMatchObject({ to: 'c@c.example', attempts: 1, dsn: `4.7.${i}`, reply: `host mx.c.example[192.0.2.8] said: 450 4.7.${i} <c@c.example>: Greylisted`, cause: undefined });
    }
  });
});
