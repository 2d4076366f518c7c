/**
 * dist — mtatrace's internal modules from dist/ for the bench scripts that cut the pipeline apart (stages.mjs,
 * encode.mjs), and `eachLine`, which feeds a file through the CLI's own line splitter (split2, 64 KiB lines).
 *
 *   await eachLine('bench/out/workload-….log', (line) => n++, () => tooLong++)
 *
 * Limits: these are internal modules; a changed signature in src/ needs the same change in those scripts.
 */
import { createReadStream } from 'node:fs';

const dist = new URL('../../dist/', import.meta.url);
export const { createRecordParser, splitLines } = await import(new URL('input/index.js', dist));
export const { parseRecord } = await import(new URL('parse/index.js', dist));
export const { Tracker } = await import(new URL('correlate/tracker.js', dist));
export const { Classifier } = await import(new URL('classify/classify.js', dist));
export const { toSpans } = await import(new URL('otel/spans.js', dist));
export const { toEvents } = await import(new URL('otel/events.js', dist));

/** Resolves when every line of `file` went to `onLine` (a line over 64 KiB goes to `onDrop` instead). */
export function eachLine(file, onLine, onDrop) {
  return new Promise((resolve, reject) => {
    const lines = splitLines({ maxLineBytes: 65536, onDrop });
    lines.on('data', onLine).on('end', resolve).on('error', reject);
    createReadStream(file).on('error', reject).pipe(lines);
  });
}
