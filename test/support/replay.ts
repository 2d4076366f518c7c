/**
 * replay — log lines through the engine (src/engine.ts), the very loop the CLI runs, for the queue and alert
 * tests. The cause of a failure line comes from a two-rule stand-in classifier, so these tests do not move when
 * the real rules change. No reorder window (the test logs are already in order).
 */
import { Engine } from '../../src/engine.js';
import { createRecordParser } from '../../src/input/index.js';
import type { AlertChange, AlertConfig } from '../../src/watch/alerts.js';
import type { QueueName } from '../../src/watch/queues.js';
import type { Watch } from '../../src/watch/watch.js';

const toRecord = createRecordParser({ timezone: 'UTC' });

const cause = (text: string) => (/Connection refused/.test(text) ? 'connection_refused' : /timed out/.test(text) ? 'connection_timeout' : 'unknown');

export interface Replay {
  changes: AlertChange[];
  /** Queue counts on host mx1 after each line. */
  depth: { timeUs: number; counts: Record<QueueName, number> }[];
  watch: Watch;
}

/** `swapAt`: after that many lines, the engine's state is saved as JSON and a new engine continues from it (a restart). */
export function replay(lines: readonly string[], cfg: AlertConfig, swapAt = -1): Replay {
  const changes: AlertChange[] = [];
  const make = (): Engine => new Engine({
    toRecord: createRecordParser({ timezone: 'UTC' }), traceKey: 'queue-id', reorderWindowMs: 0, alerts: cfg, live: false, spans: false,
    classify: (ev) => ({ cause: cause('text' in ev ? ev.text : ''), rule: 'test', transient: true }),
    emit: (out) => { if (out.type === 'alert') changes.push(out.change); },
  });
  let engine = make();
  const depth: Replay['depth'] = [];
  for (const [i, line] of lines.entries()) {
    if (i === swapAt) {
      const saved = JSON.parse(JSON.stringify(engine.snapshot())) as ReturnType<Engine['snapshot']>;
      engine = make();
      engine.restore(saved, 0);
    }
    const r = toRecord(line);
    if (!r.ok) throw new Error(`bad test line: ${line}`);
    engine.line(line, 0);
    const t = r.record.timeUs;
    depth.push({ timeUs: t, counts: engine.watch.queues.picture('mx1', t).counts });
  }
  return { changes, depth, watch: engine.watch };
}
