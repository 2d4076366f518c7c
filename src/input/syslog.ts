/**
 * syslog — one text log line → SyslogRecord, the format told apart by its first characters.
 *
 *   RFC 3164 / journalctl short:  `Nov  7 10:00:00 mx1 postfix/smtp[1234]: 4B7C21A0F3: to=<bob@example.net>, …`
 *   Postfix maillog_file:         `Nov 07 10:00:00 mx1 postfix/smtp[1234]: …`
 *   RFC 3339 (Debian 12 rsyslog): `2026-11-27T16:23:01.123456+00:00 mx1 postfix/smtp[1234]: …`
 *   RFC 5424:                     `<22>1 2026-11-27T16:23:01.123456+00:00 mx1 postfix/smtp 1234 - - …`
 * An optional `<PRI>` may precede the first two kinds, a UTF-8 BOM any of them. Tags keep slashes and dashes
 * (`postfix/submission/smtpd`, `postfix-out/smtp`).
 *
 *   container prefixes:           `postfix-1  | Nov  7 10:00:00 mx1 …`, `2026-11-07T10:00:00.1Z Nov  7 10:00:00 mx1 …` (container.ts)
 *
 * Limits: the RFC 3164 HOSTNAME is required (a line with the tag right after the stamp gets host ''); a tag
 * must end in `:` (`last message repeated 3 times` is `no_tag`). RFC 5424 MSGID and structured data are skipped.
 */
import { composePrefix, containerNameEnd } from './container.js';
import type { InputResult, SyslogRecord } from './record.js';
import type { ZoneClock } from './time-zone.js';
import { isMonth, parseRfc3164, parseRfc3339, stamp3164 } from './timestamps.js';
import type { YearPolicy } from './timestamps.js';

/** What the text parser needs to turn stamps into instants. */
export interface TextContext {
  zone: ZoneClock;
  years: YearPolicy;
}

const NO_TIMESTAMP: InputResult = { ok: false, reason: 'no_timestamp' };
const BAD_TIMESTAMP: InputResult = { ok: false, reason: 'bad_timestamp' };
const NO_TAG: InputResult = { ok: false, reason: 'no_tag' };
const BAD_HEADER: InputResult = { ok: false, reason: 'bad_header' };
const EMPTY: InputResult = { ok: false, reason: 'empty' };

function ok(timeUs: number, host: string, tag: string, pid: number | undefined, text: string): InputResult {
  const record: SyslogRecord = { timeUs, host, tag, pid, text };
  return { ok: true, record };
}

/** Decimal digits in `s[from, to)` as a number; undefined if empty, not all digits, or too long. */
export function pidOf(s: string, from: number, to: number): number | undefined {
  if (to <= from || to - from > 10) return undefined;
  let n = 0;
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return undefined;
    n = n * 10 + c;
  }
  return n;
}

/** Parses `tag[pid]: text` or `tag: text` at `i`; the host and time come from the caller. */
export function parseTagged(s: string, i: number, timeUs: number, host: string): InputResult {
  let j = i;
  for (; j < s.length; j++) {
    const c = s.charCodeAt(j);
    if (c === 0x5b /* [ */ || c === 0x3a /* : */ || c === 0x20 /* space */) break;
  }
  if (j === i || j === s.length || s.charCodeAt(j) === 0x20) return NO_TAG;
  const tag = s.slice(i, j);
  let pid: number | undefined;
  if (s.charCodeAt(j) === 0x5b) {
    const close = s.indexOf(']', j + 1);
    if (close === -1 || s.charCodeAt(close + 1) !== 0x3a) return NO_TAG;
    pid = pidOf(s, j + 1, close);
    j = close + 1;
  }
  j++; // past ':'
  if (s.charCodeAt(j) === 0x20) j++;
  return ok(timeUs, host, tag, pid, s.slice(j));
}

/** After the stamp (at the space that ends it): ` host tag[pid]: text`. */
function afterStamp(s: string, i: number, timeUs: number): InputResult {
  while (s.charCodeAt(i) === 0x20) i++;
  const space = s.indexOf(' ', i);
  if (space === -1) return i === s.length ? NO_TAG : BAD_HEADER;
  // No HOSTNAME: the first word already is the tag (`postfix/smtp[1]:`).
  if (s.charCodeAt(space - 1) === 0x3a /* : */ && (s.charCodeAt(space - 2) === 0x5d /* ] */ || s.indexOf(':', i) === space - 1)) {
    return parseTagged(s, i, timeUs, '');
  }
  const host = s.slice(i, space);
  let t = space + 1;
  while (s.charCodeAt(t) === 0x20) t++;
  return parseTagged(s, t, timeUs, host);
}

/**
 * A container runtime's stamp (`docker logs -t`) is followed by the syslog line's own stamp: skip that one
 * (the runtime's has the year and zone). Returns the index of the space after the inner stamp, or `end`.
 */
