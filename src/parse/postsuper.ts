/**
 * postsuper — postfix/postsuper: the administrator's queue operations, one line per message.
 *
 *   `4B7C21A0F3: removed` / `placed on hold` / `released from hold` / `requeued` / `expired`  → PostsuperAction
 *   `Deleted: 3 messages`, `Placed on hold: 1 message`, `Requeued: 2 messages` (the summaries) → Ignored
 *
 * Limits: other lines without a queue ID are Ignored.
 */

import type { ParseResult, PostsuperAction } from './postfix-events.js';
import type { SyslogRecord } from '../input/record.js';
import { queueIdLength } from './queue-id.js';
import { ignored, unparsed } from './results.js';

/** The whole text after `QID: ` → action. */
const ACTIONS: ReadonlyMap<string, PostsuperAction['action']> = new Map([
  ['removed', 'removed'],
  ['placed on hold', 'hold'],
  ['released from hold', 'released'],
  ['requeued', 'requeued'],
  ['expired', 'expired'],
]);

export function parsePostsuper(rec: SyslogRecord, syslogName: string, program: string): ParseResult {
  const s = rec.text;
  const qidLen = queueIdLength(s);
  if (qidLen < 0) return ignored(program);
  const action = ACTIONS.get(s.slice(qidLen + 2));
  if (action === undefined) return unparsed(program, 'unrecognised', s);
  return {
    kind: 'postsuper.action',
    timeUs: rec.timeUs, host: rec.host, program, syslogName, pid: rec.pid, text: s,
    queueId: s.slice(0, qidLen), action,
  };
}
