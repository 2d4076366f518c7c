/**
 * clamav-milter — ClamAV's milter (`clamav-milter/clamfi.c`) with `LogInfected`/`LogClean`: one line per message
 * it judged, keyed by Postfix's queue id (the milter macro `i`).
 *
 *   `Message 4B7C21A0F3 from <alice@example.net> to <bob@example.org> with subject 'hi' message-id '<x@example.net>'
 *    date 'Fri, 04 Dec 2026 10:00:00 +0000' infected by Eicar-Signature`     → Check content virus, reason Eicar-Signature
 *   `Message 4B7C21A0F3 infected by Eicar-Signature`                          → virus (`LogInfected Basic`)
 *   `Clean message 4B7C21A0F3 from <…> to <…> with subject '…' message-id '<…>' date '…'` → clean (`LogClean Full`)
 *   start-up, database reloads → Ignored
 *
 * Limits: a subject containing `' message-id '` confuses the Message-ID; the queue id is trusted as logged.
 */
import type { SyslogRecord } from '../input/record.js';
import type { ParseResult } from './postfix-events.js';
import { newCheck, unbracket } from './check-base.js';
import { ignored } from './results.js';

const PROGRAM = 'clamav-milter';
const LINE = /^(Clean message|Message) (\S+)(?: from <([^>]*)> to (.*?) with subject '.*' message-id '([^']*)' date '[^']*')?(?: infected by (.+))?$/;

export function parseClamavMilter(rec: SyslogRecord): ParseResult {
  const s = rec.text;
  const m = LINE.exec(s);
  if (!m || (m[1] === 'Message') === (m[6] === undefined)) return ignored(PROGRAM);
  const c = newCheck(rec, PROGRAM, 'content', m[6] === undefined ? 'clean' : 'virus');
  if (m[2] !== 'NOQUEUE' && m[2] !== 'NOID') c.queueId = m[2];
  if (m[3] !== undefined) c.sender = m[3];
  if (m[4] !== undefined) c.recipients = m[4].split(/,\s*/).map(unbracket);
  if (m[5]) c.messageId = unbracket(m[5]);
  if (m[6]) c.reason = m[6];
  return c;
}
