/**
 * json — one JSON log record → SyslogRecord: journald, Vector, Fluent Bit and rsyslog JSON templates.
 *
 *   journalctl -o json: `{"__REALTIME_TIMESTAMP":"1795796581123456","_HOSTNAME":"mx1","SYSLOG_IDENTIFIER":"postfix/smtp","_PID":"1234","MESSAGE":"4B7C21A0F3: to=<…>"}`
 *   Vector (syslog):    `{"timestamp":"2026-11-27T16:23:01.123456Z","hostname":"mx1","appname":"postfix/smtp","procid":1234,"message":"…"}`
 *   Fluent Bit (tail):  `{"date":1795796581.123456,"log":"Nov 27 16:23:01 mx1 postfix/smtp[1234]: …"}`
 *   rsyslog template:   `{"timereported":"2026-11-27T16:23:01.123456+00:00","hostname":"mx1","syslogtag":"postfix/smtp[1234]:","msg":" …"}`
 * When the message field is itself a whole syslog line (file/tail sources), that line is parsed instead.
 * journald's MESSAGE may be an array of bytes (not valid UTF-8); it is decoded with U+FFFD for bad bytes.
 *
 * Limits: numeric epochs are read by magnitude (s, ms, µs or ns); a float in seconds is rounded to the µs.
 * Field names are looked up in the fixed order of the tables below; the first present one wins.
 */
import type { InputResult } from './record.js';
import { parseSyslogText, parseTagged, pidOf } from './syslog.js';
import type { TextContext } from './syslog.js';
import { checkedUs, parseRfc3164, parseRfc3339, stamp3164 } from './timestamps.js';

const MESSAGE_KEYS = ['MESSAGE', 'message', 'msg', 'log'];
const TAG_KEYS = ['SYSLOG_IDENTIFIER', 'appname', 'app_name', 'ident'];
/** Keys holding a whole `prog[pid]:` tag (rsyslog `%syslogtag%`). */
const RAW_TAG_KEYS = ['syslogtag', 'tag'];
/** rsyslog's `%programname%` stops at the first `/` (`postfix`), so it is the last resort. */
const SHORT_TAG_KEYS = ['programname'];
const PID_KEYS = ['_PID', 'SYSLOG_PID', 'procid', 'pid'];
const HOST_KEYS = ['_HOSTNAME', 'hostname', 'host', 'HOSTNAME'];
const TIME_KEYS = ['__REALTIME_TIMESTAMP', '_SOURCE_REALTIME_TIMESTAMP', 'timestamp', 'timereported', 'ts', 'date', 'time', '@timestamp'];

const BAD_JSON: InputResult = { ok: false, reason: 'bad_json' };
const NOT_OBJECT: InputResult = { ok: false, reason: 'json_not_object' };
const NO_MESSAGE: InputResult = { ok: false, reason: 'json_no_message' };
const NO_TAG: InputResult = { ok: false, reason: 'no_tag' };
const NO_TIMESTAMP: InputResult = { ok: false, reason: 'no_timestamp' };
const BAD_TIMESTAMP: InputResult = { ok: false, reason: 'bad_timestamp' };

type Json = Record<string, unknown>;

function first(obj: Json, keys: readonly string[]): unknown {
  for (const k of keys) {
    const v = obj[k];
    if (v !== undefined) return v;
  }
  return undefined;
}

/** A message value → text; undefined when absent, null or not text/bytes. */
function messageText(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  if (!Array.isArray(v)) return undefined;
  const bytes = new Uint8Array(v.length);
  for (let i = 0; i < v.length; i++) {
    const b: unknown = v[i];
    if (typeof b !== 'number' || !Number.isInteger(b) || b < 0 || b > 255) return undefined;
    bytes[i] = b;
  }
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('utf8');
}

/** An epoch number of unknown unit → µs, by magnitude. */
function epochToUs(n: number): number {
  const a = Math.abs(n);
  if (a < 1e11) return Math.round(n * 1e6);
  if (a < 1e14) return Math.round(n * 1e3);
  if (a < 1e17) return Math.round(n);
  return Math.floor(n / 1e3);
}

/** `1795796581.123456` as exact µs; NaN if the string is not `digits[.digits]`. */
function decimalSecondsUs(v: string, dot: number): number {
  const whole = pidOfLong(v, 0, dot);
  let frac = 0;
  let n = 0;
  for (let i = dot + 1; i < v.length; i++) {
    const c = v.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return NaN;
    if (n < 6) frac = frac * 10 + c;
    n++;
  }
  if (n === 0) return NaN;
  for (; n < 6; n++) frac *= 10;
  return whole * 1e6 + frac;
}

