/**
 * delivery — the per-recipient delivery line every delivery agent writes (global/log_adhoc.c), shared by
 * smtp/lmtp, local/virtual/pipe, error/retry/discard and qmgr:
 *   `4B7C21A0F3: to=<bob@example.net>, orig_to=<bob@alias.example>, relay=mx.example.net[192.0.2.7]:25,
 *    conn_use=2, delay=1.2, delays=0.01/0/0.5/0.7, tls=starttls, dsn=2.0.0, status=sent (250 2.0.0 Ok: queued as 9ABCDEF)`
 * Field order is fixed; `orig_to=`, `conn_use=`, `delays=` (before Postfix 2.3) and `tls=` (3.11 snapshots) are optional.
 *
 * Local deliveries may write `to=` and `orig_to=` without angle brackets; address-verification probes may end
 * in `status=undeliverable-but-not-cached` (read as `undeliverable`).
 *
 * Limits: the recipient may contain commas and `>` but not the text `>, relay=`. The reply is everything after
 * `status=WORD (` up to the line's final `)`; a line cut short keeps the reply it has. Unknown `key=value`
 * fields before `status=` are skipped, so a future Postfix field does not make the line unparsed.
 */

import type { Delays, Delivery, DeliveryStatus, Peer, Unparsed } from './postfix-events.js';
import type { SyslogRecord } from '../input/record.js';
import { angleEnd, parseDelays, parseIntAt, parseNumAt, parsePeer, parenText, queuedAs } from './fields.js';
import { unparsed } from './results.js';

const STATUSES: ReadonlySet<string> = new Set<DeliveryStatus>([
  'sent', 'deferred', 'bounced', 'undeliverable', 'deliverable', 'expired', 'SOFTBOUNCE',
]);

const NOT_CACHED = '-but-not-cached';

/**
 * Parse `text` (whose queue ID of length `qidLen` is already checked and followed by `: to=<`) as a Delivery.
 */
export function parseDelivery(rec: SyslogRecord, syslogName: string, program: string, qidLen: number): Delivery | Unparsed {
  const s = rec.text;
  const toOpen = qidLen + 5; // after `QID: to=`
  if (s.charCodeAt(toOpen) !== 60 /* < */) return bareTo(rec, syslogName, program, qidLen);
  const relayAt = angleEnd(s, toOpen, '>, relay=');
  if (relayAt < 0) return unparsed(program, 'delivery: no relay=', s);
  let toEnd = relayAt;
  let origTo: string | undefined;
  const orig = angleEnd(s, toOpen, '>, orig_to=<');
  if (orig >= 0 && orig < relayAt) {
    toEnd = orig;
    origTo = s.slice(orig + 12, relayAt);
  }
  const to = s.slice(toOpen + 1, toEnd);
  return rest(rec, syslogName, program, qidLen, to, origTo, relayAt + 1);
}

/**
 * `to=user@host.example.com, orig_to=root@localhost, relay=local, …`: local(8) of some builds and versions
 * writes the addresses without angle brackets. They cannot contain `, ` here, so the next field ends them.
 */
function bareTo(rec: SyslogRecord, syslogName: string, program: string, qidLen: number): Delivery | Unparsed {
  const s = rec.text;
  const toOpen = qidLen + 5;
  const relayAt = s.indexOf(', relay=', toOpen);
  if (relayAt < 0) return unparsed(program, 'delivery: no relay=', s);
  let to = s.slice(toOpen, relayAt);
  let origTo: string | undefined;
  const orig = to.indexOf(', orig_to=');
  if (orig >= 0) {
    origTo = to.slice(orig + 10);
    to = to.slice(0, orig);
    if (origTo.startsWith('<') && origTo.endsWith('>')) origTo = origTo.slice(1, -1);
  }
  return rest(rec, syslogName, program, qidLen, to, origTo, relayAt);
}

/** The fields from `, relay=` (at `q`) to the end. */
function rest(rec: SyslogRecord, syslogName: string, program: string, qidLen: number, to: string, origTo: string | undefined, q: number): Delivery | Unparsed {
  const s = rec.text;

  let relay: Peer | undefined;
  let connUse: number | undefined;
  let delay = NaN;
  let delays: Delays | undefined;
  let tls: string | undefined;
  let dsn: string | undefined;
  for (;;) {
    if (s.charCodeAt(q) !== 44 || s.charCodeAt(q + 1) !== 32) return unparsed(program, 'delivery: bad field list', s);
    const k = q + 2;
    const eq = s.indexOf('=', k);
    if (eq < 0) return unparsed(program, 'delivery: no status=', s);
    if (eq - k === 6 && s.startsWith('status', k)) {
      q = eq + 1;
      break;
    }
    const e = s.indexOf(', ', eq);
    if (e < 0) return unparsed(program, 'delivery: no status=', s);
    switch (s.slice(k, eq)) {
      case 'relay':
        relay = parsePeer(s, eq + 1, e);
        if (relay === undefined) return unparsed(program, 'delivery: bad relay=', s);
        break;
      case 'conn_use':
        connUse = parseIntAt(s, eq + 1, e);
        break;
      case 'delay':
        delay = parseNumAt(s, eq + 1, e);
        break;
      case 'delays':
        delays = parseDelays(s, eq + 1, e);
        break;
      case 'tls':
        tls = s.slice(eq + 1, e);
        break;
      case 'dsn':
        dsn = s.slice(eq + 1, e);
        break;
      default:
        break;
    }
    q = e;
  }
  if (relay === undefined) return unparsed(program, 'delivery: no relay=', s);
  if (Number.isNaN(delay)) return unparsed(program, 'delivery: bad delay=', s);
  if (dsn === undefined) return unparsed(program, 'delivery: no dsn=', s);
  if (connUse !== undefined && Number.isNaN(connUse)) return unparsed(program, 'delivery: bad conn_use=', s);

  const sp = s.indexOf(' ', q);
  let status = s.slice(q, sp < 0 ? s.length : sp);
  // Address-verification probes with address_verify_negative_cache = no log `undeliverable-but-not-cached`
  // (global/verify.c, verify_append): the same verdict, only not remembered.
  if (status.endsWith(NOT_CACHED)) status = status.slice(0, -NOT_CACHED.length);
  if (!STATUSES.has(status)) return unparsed(program, 'delivery: unknown status', s);
  let reply = '';
  if (sp >= 0) {
    if (s.charCodeAt(sp + 1) !== 40) return unparsed(program, 'delivery: no (reply)', s);
    reply = parenText(s, sp + 1);
  }
  return {
    kind: 'delivery',
    timeUs: rec.timeUs, host: rec.host, program, syslogName, pid: rec.pid, text: s,
    queueId: s.slice(0, qidLen),
    to, origTo, relay, connUse, delay, delays, tls, dsn,
    status: status as DeliveryStatus,
    reply,
    queuedAs: queuedAs(reply),
  };
}
