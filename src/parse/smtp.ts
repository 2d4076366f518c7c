/**
 * smtp — postfix/smtp and postfix/lmtp, the network delivery agents.
 *
 *   `4B7C21A0F3: to=<bob@example.net>, relay=mx.example.net[192.0.2.7]:25, delay=1.2, …, status=sent (250 …)`  → Delivery
 *   `4B7C21A0F3: host mx1.example.net[192.0.2.7] said: 421 4.7.0 Try again later (in reply to MAIL FROM command)`
 *   `4B7C21A0F3: host mx1.example.net[192.0.2.7] refused to talk to me: 554 5.7.1 …`
 *   `4B7C21A0F3: lost connection with mx1.example.net[192.0.2.7] while receiving the initial server greeting`
 *   `4B7C21A0F3: conversation with mx1.example.net[192.0.2.7] timed out while sending end of data`  → SmtpConversation
 *   `connect to mx.example.net[192.0.2.7]:25: Connection refused`                                   → SmtpConnectFailed
 *   `connect to mail.example.org[private/dovecot-lmtp]: No such file or directory` (lmtp, no port)
 * Other lines without a queue ID (`Untrusted TLS connection established to …`) are Ignored; a queued line that
 * matches nothing here is Unparsed.
 *
 *   `4B7C21A0F3: SASL authentication failed; server smtp.example.net[192.0.2.7] said: 535 5.7.8 …` → SmtpConversation (sasl)
 *   `certificate verification failed for mx.example.net[192.0.2.7]:25: self-signed certificate`, `SSL_connect error
 *   to …`, `4B7C21A0F3: Cannot start TLS: handshake failure`                                      → SmtpTlsFailed
 *
 * Limits: a remark whose peer has no `[address]` is Unparsed.
 */

import type { ParseResult, Peer, SmtpConversation, SmtpTlsFailed } from './postfix-events.js';
import type { SyslogRecord } from '../input/record.js';
import { parseDelivery } from './delivery.js';
import { parsePeer, peerEnd } from './fields.js';
import { queueIdLength } from './queue-id.js';
import { ignored, unparsed } from './results.js';

/** Known queued smtp/lmtp lines mtatrace does not model, by how their text after `QID: ` starts. */
const IGNORED_PREFIXES = ['enabling PIX workarounds', 'breaking line', 'mapping DSN status', 'host offered no '];

/** TLS failures, with or without a queue id: text prefix → where the peer starts after it (-1: no peer). */
const TLS_PREFIXES: ReadonlyArray<readonly [string, boolean]> = [
  ['certificate verification failed for ', true],
  ['server certificate verification failed for ', true],
  ['SSL_connect error to ', true],
  ['Cannot start TLS', false],
  ['TLS is required', false],
  ['Server certificate not', false],
];

/** The four non-final remarks: text after `QID: ` → [prefix before the peer, text after the peer, remark]. */
const REMARKS: ReadonlyArray<readonly [string, string, SmtpConversation['remark']]> = [
  ['host ', ' said: ', 'said'],
  ['host ', ' refused to talk to me: ', 'refused'],
  ['lost connection with ', ' while ', 'lost-connection'],
  ['conversation with ', ' timed out while ', 'timed-out'],
  ['SASL authentication failed; server ', ' said: ', 'sasl'],
];

export function parseSmtp(rec: SyslogRecord, syslogName: string, program: string): ParseResult {
  const s = rec.text;
  const qidLen = queueIdLength(s);
  if (qidLen < 0) {
    // Without a queue ID it is connection-level chatter (TLS, session cache), except a failed connect or TLS.
    if (s.startsWith('connect to ')) return connectFailed(rec, syslogName, program);
    return tlsFailed(rec, syslogName, program, 0) ?? ignored(program);
  }
  const p = qidLen + 2;
  if (s.startsWith('to=<', p)) return parseDelivery(rec, syslogName, program, qidLen);
  for (const [before, after, remark] of REMARKS) {
    if (!s.startsWith(before, p)) continue;
    const peerStart = p + before.length;
    const e = peerEnd(s, peerStart);
    if (e < 0 || !s.startsWith(after, e)) continue;
    const peer = parsePeer(s, peerStart, e);
    if (peer === undefined) return unparsed(program, 'bad peer', s);
    return {
      kind: 'smtp.conversation',
      timeUs: rec.timeUs, host: rec.host, program, syslogName, pid: rec.pid, text: s,
      queueId: s.slice(0, qidLen), peer, remark, reply: s.slice(e + after.length),
    };
  }
  return tlsFailed(rec, syslogName, program, p) ?? (isIgnored(s, p) ? ignored(program) : unparsed(program, 'unrecognised', s));
}

/** A TLS failure line at `p` (after the queue id, or 0), or undefined when the text is not one. */
export function tlsFailed(rec: SyslogRecord, syslogName: string, program: string, p: number): SmtpTlsFailed | undefined {
  const s = rec.text;
  for (const [prefix, hasPeer] of TLS_PREFIXES) {
    if (!s.startsWith(prefix, p)) continue;
    let peer: Peer | undefined;
    if (hasPeer) {
      const e = peerEnd(s, p + prefix.length);
      peer = e < 0 ? undefined : parsePeer(s, p + prefix.length, e);
    } else {
      const at = s.indexOf(' by host ', p);
      const e = at < 0 ? -1 : peerEnd(s, at + 9);
      peer = e < 0 ? undefined : parsePeer(s, at + 9, e);
    }
    return {
      kind: 'smtp.tls-failed',
      timeUs: rec.timeUs, host: rec.host, program, syslogName, pid: rec.pid, text: s,
      queueId: p === 0 ? undefined : s.slice(0, p - 2), peer, reason: s.slice(p),
    };
  }
  return undefined;
}

function connectFailed(rec: SyslogRecord, syslogName: string, program: string): ParseResult {
  const s = rec.text;
  const e = peerEnd(s, 11);
  if (e < 0 || !s.startsWith(': ', e)) return unparsed(program, 'connect to: bad peer', s);
  const peer = parsePeer(s, 11, e);
  if (peer === undefined) return unparsed(program, 'connect to: bad peer', s);
  return {
    kind: 'smtp.connect-failed',
    timeUs: rec.timeUs, host: rec.host, program, syslogName, pid: rec.pid, text: s,
    peer, reason: s.slice(e + 2),
  };
}

function isIgnored(s: string, at: number): boolean {
  for (const prefix of IGNORED_PREFIXES) if (s.startsWith(prefix, at)) return true;
  return false;
}