/** Digits in `v[from, to)` as a number (up to 19 digits), NaN otherwise. */
function pidOfLong(v: string, from: number, to: number): number {
  if (to <= from || to - from > 19) return NaN;
  let n = 0;
  for (let i = from; i < to; i++) {
    const c = v.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return NaN;
    n = n * 10 + c;
  }
  return n;
}

/** A time value (number, digit string, decimal seconds, RFC 3339 or RFC 3164 stamp) → µs; NaN if unreadable. */
function timeUsOf(v: unknown, ctx: TextContext): number {
  if (typeof v === 'number') return Number.isFinite(v) ? epochToUs(v) : NaN;
  if (typeof v !== 'string') return NaN;
  if (!Number.isNaN(pidOfLong(v, 0, v.length))) {
    // Nanosecond strings pass 2^53: cut the last three digits off the text, not the number.
    return v.length > 17 ? pidOfLong(v, 0, v.length - 3) : epochToUs(pidOfLong(v, 0, v.length));
  }
  const dot = v.indexOf('.');
  if (dot > 0 && dot <= 12 && !Number.isNaN(pidOfLong(v, 0, dot))) return decimalSecondsUs(v, dot);
  const iso = parseRfc3339(v, 0, v.length, ctx.zone);
  if (!Number.isNaN(iso)) return iso;
  const old = parseRfc3164(v, 0, ctx.zone, ctx.years);
  return !Number.isNaN(old) && stamp3164.end === v.length ? old : NaN;
}

function hostOf(obj: Json): string {
  const v = first(obj, HOST_KEYS);
  if (typeof v === 'string') return v;
  if (v !== null && typeof v === 'object' && typeof (v as Json).name === 'string') return (v as Json).name as string;
  return '';
}

function pidValue(v: unknown): number | undefined {
  if (typeof v === 'number') return Number.isInteger(v) && v >= 0 ? v : undefined;
  return typeof v === 'string' ? pidOf(v, 0, v.length) : undefined;
}

/** A usable tag: a string, trimmed, not empty, not the `-` NILVALUE. */
function tagValue(v: unknown): string | undefined {
  if (typeof v !== 'string') return undefined;
  const t = v.trim();
  return t === '' || t === '-' ? undefined : t;
}

/** Looks like the start of a syslog line (`<PRI>`, a digit, a capital letter or a BOM)? */
function mayBeSyslogLine(s: string): boolean {
  const c = s.charCodeAt(0);
  return c === 0x3c || (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || c === 0xfeff;
}

/** A line starting with `{` → record. Never throws. */
export function parseJsonRecord(line: string, ctx: TextContext): InputResult {
  let obj: unknown;
  try {
    obj = JSON.parse(line);
  } catch {
    return BAD_JSON;
  }
  if (obj === null || typeof obj !== 'object' || Array.isArray(obj)) return NOT_OBJECT;
  const rec = obj as Json;

  let text = messageText(first(rec, MESSAGE_KEYS));
  if (text === undefined) return NO_MESSAGE;
  if (text.endsWith('\n')) text = text.slice(0, text.endsWith('\r\n') ? -2 : -1);

  if (mayBeSyslogLine(text)) {
    const inner = parseSyslogText(text, ctx);
    if (inner.ok) return inner;
  }

  const rawTime = first(rec, TIME_KEYS);
  if (rawTime === undefined || rawTime === null) return NO_TIMESTAMP;
  const timeUs = checkedUs(timeUsOf(rawTime, ctx));
  if (Number.isNaN(timeUs)) return BAD_TIMESTAMP;
  const host = hostOf(rec);
  if (text.charCodeAt(0) === 0x20) text = text.slice(1);

  const tag = tagValue(first(rec, TAG_KEYS));
  if (tag !== undefined) {
    return { ok: true, record: { timeUs, host, tag, pid: pidValue(first(rec, PID_KEYS)), text } };
  }
  const rawTag = first(rec, RAW_TAG_KEYS);
  if (typeof rawTag === 'string') {
    // `postfix/smtp[1234]:` + the message, parsed like the tail of a text line (the `:` is optional here).
    const t = rawTag.trim();
    const tagged = parseTagged(`${t.endsWith(':') ? t : `${t}:`} ${text}`, 0, timeUs, host);
    if (tagged.ok) {
      if (tagged.record.pid === undefined) tagged.record.pid = pidValue(first(rec, PID_KEYS));
      return tagged;
    }
  }
  const short = tagValue(first(rec, SHORT_TAG_KEYS));
  if (short !== undefined) {
    return { ok: true, record: { timeUs, host, tag: short, pid: pidValue(first(rec, PID_KEYS)), text } };
  }
  return NO_TAG;
}
