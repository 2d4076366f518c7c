/**
 * feed — one byte stream (stdin or a file) through the line splitter into the pipeline, with back-pressure.
 *
 *   `tail -F /var/log/mail.log | mtatrace` → one `onLine('Nov 27 10:00:01 mx1 postfix/qmgr[812]: …')` per line
 * When the outputs are `busy()` (export queue full) the line stream pauses until `drained()`; in `--omprog`
 * mode the confirmation for the line is withheld meanwhile (src/input/omprog.ts). `stop` ends the feed early
 * (SIGTERM): lines already split but not yet handled are not confirmed, so rsyslog sends them again.
 *
 * Limits: an empty input line produces no callback (and so no omprog confirmation); rsyslog's templates
 * never send one.
 */
import type { Readable } from 'node:stream';
import { splitLines } from './lines.js';
import type { OmprogAck } from './omprog.js';

export interface FeedOptions {
  maxLineBytes: number;
  onLine(line: string): void;
  /** A line over `maxLineBytes` was skipped. */
  onTooLong(): void;
  busy(): boolean;
  drained(): Promise<void>;
  ack?: OmprogAck;
  /** Receives the function that ends this feed early. */
  onStop(end: () => void): void;
}

export function feed(bytes: Readable, o: FeedOptions): Promise<void> {
  return new Promise((resolve, reject) => {
    let ended = false;
    const finish = (): void => { if (!ended) { ended = true; resolve(); } };
    const lines = splitLines({ maxLineBytes: o.maxLineBytes, onDrop: () => { o.onTooLong(); o.ack?.accepted(false); } });
    bytes.on('error', (err) => { if (!ended) { ended = true; reject(err); } });
    lines.on('error', (err) => { if (!ended) { ended = true; reject(err); } });
    lines.on('end', finish);
    lines.on('data', (line: string) => {
      if (ended) return;
      o.onLine(line);
      if (!o.busy()) { o.ack?.accepted(false); return; }
      o.ack?.accepted(true);
      lines.pause();
      const untilFree = (): Promise<void> => (o.busy() && !ended ? o.drained().then(untilFree) : Promise.resolve());
      void o.drained().then(untilFree).then(() => {
        if (ended) return;
        o.ack?.release();
        lines.resume();
      });
    });
    o.onStop(() => { bytes.unpipe(lines); finish(); });
    bytes.pipe(lines);
  });
}
