/**
 * fields — the field grammars several Postfix programs share, as index-based scanners (no regex, no split).
 *
 *   peers      `mx.example.net[192.0.2.7]:25`, `unknown[192.0.2.9]`, `[192.0.2.9]:4711` (postscreen),
 *              `mx[ipv6:2001:db8::1]:25`, `mail.example.org[private/dovecot-lmtp]`, `none`, `local`
 *   replies    `554 5.7.1 <x@y>: Relay access denied` → code 554, dsn `5.7.1`, text `<x@y>: Relay access denied`
 *   numbers    `delay=1.2`, `delays=0.01/0/0.5/0.7`, `conn_use=2`
 *   trailers   `(250 2.0.0 Ok: queued as 9ABCDEF)`, the parenthesised reply that may itself contain parentheses
 *
 * Functions take `(s, start, end)` and return values or indices (-1 / undefined / NaN when the text does not fit).
 * Limits: an `ipv6:` prefix inside brackets is dropped from the address; a peer printed without a name
 * (postscreen's `[192.0.2.9]:4711`) gets the name `unknown`, as Postfix prints unresolved clients.
 */

import type { Delays, Peer } from './postfix-events.js';

const D0 = 48;
const D9 = 57;

function isDigit(c: number): boolean {
  return c >= D0 && c <= D9;
}

/** A non-negative integer spelled exactly by `s.slice(start, end)`, or NaN. */
export function parseIntAt(s: string, start: number, end: number): number {
  if (end <= start || end - start > 15) return NaN;
  let v = 0;
  for (let i = start; i < end; i++) {
    const c = s.charCodeAt(i);
    if (!isDigit(c)) return NaN;
    v = v * 10 + (c - D0);
  }
  return v;
}

/** A non-negative decimal (`0.01`, `3600`, `1e-05`) spelled exactly by `s.slice(start, end)`, or NaN. */
export function parseNumAt(s: string, start: number, end: number): number {
  if (end <= start || !isDigit(s.charCodeAt(start))) return NaN;
  return Number(s.slice(start, end));
}

/** `a/b/c/d` in `s.slice(start, end)` as four numbers, or undefined. */
export function parseDelays(s: string, start: number, end: number): Delays | undefined {
  const s1 = s.indexOf('/', start);
  const s2 = s1 < 0 ? -1 : s.indexOf('/', s1 + 1);
  const s3 = s2 < 0 ? -1 : s.indexOf('/', s2 + 1);
  if (s3 < 0 || s3 >= end) return undefined;
  const d: Delays = [parseNumAt(s, start, s1), parseNumAt(s, s1 + 1, s2), parseNumAt(s, s2 + 1, s3), parseNumAt(s, s3 + 1, end)];
  return Number.isNaN(d[0] + d[1] + d[2] + d[3]) ? undefined : d;
}

/**
 * End (exclusive) of a bracketed peer that starts at `start`: just after `]`, or after `]:port`.
 * `peerEnd('host[192.0.2.1]:25: Connection refused', 0)` → 18. -1 when there is no `]`.
 */
export function peerEnd(s: string, start: number): number {
  const close = s.indexOf(']', start);
  if (close < 0) return -1;
  let e = close + 1;
  if (s.charCodeAt(e) === 58 && isDigit(s.charCodeAt(e + 1))) {
    e += 2;
    while (isDigit(s.charCodeAt(e))) e++;
  }
  return e;
}

/** `name[address]:port` (each part optional except the name or the brackets) in `s.slice(start, end)`. */
export function parsePeer(s: string, start: number, end: number): Peer | undefined {
  if (end <= start) return undefined;
  const open = s.indexOf('[', start);
  if (open < 0 || open >= end) {
    const sp = s.indexOf(' ', start);
    if (sp >= 0 && sp < end) return undefined;
    return { name: s.slice(start, end), address: undefined, port: undefined };
  }
  const close = s.lastIndexOf(']', end - 1);
  if (close <= open) return undefined;
  let port: number | undefined;
  if (close < end - 1) {
    if (s.charCodeAt(close + 1) !== 58) return undefined;
    port = parseIntAt(s, close + 2, end);
    if (Number.isNaN(port)) return undefined;
  }
  let a = open + 1;
  if (s.startsWith('ipv6:', a) || s.startsWith('IPv6:', a)) a += 5;
  return { name: open > start ? s.slice(start, open) : 'unknown', address: s.slice(a, close), port };
}

