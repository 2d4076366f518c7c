/**
 * opendmarc — the OpenDMARC milter (opendmarc/opendmarc.c, `mlfi_eom`): the DMARC result for the From domain
 * of each message, keyed by Postfix's queue id.
 *
 *   `4B7C21A0F3: example.net pass`    → Check dmarc pass, domain example.net, inbound
 *   `4B7C21A0F3: example.net fail`    → Check dmarc fail (`reject`/`quarantine` policy applied or not: see smtpd/cleanup)
 *   `4B7C21A0F3: example.net none`    → Check dmarc none (no policy published, or no alignment evaluated)
 *   `4B7C21A0F3 ignoring Authentication-Results at 9 from mx.example.net` → Ignored
 * RFC 7489 §11.2 results; `bestguesspass` (no policy, but aligned) is reported as `none` and kept in `reason`.
 *
 * Limits: the policy OpenDMARC applied (`p=reject`) is not in this line; a reject shows up as the milter's reply
 * in smtpd/cleanup, which the join names as the reason.
 */
import type { SyslogRecord } from '../input/record.js';
import type { Check } from './check-events.js';
import type { ParseResult } from './postfix-events.js';
import { newCheck } from './check-base.js';
import { queueIdLength } from './queue-id.js';
import { ignored, unparsed } from './results.js';

const PROGRAM = 'opendmarc';
const RESULTS: Readonly<Record<string, Check['result']>> = {
  pass: 'pass', fail: 'fail', none: 'none', temperror: 'temperror', permerror: 'permerror', bestguesspass: 'none', policy: 'policy',
};
const LINE = /^(\S+) ([a-z]+)$/;

export function parseOpendmarc(rec: SyslogRecord): ParseResult {
  const s = rec.text;
  const qidLen = queueIdLength(s);
  if (qidLen < 0) return ignored(PROGRAM);
  const m = LINE.exec(s.slice(qidLen + 2));
  if (!m) return /^[0-9A-Za-z]+:? ignoring /.test(s) || s.includes(': ignoring ') ? ignored(PROGRAM) : unparsed(PROGRAM, 'unrecognised', s);
  const result = RESULTS[m[2]];
  if (result === undefined) return unparsed(PROGRAM, 'unknown result', s);
  const c = newCheck(rec, PROGRAM, 'dmarc', result);
  c.queueId = s.slice(0, qidLen);
  c.direction = 'inbound';
  c.domain = m[1].toLowerCase();
  if (m[2] !== result) c.reason = m[2];
  return c;
}
