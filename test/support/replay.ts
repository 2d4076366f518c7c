/**
 * replay — log lines through input → parse → tracker → watch exactly as src/pipeline.ts orders them, for the
 * queue and alert tests. The cause of a failure line comes from a two-rule stand-in classifier, so these tests
 * do not move when the real rules change.
 */
import type { AlertChange, AlertConfig } from '../../src/correlate/alerts.js';
import type { QueueName } from '../../src/correlate/queues.js';
import { Tracker } from '../../src/correlate/tracker.js';
import { Watch } from '../../src/correlate/watch.js';
import { createRecordParser } from '../../src/input/index.js';
import { parseRecord } from '../../src/parse/index.js';

const toRecord = createRecordParser({ timezone: 'UTC' });

const cause = (text: string) => (/Connection refused/.test(text) ? 'connection_refused' : /timed out/.test(text) ? 'connection_timeout' : 'unknown');

export interface Replay {
  changes: AlertChange[];
  /** Queue counts on host mx1 after each line. */
  depth: { timeUs: number; counts: Record<QueueName, number> }[];
  watch: Watch;
}

/** `swapAt`: after that many lines, the watch is saved as JSON and replaced by a new one loaded from it (a restart). */
export function replay(lines: readonly string[], cfg: AlertConfig, swapAt = -1): Replay {
  let watch = new Watch(cfg);
  const tracker = new Tracker({
    traceKey: 'queue-id',
    classify: (ev) => ({ cause: cause('text' in ev ? ev.text : ''), rule: 'test', transient: true }),
    emit: (s) => watch.signal(s),
  });
  const changes: AlertChange[] = [];
  const depth: Replay['depth'] = [];
  for (const [i, line] of lines.entries()) {
    if (i === swapAt) {
      const saved: unknown = JSON.parse(JSON.stringify(watch.save()));
      watch = new Watch(cfg);
      watch.load(saved);
    }
    const r = toRecord(line);
    if (!r.ok) throw new Error(`bad test line: ${line}`);
    const ev = parseRecord(r.record);
    changes.push(...watch.before(r.record.host, r.record.timeUs));
    if (ev.kind !== 'ignored' && ev.kind !== 'unparsed') {
      tracker.apply(ev);
      watch.event(ev);
    }
    changes.push(...watch.after(r.record.host, r.record.timeUs));
    depth.push({ timeUs: r.record.timeUs, counts: watch.queues.snapshot('mx1', r.record.timeUs).counts });
  }
  return { changes, depth, watch };
}
