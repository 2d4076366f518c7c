/**
 * inbound — trouble with SMTP clients that never becomes a reject line: aborted uploads, timeouts, protocol
 * abuse, postscreen verdicts and DNSBL hits. Counted with bounded labels so abuse and broken uploads show up.
 *
 *   smtpd      `lost connection after DATA (7774180 bytes) from unknown[192.0.2.7]`      → lost_connection, DATA, bytes
 *              `timeout after END-OF-MESSAGE from …`, `too many errors after RCPT from …`,
 *              `improper command pipelining after EHLO from …: MAIL FROM:<>…`, `SSL_accept error from …: -1`,
 *              `warning: unknown[192.0.2.7]: SASL LOGIN authentication failed: …`, `warning: non-SMTP command from …: GET / HTTP/1.1`
 *   postscreen `PREGREET 14 after 0.08 from [192.0.2.2]:59415: EHLO x\r\n`, `HANGUP after 16 from [192.0.2.3]:48119 in tests after SMTP handshake`,
 *              `DNSBL rank 2 for [192.0.2.4]:55382`, `COMMAND TIME LIMIT from [192.0.2.5]:1234 after CONNECT`,
 *              `COMMAND COUNT|LENGTH LIMIT …`, `COMMAND PIPELINING …`, `NON-SMTP COMMAND …`, `BARE NEWLINE …`
 *   dnsblog    `addr 192.0.2.4 listed by domain zen.example.org as 127.0.0.2`
 * Wording from smtpd/smtpd.c (`lost connection after`, `timeout after`, `too many errors after`, `improper command
 * pipelining after`), postscreen/postscreen_early.c and postscreen_smtpd.c, dnsblog/dnsblog.c.
 *
 * Limits: the stage is one of Postfix's command names or `other`; postscreen prints no client name (`unknown`).
 * With whole-second stamps (RFC 3164) two identical lines of one process in one second count once: they cannot
 * be told from a retried copy (correlate/replay.ts).
 */
import type { InboundTrouble, Peer } from './postfix-events.js';
import type { SyslogRecord } from '../input/record.js';
import { parsePeer, peerEnd } from './fields.js';

/** The SMTP stages Postfix names after `after` (smtpd.c `state->where`); others become `other`. */
const STAGES: ReadonlySet<string> = new Set([
  'CONNECT', 'EHLO', 'HELO', 'STARTTLS', 'AUTH', 'MAIL', 'RCPT', 'DATA', 'BDAT', 'END-OF-MESSAGE', 'RSET',
  'NOOP', 'VRFY', 'ETRN', 'QUIT', 'UNKNOWN', 'XCLIENT', 'XFORWARD', 'CLEANUP',
]);
const stageOf = (s: string): string => (STAGES.has(s) ? s : 'other');

function make(rec: SyslogRecord, syslogName: string, program: string, trouble: InboundTrouble['trouble'], client: Peer | undefined, extra: Partial<InboundTrouble> = {}): InboundTrouble {
  return {
    kind: 'inbound.trouble', timeUs: rec.timeUs, host: rec.host, program, syslogName, pid: rec.pid, text: rec.text,
    trouble, client, ...extra,
  };
}

/** The peer after ` from ` at or after `at`. */
function fromPeer(s: string, at: number): Peer | undefined {
  const f = s.indexOf(' from ', at);
  if (f < 0) return undefined;
  const e = peerEnd(s, f + 6);
  return e < 0 ? undefined : parsePeer(s, f + 6, e);
}

const SMTPD_AFTER: ReadonlyArray<readonly [string, InboundTrouble['trouble']]> = [
  ['lost connection after ', 'lost_connection'],
  ['timeout after ', 'timeout'],
  ['too many errors after ', 'too_many_errors'],
  ['improper command pipelining after ', 'pipelining'],
];

