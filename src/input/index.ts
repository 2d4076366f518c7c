/**
 * input — the input stage's entry points: `splitLines` (bytes → lines) and `createRecordParser` (line → record).
 *
 * The format is decided per line from its first character, so mixed input (a journald export followed by a
 * rotated rsyslog file) needs no configuration:
 *   `{`                    → JSON record (journald, Vector, Fluent Bit, rsyslog template) — see json.ts
 *   `<PRI>1 `              → RFC 5424                                                   — see syslog.ts
 *   `<PRI>`, digit, `A`–`Z` → RFC 3339- or RFC 3164-stamped text line                    — see syslog.ts
 * e.g. `Nov  7 10:00:00 mx1 postfix/smtp[1]: 4B7C21A0F3: to=<bob@example.net>, relay=…, status=sent (…)`.
 *
 * Limits: the parser never throws on a line; only an unknown `timezone` throws, once, when it is created.
 */
import type { InputResult } from './record.js';
import { parseJsonRecord } from './json.js';
import { parseSyslogText } from './syslog.js';
import type { TextContext } from './syslog.js';
import { zoneClock } from './time-zone.js';

export { splitLines } from './lines.js';
export type { SplitLinesOptions } from './lines.js';
export type { InputRejectReason, InputResult, SyslogRecord } from './record.js';

export interface RecordParserOptions {
  /** IANA zone for stamps without an offset; default the process zone (`TZ`), UTC if none. */
  timezone?: string;
  /** Year for stamps without one; default the most recent past occurrence relative to `nowMs()`. */
  year?: number;
  /** "Now" for year inference; default `Date.now`. */
  nowMs?: () => number;
}

const EMPTY: InputResult = { ok: false, reason: 'empty' };
const INTERNAL: InputResult = { ok: false, reason: 'bad_header' };

/** Builds the per-line parser. Throws only for an unknown time zone name. */
export function createRecordParser(opts: RecordParserOptions = {}): (line: string) => InputResult {
  const ctx: TextContext = {
    zone: zoneClock(opts.timezone),
    years: { year: opts.year, nowMs: opts.nowMs ?? Date.now },
  };
  return (line: string): InputResult => {
    if (line.length === 0) return EMPTY;
    try {
      let i = 0;
      let c = line.charCodeAt(0);
      while (c === 0x20 || c === 0x09 || c === 0xfeff) c = line.charCodeAt(++i);
      if (c === 0x7b /* { */) return parseJsonRecord(i === 0 ? line : line.slice(i), ctx);
      return parseSyslogText(line, ctx);
    } catch {
      // A bug in a parser must cost one line, not the process.
      return INTERNAL;
    }
  };
}
