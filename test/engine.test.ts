/**
 * engine — the one way out: every output (a message's signal, an alert, a queue reconciliation) passes the
 * redactor before it reaches `emit`; and every line is counted by what became of it.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Classifier } from '../src/classify/classify.js';
import { Engine, type Output } from '../src/engine.js';
import { createRecordParser } from '../src/input/index.js';
import type { EventOut, SpanOut } from '../src/otel/model.js';
import type { Redactor } from '../src/otel/redact.js';
import { DEFAULT_ALERTS } from '../src/watch/alerts.js';

const SAMPLE = readFileSync(new URL('../examples/sample.log', import.meta.url), 'utf8').split('\n').filter(Boolean);

/** A redactor that marks what it saw. */
const marking: Redactor = {
  mode: 'hash', text: (t) => t,
  span: (s) => ({ ...s, attrs: { ...s.attrs, 'test.redacted': true } }),
  event: (e) => ({ ...e, attrs: { ...e.attrs, 'test.redacted': true } }),
};

function run(redactor?: Redactor): { out: [Output, readonly SpanOut[], readonly EventOut[]][]; engine: Engine } {
  const out: [Output, readonly SpanOut[], readonly EventOut[]][] = [];
  const classifier = new Classifier([]);
  const engine = new Engine({
    toRecord: createRecordParser({ timezone: 'UTC' }), traceKey: 'message-id', classify: (ev) => classifier.classify(ev as never),
    // The fixed alert thresholds (the sample log is too short to teach a pace), so that alerts are among the outputs.
    reorderWindowMs: 500, alerts: { ...DEFAULT_ALERTS, silenceLines: 0, stallDeliveries: 0 }, live: false, spans: true, redactor, emit: (...w) => { out.push(w); },
  });
  for (const line of ['not a syslog line', ...SAMPLE]) engine.line(line, 0);
  engine.drain(0);
  engine.reconcile('mx1', [{ queue: 'deferred', queueId: 'FFFFFFFFFF', arrivalUs: 1 }], 0);
  engine.endWatch();
  engine.finishAll(0);
  engine.settle();
  return { out, engine };
}

describe('the engine', () => {
  it('redacts everything that leaves, the watch\'s reports included', () => {
    const { out } = run(marking);
    const kinds = new Set(out.map(([o]) => o.type));
    expect(kinds).toContain('alert');
    expect(kinds).toContain('queue-reconciled');
    for (const [o, spans, events] of out) {
      for (const e of events) expect(e.attrs['test.redacted'], `${o.type} ${e.name}`).toBe(true);
      for (const s of spans) expect(s.attrs['test.redacted'], `${o.type} ${s.name}`).toBe(true);
    }
    expect(out.flatMap(([, , e]) => e).length).toBeGreaterThan(40);
  });

  it('counts every line by what became of it, and leaves the outputs alone without a redactor', () => {
    const { out, engine } = run();
    const s = engine.stats;
    expect(s.lines).toBe(SAMPLE.length + 1);
    expect(s.lines).toBe(s.parsed + s.ignored + s.unparsed + Object.values(s.rejected).reduce((a, b) => a + b, 0));
    expect(s.watch?.alerts.length).toBeGreaterThan(0);
    expect(out.flatMap(([, , e]) => e).some((e) => 'test.redacted' in e.attrs)).toBe(false);
  });
});
