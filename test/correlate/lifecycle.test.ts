import { describe, expect, it } from 'vitest';
import { OPENERS, TERMINAL, TRANSITIONS, queueOf, step, type Input, type State } from '../../src/correlate/lifecycle.js';

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