/** The SMTP reply code at `i` (`554` in `554 5.7.1 …`, also `421-…` and a bare `421`), or -1. */
function replyCode(s: string, i: number): number {
  if (!isDigit(s.charCodeAt(i)) || !isDigit(s.charCodeAt(i + 1)) || !isDigit(s.charCodeAt(i + 2))) return -1;
  const c = s.charCodeAt(i + 3);
  if (i + 3 < s.length && c !== 32 && c !== 45) return -1;
  return (s.charCodeAt(i) - D0) * 100 + (s.charCodeAt(i + 1) - D0) * 10 + (s.charCodeAt(i + 2) - D0);
}

/** End of an enhanced status code `X.Y.Z` at `i` (followed by a space or the end), or -1. */
function dsnEnd(s: string, i: number): number {
  const c = s.charCodeAt(i);
  if (c < 50 || c > 53 || s.charCodeAt(i + 1) !== 46) return -1; // class 2, 3, 4 or 5, then '.'
  let j = i + 2;
  const subj = j;
  while (isDigit(s.charCodeAt(j)) && j - subj < 3) j++;
  if (j === subj || s.charCodeAt(j) !== 46) return -1;
  const det = ++j;
  while (isDigit(s.charCodeAt(j)) && j - det < 3) j++;
  if (j === det) return -1;
  return j === s.length || s.charCodeAt(j) === 32 ? j : -1;
}

/**
 * The text inside the parenthesised trailer that opens at `open`: up to the line's final `)`, so nested
 * parentheses stay inside. A line cut short (no final `)`) keeps what is there.
 */
export function parenText(s: string, open: number): string {
  const last = s.length - 1;
  return s.charCodeAt(last) === 41 && last > open ? s.slice(open + 1, last) : s.slice(open + 1);
}

/**
 * `9ABCDEF` from `250 2.0.0 Ok: queued as 9ABCDEF` (the last occurrence), or from local(8)'s
 * `forwarded as 9ABCDEF` (a .forward or alias to a remote address re-queues the message), else undefined.
 */
export function queuedAs(reply: string): string | undefined {
  const q = reply.lastIndexOf('queued as ');
  const start = q >= 0 ? q + 'queued as '.length : reply.startsWith('forwarded as ') ? 'forwarded as '.length : -1;
  if (start < 0) return undefined;
  let e = start;
  for (;;) {
    const c = reply.charCodeAt(e);
    if (!(isDigit(c) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122))) break;
    e++;
  }
  return e > start ? reply.slice(start, e) : undefined;
}

/**
 * End of an `<address>` value whose `<` is at `open`: the index of the `>` that starts `terminator`
 * (`'>, relay='`), or, with an empty terminator, the line's final `>`. Handles `<>` and addresses that contain
 * `>`, commas or quotes, as long as they do not contain the terminator itself.
 */
export function angleEnd(s: string, open: number, terminator: string): number {
  if (s.charCodeAt(open) !== 60) return -1;
  if (terminator === '') return s.charCodeAt(s.length - 1) === 62 && s.length - 1 > open ? s.length - 1 : -1;
  return s.indexOf(terminator, open + 1);
}

/** A reply taken apart: `554 5.7.1 <x@y>: Relay access denied` → code 554, dsn `5.7.1`, text `<x@y>: Relay …`. */
export interface ReplyParts {
  code: number | undefined;
  dsn: string | undefined;
  text: string;
}

/** Split the reply in `s.slice(start, end)` into its optional codes and its text. */
export function splitReply(s: string, start: number, end: number): ReplyParts {
  let i = start;
  let code: number | undefined = replyCode(s, i);
  if (code < 0 || i + 3 > end) code = undefined;
  else i = Math.min(i + 4, end);
  let dsn: string | undefined;
  const de = dsnEnd(s, i);
  if (de >= 0 && de <= end) {
    dsn = s.slice(i, de);
    i = Math.min(de + 1, end);
  }
  return { code, dsn, text: s.slice(i, end) };
}
