/**
 * bounce — postfix/bounce: the notices Postfix sends about a message, each a new message with its own queue ID.
 *
 *   `4B7C21A0F3: sender non-delivery notification: 5D8E9F0A1B`        → BounceNotification (non-delivery)
 *   `4B7C21A0F3: sender delay notification: 5D8E9F0A1B`               → BounceNotification (delay)
 *   `4B7C21A0F3: sender delivery status notification: 5D8E9F0A1B`     → BounceNotification (delivery-status)
 *   `4B7C21A0F3: postmaster non-delivery notification: 5D8E9F0A1B`    → BounceNotification (postmaster-non-delivery)
 *
 * Limits: other notices (`postmaster delay notification`, …) are Ignored; lines without a queue ID are Ignored.
 */

import type { BounceNotification, ParseResult } from './postfix-events.js';
import type { SyslogRecord } from '../input/record.js';
import { isQueueId, queueIdLength } from './queue-id.js';
import { ignored, unparsed } from './results.js';

const NOTIFICATIONS: ReadonlyArray<readonly [string, BounceNotification['notification']]> = [
  ['sender non-delivery notification: ', 'non-delivery'],
  ['sender delay notification: ', 'delay'],
  ['sender delivery status notification: ', 'delivery-status'],
  ['postmaster non-delivery notification: ', 'postmaster-non-delivery'],
];

export function parseBounce(rec: SyslogRecord, syslogName: string, program: string): ParseResult {
  const s = rec.text;
  const qidLen = queueIdLength(s);
  if (qidLen < 0) return ignored(program);
  const p = qidLen + 2;
  for (const [prefix, notification] of NOTIFICATIONS) {
    if (!s.startsWith(prefix, p)) continue;
    const n = p + prefix.length;
    if (!isQueueId(s, n, s.length)) return unparsed(program, 'notification: bad new queue id', s);
    return {
      kind: 'bounce.notification',
      timeUs: rec.timeUs, host: rec.host, program, syslogName, pid: rec.pid, text: s,
      queueId: s.slice(0, qidLen), notification, newQueueId: s.slice(n),
    };
  }
  return s.includes(' notification: ', p) ? ignored(program) : unparsed(program, 'unrecognised', s);
}
