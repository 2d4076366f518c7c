/**
 * local — postfix/local, postfix/virtual and postfix/pipe: final delivery into mailboxes, maildirs and commands.
 *
 *   `4B7C21A0F3: to=<bob@example.org>, relay=local, delay=0.05, delays=0.01/0/0/0.04, dsn=2.0.0, status=sent (delivered to mailbox)`
 *   `4B7C21A0F3: to=<bob@example.org>, relay=dovecot, delay=0.3, …, dsn=5.2.2, status=bounced (user unknown. Command output: …)`
 * Only the delivery grammar is modelled (see delivery.ts); lines without a queue ID are Ignored.
 *
 * `status=sent (forwarded as 5D8E9F0A1B)` (a .forward or alias to a remote address) puts the new queue ID in `queuedAs`.
 */

import type { ParseResult } from './postfix-events.js';
import type { SyslogRecord } from '../input/record.js';
import { parseDelivery } from './delivery.js';
import { queueIdLength } from './queue-id.js';
import { ignored, unparsed } from './results.js';

export function parseLocal(rec: SyslogRecord, syslogName: string, program: string): ParseResult {
  const s = rec.text;
  const qidLen = queueIdLength(s);
  if (qidLen < 0) return ignored(program);
  if (s.startsWith('to=', qidLen + 2)) return parseDelivery(rec, syslogName, program, qidLen);
  return unparsed(program, 'unrecognised', s);
}
