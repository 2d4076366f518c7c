/**
 * pickup — postfix/pickup: local submissions (sendmail/postdrop) picked up from the maildrop queue.
 *
 *   `4B7C21A0F3: uid=1000 from=<alice@example.org>`                 → PickupUid
 *   `4B7C21A0F3: uid=0 from=<root> orig_id=3E9D11A0F4`               → PickupUid (requeued by `postsuper -r`)
 *
 * Limits: lines without a queue ID are Ignored; a sender containing the text `> orig_id=` is cut there.
 */

import type { ParseResult } from './postfix-events.js';
import type { SyslogRecord } from '../input/record.js';
import { angleEnd, parseIntAt } from './fields.js';
import { queueIdLength } from './queue-id.js';
import { ignored, unparsed } from './results.js';

export function parsePickup(rec: SyslogRecord, syslogName: string, program: string): ParseResult {
  const s = rec.text;
  const qidLen = queueIdLength(s);
  if (qidLen < 0) return ignored(program);
  const p = qidLen + 2;
  if (!s.startsWith('uid=', p)) return unparsed(program, 'unrecognised', s);
  const sp = s.indexOf(' from=<', p);
  const uid = sp < 0 ? NaN : parseIntAt(s, p + 4, sp);
  if (Number.isNaN(uid)) return unparsed(program, 'uid: bad uid= or no from=', s);
  const open = sp + 6;
  let origId: string | undefined;
  let close = angleEnd(s, open, '> orig_id=');
  if (close >= 0) origId = s.slice(close + 10);
  else close = angleEnd(s, open, '');
  if (close < 0 || origId === '') return unparsed(program, 'uid: bad from=', s);
  return {
    kind: 'pickup.uid',
    timeUs: rec.timeUs, host: rec.host, program, syslogName, pid: rec.pid, text: s,
    queueId: s.slice(0, qidLen), uid, from: s.slice(open + 1, close), origId,
  };
}
