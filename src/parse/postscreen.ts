/**
 * postscreen — postfix/postscreen, the zombie blocker in front of smtpd. Only its rejects are modelled:
 *   `NOQUEUE: reject: RCPT from [192.0.2.9]:4711: 550 5.7.1 Service unavailable; client [192.0.2.9] blocked using
 *    zen.spamhaus.org; from=<a@b>, to=<x@y>, proto=ESMTP, helo=<h>`                       → SmtpdReject
 *   `NOQUEUE: reject: CONNECT from [192.0.2.9]:4711: too many connections`                 → SmtpdReject (no trailer)
 * Its fields are comma-separated, unlike smtpd's. Its verdicts on clients (`PREGREET …`, `HANGUP …`, `DNSBL rank …`,
 * `COMMAND … LIMIT …`, `NON-SMTP COMMAND …`, `BARE NEWLINE …`) are InboundTrouble (inbound.ts); the rest
 * (`CONNECT from …`, `PASS NEW …`, `DISCONNECT …`) is Ignored.
 *
 * Limits: postscreen prints no client name, so the client peer is named `unknown`.
 */

import type { ParseResult } from './postfix-events.js';
import type { SyslogRecord } from '../input/record.js';
import { ignored } from './results.js';
import { postscreenTrouble } from './inbound.js';
import { parseReject } from './smtpd.js';

export function parsePostscreen(rec: SyslogRecord, syslogName: string, program: string): ParseResult {
  const s = rec.text;
  if (s.startsWith('NOQUEUE: reject: ')) return parseReject(rec, syslogName, program, -1, 17, ', ');
  return postscreenTrouble(rec, syslogName, program) ?? ignored(program);
}
