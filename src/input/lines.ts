/**
 * lines — bytes in, one string per log line out (an object-mode Transform built on split2).
 *
 * `Nov  7 10:00:00 mx1 postfix/smtp[1]: 4B7C21A0F3: to=<bob@example.net>…\r\n` → `'Nov  7 10:00:00 mx1 postfix/smtp[1]: …'`
 *
 * - UTF-8 safe across chunk boundaries (split2's StringDecoder); invalid bytes become U+FFFD, never an error.
 * - `\n` and `\r\n` endings; a trailing `\r` left on the last line is stripped too. Empty lines are skipped.
 * - The last line is emitted at end of input even without a final newline.
 * - Lines longer than `maxLineBytes` are reported once through `onDrop('too_long')` and skipped. split2's
 *   `maxLength` + `skipOverflow` bound the memory: once the pending partial line passes the limit split2 stops
 *   buffering and discards input up to the next newline, so a 100 MiB line costs one chunk of memory, not 100 MiB.
 *
 * Limits: split2 counts UTF-16 code units, so its cut-off is a lower bound; the exact byte check happens on the
 * decoded line (an invalid byte counts as 3, the size of its U+FFFD). Overflow detection reads split2 4.x's
 * public `overflow` flag on the stream (pinned by test/input/lines.test.ts).
 */
import split2 from 'split2';
import type { Transform, TransformCallback } from 'node:stream';

export interface SplitLinesOptions {
  /** Longest line kept, in bytes (without its line ending). */
  maxLineBytes: number;
  /** Called once per skipped over-long line. */
  onDrop: (reason: 'too_long') => void;
}

/** split2's stream with the fields it keeps on itself (split2 4.x). */
interface Split2Stream extends Transform {
  overflow: boolean;
}

type TransformFn = (chunk: Buffer | string, enc: BufferEncoding, cb: TransformCallback) => void;
type FlushFn = (cb: TransformCallback) => void;

const NEWLINE = 0x0a;

/** An object-mode Transform: write bytes (or strings), read one string per non-empty line. */
export function splitLines(opts: SplitLinesOptions): Transform {
  const max = Math.max(1, Math.floor(opts.maxLineBytes));
  // While split2 flushes a partial line it already reported as over-long, don't report it twice.
  let flushingOverflow = false;

  const mapper = (raw: string): string | undefined => {
    const line = raw.charCodeAt(raw.length - 1) === 0x0d ? raw.slice(0, -1) : raw;
    if (line.length === 0) return undefined;
    // A code unit is 1–3 UTF-8 bytes (a surrogate pair is 4 bytes for 2 units), so most lines skip byteLength.
    if (line.length > max || (line.length * 3 > max && Buffer.byteLength(line, 'utf8') > max)) {
      if (!flushingOverflow) opts.onDrop('too_long');
      return undefined;
    }
    return line;
  };

  // +1: the pending partial line may still carry the `\r` of a CRLF ending.
  const stream = split2('\n', mapper, { maxLength: max + 1, skipOverflow: true } as split2.Options) as Split2Stream;

  const transform = stream._transform as TransformFn;
  stream._transform = function (chunk, enc, cb) {
    const wasOverflow = stream.overflow;
    // In overflow mode a chunk containing a newline ends the dropped line, so a new overflow is a new line.
    const endsLine = wasOverflow && (typeof chunk === 'string' ? chunk.includes('\n') : chunk.indexOf(NEWLINE) !== -1);
    transform.call(stream, chunk, enc, (err?: Error | null, data?: unknown) => {
      if (stream.overflow && (!wasOverflow || endsLine)) opts.onDrop('too_long');
      cb(err, data);
    });
  } as TransformFn;

  const flush = stream._flush as FlushFn;
  stream._flush = function (cb) {
    flushingOverflow = stream.overflow;
    flush.call(stream, cb);
  } as FlushFn;

  return stream;
}