function skipInnerStamp(s: string, end: number, ctx: TextContext): number {
  const j = end + 1;
  const c = s.charCodeAt(j);
  if (c >= 0x41 && c <= 0x5a && isMonth(s, j)) {
    if (!Number.isNaN(parseRfc3164(s, j, ctx.zone, ctx.years))) return stamp3164.end;
  } else if (c >= 0x30 && c <= 0x39 && s[j + 4] === '-') {
    let e = s.indexOf(' ', j);
    if (e === -1) e = s.length;
    if (!Number.isNaN(parseRfc3339(s, j, e, ctx.zone))) return e;
  }
  return end;
}

/** RFC 5424 after `<PRI>1 `: `TIMESTAMP HOST APP PROCID MSGID SD [MSG]`. */
function parse5424(s: string, i: number, ctx: TextContext): InputResult {
  const tsEnd = s.indexOf(' ', i);
  if (tsEnd === -1) return BAD_HEADER;
  if (tsEnd - i === 1 && s[i] === '-') return NO_TIMESTAMP;
  const timeUs = parseRfc3339(s, i, tsEnd, ctx.zone);
  if (Number.isNaN(timeUs)) return BAD_TIMESTAMP;
  const hostEnd = s.indexOf(' ', tsEnd + 1);
  const appEnd = hostEnd === -1 ? -1 : s.indexOf(' ', hostEnd + 1);
  const pidEnd = appEnd === -1 ? -1 : s.indexOf(' ', appEnd + 1);
  const msgIdEnd = pidEnd === -1 ? -1 : s.indexOf(' ', pidEnd + 1);
  if (msgIdEnd === -1) return BAD_HEADER;
  const host = s.slice(tsEnd + 1, hostEnd);
  const tag = s.slice(hostEnd + 1, appEnd);
  if (tag === '-' || tag === '') return NO_TAG;
  const pid = pidOf(s, appEnd + 1, pidEnd);
  let j = msgIdEnd + 1;
  if (s[j] === '-') j++;
  else if (s[j] === '[') {
    j = skipStructuredData(s, j);
    if (j < 0) return BAD_HEADER;
  } else return BAD_HEADER;
  let text = '';
  if (j < s.length) {
    if (s[j] !== ' ') return BAD_HEADER;
    j++;
    if (s.charCodeAt(j) === 0xfeff) j++;
    text = s.slice(j);
  }
  return ok(timeUs, host === '-' ? '' : host, tag, pid, text);
}

/** Index after `[id k="v" …][…]…` starting at `i`, or -1 when unterminated. Quoted values may escape `"`, `\`, `]`. */
function skipStructuredData(s: string, i: number): number {
  while (s[i] === '[') {
    let quoted = false;
    let j = i + 1;
    for (; j < s.length; j++) {
      const c = s[j];
      if (quoted) {
        if (c === '\\') j++;
        else if (c === '"') quoted = false;
      } else if (c === '"') quoted = true;
      else if (c === ']') break;
    }
    if (j >= s.length) return -1;
    i = j + 1;
  }
  return i;
}

/** Any text syslog line → record, with a container runtime's prefix taken off first when one is there. Never throws. */
export function parseSyslogText(s: string, ctx: TextContext): InputResult {
  const r = parsePlain(s, 0, ctx);
  if (r.ok || r.reason === 'empty') return r;
  // Not a syslog line as it stands: `name  | …` from docker compose?
  let i = 0;
  while (s.charCodeAt(i) === 0xfeff) i++;
  const rest = composePrefix(s, i);
  if (rest < 0) return r;
  const name = s.slice(i, containerNameEnd.end);
  const inner = parsePlain(s, rest, ctx);
  if (!inner.ok) return inner.reason === 'empty' ? NO_TAG : inner;
  inner.record.container = name;
  return inner;
}

function parsePlain(s: string, i: number, ctx: TextContext): InputResult {
  while (s.charCodeAt(i) === 0xfeff || s.charCodeAt(i) === 0x20 || s.charCodeAt(i) === 0x09) i++;
  if (i >= s.length) return EMPTY;
  if (s.charCodeAt(i) === 0x3c /* < */) {
    const close = s.indexOf('>', i + 1);
    if (close === -1 || close - i > 4 || pidOf(s, i + 1, close) === undefined) return BAD_HEADER;
    i = close + 1;
    if (s.charCodeAt(i) === 0x31 /* 1 */ && s.charCodeAt(i + 1) === 0x20) return parse5424(s, i + 2, ctx);
  }
  const c = s.charCodeAt(i);
  if (c >= 0x30 && c <= 0x39) {
    let end = s.indexOf(' ', i);
    if (end === -1) end = s.length;
    const timeUs = parseRfc3339(s, i, end, ctx.zone);
    if (Number.isNaN(timeUs)) return end - i >= 10 && s[i + 4] === '-' ? BAD_TIMESTAMP : NO_TIMESTAMP;
    return afterStamp(s, skipInnerStamp(s, end, ctx), timeUs);
  }
  if (c >= 0x41 && c <= 0x5a) {
    const timeUs = parseRfc3164(s, i, ctx.zone, ctx.years);
    if (Number.isNaN(timeUs)) return isMonth(s, i) ? BAD_TIMESTAMP : NO_TIMESTAMP;
    return afterStamp(s, stamp3164.end, timeUs);
  }
  return NO_TIMESTAMP;
}
