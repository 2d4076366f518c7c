/**
 * error — postfix/error, postfix/retry and postfix/discard: the pseudo delivery agents that fail, defer or drop
 * a recipient without talking to anyone.
 *
 *   `4B7C21A0F3: to=<bob@example.net>, relay=none, delay=89758, delays=89758/0.02/0/0, dsn=4.4.1,
 *    status=deferred (delivery temporarily suspended: connect to mx.example.net[192.0.2.7]:25: Connection timed out)`
 *   `4B7C21A0F3: to=<x@example.org>, relay=none, delay=0.1, delays=0.1/0/0/0, dsn=5.0.0, status=bounced (User unknown)`
 *   `4B7C21A0F3: to=<x@example.org>, relay=none, delay=0.1, delays=0.1/0/0/0, dsn=2.0.0, status=sent (discarded)`
 * `delivery temporarily suspended: <reason>` stays in the reply; the classifier reads the inner reason.
 *
 * Limits: only the delivery grammar is modelled; lines without a queue ID are Ignored.
 */

import type { ParseResult } from './postfix-events.js';
import type { SyslogRecord } from '../input/record.js';
import { parseDelivery } from './delivery.js';
import { queueIdLength } from './queue-id.js';
import { ignored, unparsed } from './results.js';

export function parseError(rec: SyslogRecord, syslogName: string, program: string): ParseResult {
  const s = rec.text;
  const qidLen = queueIdLength(s);
  if (qidLen < 0) return ignored(program);
  if (s.startsWith('to=', qidLen + 2)) return parseDelivery(rec, syslogName, program, qidLen);
  return unparsed(program, 'unrecognised', s);
}
