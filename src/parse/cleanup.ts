/**
 * cleanup — postfix/cleanup: every message passes through it once per queue ID.
 *
 *   `4B7C21A0F3: message-id=<20261127.abc@example.org>`                           → CleanupMessageId
 *   `4B7C21A0F3: resent-message-id=<r1@example.org>`                              → CleanupMessageId (resent)
 *   `4B7C21A0F3: reject: header Subject: win big from local; from=<a@b> to=<x@y>: 5.7.1 No spam`  → CleanupAction
 *   `4B7C21A0F3: hold: header X-Hold: yes from localhost[127.0.0.1]; from=<a@b> to=<x@y> proto=ESMTP helo=<h>`
 *   `4B7C21A0F3: warning: body …`, `discard:`, `redirect:`, `replace:`, `prepend:`, `filter:` (header/body checks)
 *   `4B7C21A0F3: milter-reject: END-OF-MESSAGE from mail.example.org[192.0.2.1]: 5.7.1 virus found; from=<…> to=<…>`
 *   `4B7C21A0F3: milter-hold: END-OF-MESSAGE from …: milter triggers HOLD action; from=<…> to=<…> …`
 *   `4B7C21A0F3: milter-header-redirect: header X-Spam: yes from …; from=<…> to=<…> proto=ESMTP helo=<h>: x@y`
 *
 * Limits: `what` keeps the matched header or body text as Postfix logs it (cut at 200 characters by Postfix);
 * a Message-ID is stored without its angle brackets, and is '' for `message-id=<>`; `info:` and other
 * unmodelled actions are Ignored, as are lines without a queue ID.
 */

import type { CleanupAction, ParseResult } from './postfix-events.js';
import type { SyslogRecord } from '../input/record.js';
import { splitReply } from './fields.js';
import { queueIdLength } from './queue-id.js';
import { ignored, unparsed } from './results.js';
import { findWhatsup } from './whatsup.js';

const ACTIONS: ReadonlySet<string> = new Set<CleanupAction['action']>([
  'reject', 'hold', 'discard', 'redirect', 'warning', 'milter-reject', 'milter-hold', 'milter-discard',
  'replace', 'prepend', 'filter',
]);
const MILTER_HEADER = 'milter-header-';
const IGNORED_ACTIONS: ReadonlySet<string> = new Set(['info', 'bcc', 'strip', 'dunno', 'ignore']);

export function parseCleanup(rec: SyslogRecord, syslogName: string, program: string): ParseResult {
  const s = rec.text;
  const qidLen = queueIdLength(s);
  if (qidLen < 0) return ignored(program);
  const p = qidLen + 2;
  if (s.startsWith('message-id=', p)) return messageId(rec, syslogName, program, qidLen, p + 11, false);
  if (s.startsWith('resent-message-id=', p)) return messageId(rec, syslogName, program, qidLen, p + 18, true);
  if (s.startsWith('placed on hold', p)) return ignored(program); // global/hold_message.c, verbose or old Postfix
  const colon = s.indexOf(': ', p);
  if (colon < 0 || colon - p > 24) return unparsed(program, 'unrecognised', s);
  const action = s.slice(p, colon);
  // A header a milter added, put through header_checks (cleanup_milter.c: `milter-header-redirect`, …): the
  // header-check grammar, the action after the prefix.
  if (action.startsWith(MILTER_HEADER) && ACTIONS.has(action.slice(MILTER_HEADER.length))) {
    return cleanupAction(rec, syslogName, program, qidLen, action.slice(MILTER_HEADER.length) as CleanupAction['action'], colon + 2);
  }
  if (ACTIONS.has(action)) return cleanupAction(rec, syslogName, program, qidLen, action as CleanupAction['action'], colon + 2);
  if (IGNORED_ACTIONS.has(action)) return ignored(program);
  return unparsed(program, 'unrecognised', s);
}

function messageId(rec: SyslogRecord, syslogName: string, program: string, qidLen: number, v: number, resent: boolean): ParseResult {
  const s = rec.text;
  const end = s.length;
  const bracketed = s.charCodeAt(v) === 60 && s.charCodeAt(end - 1) === 62 && end - v >= 2;
  return {
    kind: 'cleanup.message-id',
    timeUs: rec.timeUs, host: rec.host, program, syslogName, pid: rec.pid, text: s,
    queueId: s.slice(0, qidLen),
    messageId: bracketed ? s.slice(v + 1, end - 1) : s.slice(v),
    resent,
  };
}

function cleanupAction(
  rec: SyslogRecord, syslogName: string, program: string, qidLen: number, action: CleanupAction['action'], w: number,
): ParseResult {
  const s = rec.text;
  const milter = action.startsWith('milter-');
  const trailer = findWhatsup(s, w, ' ', !milter);
  if (trailer === undefined) return unparsed(program, 'action: no from=/to= trailer', s);
  const fromAt = s.indexOf(' from ', w);
  const whatEnd = milter ? fromAt : s.lastIndexOf(' from ', trailer.semi);
  if (whatEnd < w) return unparsed(program, 'action: no " from " origin', s);
  let dsn: string | undefined;
  let reply: string | undefined;
  let replyStart = -1;
  let replyEnd = s.length;
  if (milter) {
    const colon = s.indexOf(': ', fromAt);
    if (colon < 0 || colon > trailer.semi) return unparsed(program, 'milter action: no reply', s);
    replyStart = colon + 2;
    replyEnd = trailer.semi;
  } else if (trailer.textStart >= 0) {
    replyStart = trailer.textStart;
  }
  if (replyStart >= 0) {
    const parts = splitReply(s, replyStart, replyEnd);
    dsn = parts.dsn;
    reply = parts.text;
  }
  return {
    kind: 'cleanup.action',
    timeUs: rec.timeUs, host: rec.host, program, syslogName, pid: rec.pid, text: s,
    queueId: s.slice(0, qidLen), action, what: s.slice(w, whatEnd),
    from: trailer.from, to: trailer.to, dsn, reply,
  };
}