/** smtpd's own lines without a queue id; undefined when `s` is other chatter. */
export function smtpdTrouble(rec: SyslogRecord, syslogName: string, program: string): InboundTrouble | undefined {
  const s = rec.text;
  for (const [prefix, trouble] of SMTPD_AFTER) {
    if (!s.startsWith(prefix)) continue;
    const p = prefix.length;
    let e = p;
    while (e < s.length && s.charCodeAt(e) !== 32) e++;
    const stage = stageOf(s.slice(p, e));
    let bytes: number | undefined;
    const m = s.startsWith(' (', e) ? /^ \((\d+) bytes\)/.exec(s.slice(e, e + 24)) : null;
    if (m) bytes = Number(m[1]);
    return make(rec, syslogName, program, trouble, fromPeer(s, e), { stage, bytes });
  }
  if (s.startsWith('SSL_accept error from ')) return make(rec, syslogName, program, 'tls_failed', fromPeer(s, 15));
  return undefined;
}

/** smtpd warnings that are a client's doing: SASL guessing, HTTP or other non-SMTP talk. */
export function smtpdWarningTrouble(rec: SyslogRecord, syslogName: string, program: string, message: string): InboundTrouble | undefined {
  if (message.startsWith('non-SMTP command from ')) return make(rec, syslogName, program, 'non_smtp_command', fromPeer(message, 15));
  const e = peerEnd(message, 0);
  if (e > 0 && message.startsWith(': SASL ', e) && message.includes(' authentication failed', e)) {
    return make(rec, syslogName, program, 'sasl_failed', parsePeer(message, 0, e));
  }
  return undefined;
}

const POSTSCREEN: ReadonlyArray<readonly [string, InboundTrouble['trouble']]> = [
  ['PREGREET ', 'pregreet'],
  ['HANGUP ', 'hangup'],
  ['DNSBL rank ', 'dnsbl'],
  ['COMMAND TIME LIMIT ', 'command_time_limit'],
  ['COMMAND COUNT LIMIT ', 'command_count_limit'],
  ['COMMAND LENGTH LIMIT ', 'command_length_limit'],
  ['COMMAND PIPELINING ', 'command_pipelining'],
  ['NON-SMTP COMMAND ', 'non_smtp_command'],
  ['BARE NEWLINE ', 'bare_newline'],
];

/** A postscreen verdict on a client; undefined for other lines (CONNECT, PASS, DISCONNECT, cache cleanup). */
export function postscreenTrouble(rec: SyslogRecord, syslogName: string, program: string): InboundTrouble | undefined {
  const s = rec.text;
  for (const [prefix, trouble] of POSTSCREEN) {
    if (!s.startsWith(prefix)) continue;
    const open = s.indexOf('[', prefix.length);
    const e = open < 0 ? -1 : peerEnd(s, open);
    const client = e < 0 ? undefined : parsePeer(s, open, e);
    const extra: Partial<InboundTrouble> = {};
    if (trouble === 'dnsbl') extra.rank = Number.parseInt(s.slice(prefix.length), 10);
    // `COMMAND TIME LIMIT from [ip]:port after RCPT`: the stage the client had reached.
    const after = trouble === 'pregreet' || trouble === 'hangup' || trouble === 'dnsbl' ? -1 : s.indexOf(' after ', e < 0 ? 0 : e);
    if (after > 0) {
      let x = after + 7;
      while (x < s.length && s.charCodeAt(x) !== 32 && s.charCodeAt(x) !== 58) x++;
      extra.stage = stageOf(s.slice(after + 7, x));
    }
    return make(rec, syslogName, program, trouble, client, extra);
  }
  return undefined;
}

/** `addr 192.0.2.4 listed by domain zen.example.org as 127.0.0.2`. */
export function dnsblogTrouble(rec: SyslogRecord, syslogName: string, program: string): InboundTrouble | undefined {
  const m = /^addr (\S+) listed by domain (\S+)/.exec(rec.text);
  if (!m) return undefined;
  return make(rec, syslogName, program, 'dnsbl_listed', { name: 'unknown', address: m[1] }, { list: m[2] });
}
