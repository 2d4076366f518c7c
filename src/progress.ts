/**
 * progress — a one-line progress report on stderr while replaying files, only when stderr is a terminal:
 *   `mtatrace: 1 250 000 lines (412 k lines/s), 3 100 messages in flight, log at 2026-11-26T10:42:03Z`
 * Rewritten in place every second with `\r`; cleared at the end so the summary starts on a clean line.
 */
import type { Writable } from 'node:stream';

export interface ProgressSource { lines(): number; inflight(): number; logUs(): number | undefined }

export function startProgress(stderr: Writable & { isTTY?: boolean }, src: ProgressSource, everyMs = 1000): () => void {
  if (!stderr.isTTY) return () => {};
  const started = Date.now();
  const timer = setInterval(() => {
    const n = src.lines();
    const rate = n / Math.max(0.001, (Date.now() - started) / 1000);
    const at = src.logUs();
    const when = at === undefined ? '' : `, log at ${new Date(at / 1000).toISOString().slice(0, 19)}Z`;
    stderr.write(`\rmtatrace: ${n} lines (${Math.round(rate / 1000)} k lines/s), ${src.inflight()} messages in flight${when}   `);
  }, everyMs);
  timer.unref();
  return () => { clearInterval(timer); stderr.write('\r\x1b[K'); };
}
