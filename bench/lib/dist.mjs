/**
 * dist — mtatrace's internal modules from dist/ for the bench scripts that cut the pipeline apart (stages.mjs:
 * the engine; encode.mjs: the otel stage alone), and `eachLine`, which feeds a file through the CLI's own line splitter (split2, 64 KiB lines).
 *
 *   await eachLine('bench/out/workload-….log', (line) => n++, () => tooLong++)
 *
 * Limits: these are internal modules; a changed signature in src/ needs the same change in those scripts.
 */
import { createReadStream } from 'node:fs';

const dist = new URL('../../dist/', import.meta.url);
export const { createRecordParser, splitLines } = await import(new URL('input/index.js', dist));
export const { parseRecord } = await import(new URL('parse/index.js', dist));
export const { Engine } = await import(new URL('engine.js', dist));
const { DEFAULT_ALERTS } = await import(new URL('watch/alerts.js', dist));
export const { Classifier } = await import(new URL('classify/classify.js', dist));

/** Resolves when every line of `file` went to `onLine` (a line over 64 KiB goes to `onDrop` instead). */
export function eachLine(file, onLine, onDrop) {
  return new Promise((resolve, reject) => {
    const lines = splitLines({ maxLineBytes: 65536, onDrop });
    lines.on('data', onLine).on('end', resolve).on('error', reject);
    createReadStream(file).on('error', reject).pipe(lines);
  });
}

/**
 * The engine as `mtatrace --once` builds it with the default options (UTC, year 2026 for RFC 3164 stamps, the
 * built-in rules), emitting to `emit`; `stopAfter` cuts it after a stage (src/engine.ts).
 */
export function benchEngine(emit, stopAfter) {
  const classifier = new Classifier([]);
  return new Engine({
    toRecord: createRecordParser({ timezone: 'UTC', year: 2026 }), traceKey: 'message-id', classify: (ev) => classifier.classify(ev),
    reorderWindowMs: 500, alerts: DEFAULT_ALERTS, live: false, spans: true, emit, stopAfter,
  });
}

/** Feeds `file` through `engine` and ends the input as `--once` does. */
export async function runEngine(engine, file) {
  await eachLine(file, (line) => engine.line(line, Date.now()), () => engine.tooLong());
  engine.drain(Date.now());
  engine.endWatch();
  engine.finishAll(Date.now() * 1000);
  return engine.settle();
}
