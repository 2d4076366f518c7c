/**
 * opendkim — the OpenDKIM milter (opendkim/opendkim.c, `mlfi_eom`): its verdict on each message, keyed by
 * Postfix's queue id (the milter's job id, macro `i`).
 *
 *   `4B7C21A0F3: DKIM-Signature field added (s=mail, d=example.org)`   → Check dkim signed, outbound
 *   `4B7C21A0F3: DKIM verification successful`                         → Check dkim pass, inbound
 *   `4B7C21A0F3: bad signature data`                                   → Check dkim fail
 *   `4B7C21A0F3: no signature data`                                    → Check dkim none
 *   `4B7C21A0F3: key retrieval failed (s=k1, d=example.net): 'k1._domainkey.example.net' record not found` → permerror
 *     (`… unexpected reply class/type` and other DNS trouble → temperror; RFC 6376 §6.1.2)
 *   `4B7C21A0F3: s=k1 d=example.net SSL error:04091068:rsa routines:int_rsa_verify:bad signature` → CheckNote
 *     (selector and domain of the signature the verdict before or after it is about)
 *   `4B7C21A0F3: mail.example.net [192.0.2.1] not internal`, `… not authenticated`, `… message has signatures
 *    from …`, `… failed to parse authentication-results: …` → Ignored (how OpenDKIM chose to verify, not a verdict)
 *
 * Limits: with several signatures OpenDKIM logs one verdict for the message; the per-signature results are not
 * logged unless `LogResults` is on, and those lines are not read. A job id that is not a queue id (another MTA,
 * `(unknown-jobid)`) is Ignored.
 */
import type { SyslogRecord } from '../input/record.js';
import type { Check } from './check-events.js';
import type { ParseResult } from './postfix-events.js';
import { newCheck, newNote } from './check-base.js';
import { queueIdLength } from './queue-id.js';
import { ignored, unparsed } from './results.js';

const PROGRAM = 'opendkim';
const SIGNED = /^DKIM-Signature (?:field|header) added \(s=([^,\s]+), d=([^)\s]+)\)$/;
const KEY_FAILED = /^key retrieval failed \(s=([^,\s]+), d=([^)\s]+)\)(?::\s*(.*))?$/;
const NOTE = /^s=(\S+) d=(\S+) SSL ?(.*)$/;
const VERDICTS: Readonly<Record<string, Check['result']>> = {
  'DKIM verification successful': 'pass',
  'bad signature data': 'fail',
  'no signature data': 'none',
};
const CHATTER = [/ not internal$/, /^not authenticated$/, /^message has signatures from /, /^failed to parse /, /^external host /, /^no signing table match /, /^no signing domain match /];

export function parseOpendkim(rec: SyslogRecord): ParseResult {
  const s = rec.text;
  const qidLen = queueIdLength(s);
  if (qidLen < 0) return ignored(PROGRAM);
  const queueId = s.slice(0, qidLen);
  const rest = s.slice(qidLen + 2);
  const verdict = VERDICTS[rest];
  if (verdict !== undefined) return check(rec, queueId, verdict, 'inbound', rest);
  let m = SIGNED.exec(rest);
  if (m) return withKey(check(rec, queueId, 'signed', 'outbound', undefined), m[1], m[2]);
  m = KEY_FAILED.exec(rest);
  if (m) {
    const why = m[3] ?? '';
    const result = /record not found|NXDOMAIN|no key|key .*not found/i.test(why) ? 'permerror' : 'temperror';
    return withKey(check(rec, queueId, result, 'inbound', why || 'key retrieval failed'), m[1], m[2]);
  }
  m = NOTE.exec(rest);
  if (m) {
    const note = newNote(rec, PROGRAM, queueId, m[1], m[2].toLowerCase());
    if (m[3]) note.error = m[3];
    return note;
  }
  for (const c of CHATTER) if (c.test(rest)) return ignored(PROGRAM);
  return unparsed(PROGRAM, 'unrecognised', s);
}

function check(rec: SyslogRecord, queueId: string, result: Check['result'], direction: Check['direction'], reason: string | undefined): Check {
  const c = newCheck(rec, PROGRAM, 'dkim', result);
  c.queueId = queueId;
  c.direction = direction;
  c.reason = reason;
  return c;
}

function withKey(c: Check, selector: string, domain: string): Check {
  c.selector = selector;
  c.domain = domain.toLowerCase();
  return c;
}
