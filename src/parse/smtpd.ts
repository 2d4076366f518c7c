/**
 * smtpd — postfix/smtpd under any service name (`postfix/submission/smtpd`, `postfix/reinject/smtpd`).
 *
 *   `connect from mail.example.org[192.0.2.1]`                                          → SmtpdConnect
 *   `disconnect from mail.example.org[192.0.2.1] ehlo=1 mail=1 rcpt=1 data=1 quit=1 commands=5` → SmtpdDisconnect
 *   `4B7C21A0F3: client=mail.example.org[192.0.2.1], sasl_method=PLAIN, sasl_username=alice`   → SmtpdClient
 *   `4B7C21A0F3: client=localhost[127.0.0.1], orig_queue_id=3E9D11A0F4, orig_client=mail.example.org[192.0.2.1]`
 *   `NOQUEUE: reject: RCPT from unknown[192.0.2.9]: 554 5.7.1 <x@y>: Relay access denied; from=<a@b> to=<x@y> proto=ESMTP helo=<h>`
 *   `4B7C21A0F3: milter-reject: END-OF-MESSAGE from …: 5.7.1 Spam; from=<a@b> to=<x@y> proto=ESMTP helo=<h>` → SmtpdReject
 * Lines without a queue ID (`lost connection after DATA from …`, TLS chatter) and unmodelled actions
 * (`reject_warning:`, `filter:`, `warn:`) are Ignored; a queued or NOQUEUE line that matches nothing is Unparsed.
 *
 * A reject cut before its `; from=<…> to=<…>` trailer is read with what is there (`truncated: true`); a redacted
 * client (`from <censored>: `) keeps the word as its name.
 *
 * Limits: `NOQUEUE: client=` (stand-alone `sendmail -bs`) is Ignored; a `sasl_username=` value containing
 * `, word=` is cut there.
 */

import type { ParseResult, Peer, SmtpdReject } from './postfix-events.js';
import type { SyslogRecord } from '../input/record.js';
import { parsePeer, peerEnd, splitReply } from './fields.js';
import { queueIdLength } from './queue-id.js';
import { ignored, unparsed } from './results.js';
import { smtpdTrouble } from './inbound.js';
import { findWhatsup, type Whatsup } from './whatsup.js';

const REJECT_ACTIONS: ReadonlySet<string> = new Set<SmtpdReject['action']>([
  'reject', 'milter-reject', 'hold', 'milter-hold', 'discard', 'milter-discard',
]);
const IGNORED_ACTIONS: ReadonlySet<string> = new Set([
  'reject_warning', 'warn', 'filter', 'redirect', 'bcc', 'permit', 'proxy-reject', 'proxy-accept',
]);
const NOQUEUE_IGNORED = ['client=', 'lost connection'];

export function parseSmtpd(rec: SyslogRecord, syslogName: string, program: string): ParseResult {
  const s = rec.text;
  if (s.startsWith('connect from ')) return connection(rec, syslogName, program, 'smtpd.connect', 13);
  if (s.startsWith('disconnect from ')) return connection(rec, syslogName, program, 'smtpd.disconnect', 16);
  let p: number;
  const qidLen = queueIdLength(s);
  if (qidLen >= 0) {
    p = qidLen + 2;
    if (s.startsWith('client=', p)) return client(rec, syslogName, program, qidLen);
  } else if (s.startsWith('NOQUEUE: ')) {
    p = 9;
    for (const prefix of NOQUEUE_IGNORED) if (s.startsWith(prefix, p)) return ignored(program);
  } else {
    // Without a queue ID: client trouble (`lost connection after DATA from …`, `timeout after …`), else chatter.
    return smtpdTrouble(rec, syslogName, program) ?? ignored(program);
  }
  const colon = s.indexOf(': ', p);
  const action = colon < 0 ? '' : s.slice(p, colon);
  if (REJECT_ACTIONS.has(action)) return parseReject(rec, syslogName, program, qidLen, colon + 2, ' ');
  if (IGNORED_ACTIONS.has(action)) return ignored(program);
  return unparsed(program, 'unrecognised', s);
}

function connection(
  rec: SyslogRecord, syslogName: string, program: string, kind: 'smtpd.connect' | 'smtpd.disconnect', at: number,
): ParseResult {
  const s = rec.text;
  const e = peerEnd(s, at);
  const client = e < 0 ? undefined : parsePeer(s, at, e);
  if (client === undefined || (e < s.length && s.charCodeAt(e) !== 32)) return unparsed(program, 'connect: bad client', s);
  if (kind === 'smtpd.disconnect' && s.includes(' commands=', e)) {
    return { kind, timeUs: rec.timeUs, host: rec.host, program, syslogName, pid: rec.pid, text: s, client, dataOk: okCount(s, ' data=', e) + okCount(s, ' bdat=', e) };
  }
  return { kind, timeUs: rec.timeUs, host: rec.host, program, syslogName, pid: rec.pid, text: s, client };
}

/** `data=2` → 2, `data=0/1` → 0, absent → 0 (smtpd.c: `name=ok` when all succeeded, else `name=ok/total`). */
function okCount(s: string, key: string, from: number): number {
  const at = s.indexOf(key, from);
  return at < 0 ? 0 : Number.parseInt(s.slice(at + key.length, at + key.length + 10), 10) || 0;
}

