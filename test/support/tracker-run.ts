/**
 * Runs fixture lines through the record parser, the Postfix parsers and a Tracker with the built-in classifier,
 * collecting the tracker's signals: for correlator tests that look at signals rather than at the engine's output.
 */
import { Classifier } from '../../src/classify/classify.js';
import type { Signal } from '../../src/correlate/signals.js';
import { Tracker, type Classify } from '../../src/correlate/tracker.js';
import { createRecordParser } from '../../src/input/index.js';
import { parseRecord } from '../../src/parse/index.js';

const toRecord = createRecordParser({ timezone: 'UTC' });

/** Each line applied in order; `finishAtUs` ends the input there (undefined: the input is left open). */
export function trackLines(lines: string, finishAtUs: number | undefined): { signals: Signal[]; tracker: Tracker } {
  const classifier = new Classifier();
  const signals: Signal[] = [];
  const tracker = new Tracker({ traceKey: 'queue-id', classify: ((ev) => classifier.classify(ev as never)) as Classify, emit: (s) => signals.push(s) });
  for (const line of lines.trim().split('\n')) {
    const r = toRecord(line.trim());
    if (!r.ok) throw new Error(`bad fixture line: ${line}`);
    const ev = parseRecord(r.record);
    if (ev.kind !== 'ignored' && ev.kind !== 'unparsed') tracker.apply(ev);
  }
  if (finishAtUs !== undefined) tracker.finishAll(finishAtUs);
  return { signals, tracker };
}
