/**
 * qmgr — postfix/qmgr (and the old postfix/nqmgr, postfix/oqmgr): the queue manager.
 *
 *   `4B7C21A0F3: from=<alice@example.org>, size=1834, nrcpt=2 (queue active)`            → QmgrQueued
 *   `4B7C21A0F3: removed`                                                                 → QmgrRemoved
 *   `4B7C21A0F3: from=<alice@example.org>, status=expired, returned to sender`            → QmgrExpired
 *   `4B7C21A0F3: from=<alice@example.org>, status=force-expired, returned to sender`      → QmgrExpired (forced)
 *   `4B7C21A0F3: to=<bob@example.net>, relay=none, …, status=deferred (delivery temporarily suspended: …)` → Delivery
 *     (older Postfix logs throttled deferrals from qmgr itself; newer ones hand them to postfix/error)
 *   `4B7C21A0F3: skipped, still being delivered`                                          → Ignored
 *
 * Limits: the `(queue NAME)` suffix is not kept; lines without a queue ID are Ignored.
 */

import type { ParseResult } from './postfix-events.js';
import type { SyslogRecord } from '../input/record.js';
import { parseDelivery } from './delivery.js';
import { angleEnd, parseIntAt } from './fields.js';
import { queueIdLength } from './queue-id.js';
import { ignored, unparsed } from './results.js';

export function parseQmgr(rec: SyslogRecord, syslogName: string, program: string): ParseResult {
  const s = rec.text;
  const qidLen = queueIdLength(s);
  if (qidLen < 0) return ignored(program);
  const p = qidLen + 2;
  if (s.startsWith('from=<', p)) return fromLine(rec, syslogName, program, qidLen);
  if (s.length === p + 7 && s.startsWith('removed', p)) {
    return {
      kind: 'qmgr.removed',
      timeUs: rec.timeUs, host: rec.host, program, syslogName, pid: rec.pid, text: s,
      queueId: s.slice(0, qidLen),
    };
  }
  if (s.startsWith('to=<', p)) return parseDelivery(rec, syslogName, program, qidLen);
  if (s.startsWith('skipped, still being delivered', p)) return ignored(program);
  return unparsed(program, 'unrecognised', s);
}

function fromLine(rec: SyslogRecord, syslogName: string, program: string, qidLen: number): ParseResult {
  const s = rec.text;
  const open = qidLen + 7;
  const sizeAt = angleEnd(s, open, '>, size=');
  if (sizeAt >= 0) {
    const nrcptAt = s.indexOf(', nrcpt=', sizeAt + 8);
    const sp = nrcptAt < 0 ? -1 : s.indexOf(' ', nrcptAt + 8);
    const size = parseIntAt(s, sizeAt + 8, nrcptAt);
    const nrcpt = parseIntAt(s, nrcptAt + 8, sp < 0 ? s.length : sp);
    if (nrcptAt < 0 || Number.isNaN(size) || Number.isNaN(nrcpt)) return unparsed(program, 'queued: bad size= or nrcpt=', s);
    return {
      kind: 'qmgr.queued',
      timeUs: rec.timeUs, host: rec.host, program, syslogName, pid: rec.pid, text: s,
      queueId: s.slice(0, qidLen), from: s.slice(open + 1, sizeAt), size, nrcpt,
    };
  }
  const statusAt = angleEnd(s, open, '>, status=');
  if (statusAt >= 0) {
    const v = statusAt + 10;
    const forced = s.startsWith('force-expired', v);
    if (!forced && !s.startsWith('expired', v)) return unparsed(program, 'unknown message status', s);
    return {
      kind: 'qmgr.expired',
      timeUs: rec.timeUs, host: rec.host, program, syslogName, pid: rec.pid, text: s,
      queueId: s.slice(0, qidLen), from: s.slice(open + 1, statusAt), forced,
    };
  }
  return unparsed(program, 'from=: no size= or status=', s);
}