/** End of the `, key=value` value that starts at `v`: the next `, ` followed by a lower-case `key=`, or the end. */
function valueEnd(s: string, v: number): number {
  let i = s.indexOf(', ', v);
  while (i >= 0) {
    let j = i + 2;
    for (let c = s.charCodeAt(j); (c >= 97 && c <= 122) || c === 95; c = s.charCodeAt(++j));
    if (j > i + 2 && s.charCodeAt(j) === 61) return i;
    i = s.indexOf(', ', i + 2);
  }
  return s.length;
}

function client(rec: SyslogRecord, syslogName: string, program: string, qidLen: number): ParseResult {
  const s = rec.text;
  let q = qidLen + 9;
  let e = valueEnd(s, q);
  const peer = parsePeer(s, q, e);
  if (peer === undefined) return unparsed(program, 'client: bad client=', s);
  let saslUsername: string | undefined;
  let origQueueId: string | undefined;
  let origClient: Peer | undefined;
  while (e < s.length) {
    const k = e + 2;
    const eq = s.indexOf('=', k);
    q = eq + 1;
    e = valueEnd(s, q);
    switch (s.slice(k, eq)) {
      case 'sasl_username': saslUsername = s.slice(q, e); break;
      case 'orig_queue_id': origQueueId = s.slice(q, e); break;
      case 'orig_client':
        origClient = parsePeer(s, q, e);
        if (origClient === undefined) return unparsed(program, 'client: bad orig_client=', s);
        break;
      default: break;
    }
  }
  return {
    kind: 'smtpd.client',
    timeUs: rec.timeUs, host: rec.host, program, syslogName, pid: rec.pid, text: s,
    queueId: s.slice(0, qidLen), client: peer, saslUsername, origQueueId, origClient,
  };
}

/**
 * `ACTION: STAGE from PEER: REPLY; trailer` starting at `a` (just after `ACTION: `). Also used by postscreen,
 * whose trailer separates fields with `, `. `qidLen` is -1 for NOQUEUE.
 */
export function parseReject(
  rec: SyslogRecord, syslogName: string, program: string, qidLen: number, a: number, sep: ' ' | ', ',
): ParseResult {
  const s = rec.text;
  const p = qidLen < 0 ? 9 : qidLen + 2;
  const fromAt = s.indexOf(' from ', a);
  let e = fromAt < 0 ? -1 : peerEnd(s, fromAt + 6);
  let client = e < 0 || !s.startsWith(': ', e) ? undefined : parsePeer(s, fromAt + 6, e);
  if (client === undefined && fromAt >= 0) {
    // A client someone redacted before sharing the log (`from <censored>: `): Postfix never writes `<…>` there,
    // so one bracketed word is a placeholder, kept as the name.
    e = s.indexOf('>: ', fromAt + 6) + 1;
    const name = e <= 0 ? '' : s.slice(fromAt + 6, e);
    if (name.startsWith('<') && !name.includes(' ')) client = { name };
  }
  if (client === undefined) return unparsed(program, 'reject: bad client', s);
  let trailer: Partial<Whatsup> | undefined = findWhatsup(s, e + 2, sep, false);
  // smtpd always ends the reply with `;` and a trailer (smtpd_check.c log_whatsup); a line without one was cut
  // (relays truncate at 1 024 bytes, people shorten lines they paste): keep what is there and say so.
  // postscreen's CONNECT rejects (`too many connections`) have no trailer.
  let truncated: true | undefined;
  if (trailer === undefined && sep === ' ') { trailer = cutTrailer(s, e + 2); truncated = true; }
  const reply = splitReply(s, e + 2, trailer?.semi ?? s.length);
  return {
    kind: 'smtpd.reject',
    timeUs: rec.timeUs, host: rec.host, program, syslogName, pid: rec.pid, text: s,
    queueId: qidLen < 0 ? undefined : s.slice(0, qidLen),
    action: s.slice(p, a - 2) as SmtpdReject['action'],
    stage: s.slice(a, fromAt),
    client, code: reply.code, dsn: reply.dsn, reply: reply.text,
    from: trailer?.from, to: trailer?.to, proto: trailer?.proto, helo: trailer?.helo, truncated,
  };
}

const CUT_FIELD = /(?:^|[ ,])(from|to|helo)=<([^>]*)>|(?:^|[ ,])proto=([A-Z]+)(?=[ ,]|$)/g;

/** The start of a trailer that was cut off (`; from=<a@b> to=<x@ex`) and the fields that survived whole. */
function cutTrailer(s: string, from: number): Partial<Whatsup> | undefined {
  let semi = s.indexOf('; ', from);
  while (semi >= 0 && !/^(?:from|to|proto|helo)=/.test(s.slice(semi + 2, semi + 8))) semi = s.indexOf('; ', semi + 1);
  if (semi < 0) return undefined;
  const w: Partial<Whatsup> = { semi };
  for (const m of s.slice(semi + 1).matchAll(CUT_FIELD)) {
    if (m[3] !== undefined) w.proto = m[3];
    else w[m[1] as 'from' | 'to' | 'helo'] = m[2];
  }
  return w;
}
