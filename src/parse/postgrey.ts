/**
 * postgrey — the greylisting policy service, asked by smtpd during RCPT TO. Like policyd-spf it logs no queue id:
 * the join gives `pass` to the smtpd session of that client and sender; `greylisted` explains the 450 smtpd
 * then logs as a NOQUEUE reject.
 *
 *   `action=greylist, reason=new, client_name=mail.example.net, client_address=192.0.2.5/32, sender=a@example.net, recipient=b@example.org`
 *        → Check greylist greylisted
 *   `action=pass, reason=triplet found, delay=312, client_name=…, client_address=192.0.2.5, sender=…, recipient=…`
 *        → Check greylist pass (delay: seconds since the first attempt, as durationMs)
 *   `cleaning up old entries`, `whitelisted: …`, start-up → Ignored
 *
 * Limits: the `/32` prefix length of `client_address` (postgrey ≥ 1.37) is dropped.
 */
import type { SyslogRecord } from '../input/record.js';
import type { ParseResult } from './postfix-events.js';
import { domainOf, newCheck } from './check-base.js';
import { ignored, unparsed } from './results.js';

const PROGRAM = 'postgrey';

export function parsePostgrey(rec: SyslogRecord): ParseResult {
  const s = rec.text;
  if (!s.startsWith('action=')) return ignored(PROGRAM);
  const kv = new Map<string, string>();
  for (const part of s.split(', ')) {
    const eq = part.indexOf('=');
    if (eq > 0) kv.set(part.slice(0, eq), part.slice(eq + 1));
  }
  const action = kv.get('action');
  const result = action === 'greylist' ? 'greylisted' : action === 'pass' ? 'pass' : undefined;
  if (result === undefined) return unparsed(PROGRAM, 'unknown action', s);
  const c = newCheck(rec, PROGRAM, 'greylist', result);
  c.direction = 'inbound';
  c.action = action;
  const addr = kv.get('client_address');
  if (addr) c.clientAddress = addr.replace(/\/\d+$/, '');
  const sender = kv.get('sender');
  if (sender !== undefined) { c.sender = sender; const d = domainOf(sender); if (d) c.domain = d; }
  const rcpt = kv.get('recipient');
  if (rcpt) c.recipients = [rcpt];
  const reason = kv.get('reason');
  if (reason) c.reason = reason;
  const delay = Number(kv.get('delay'));
  if (kv.has('delay') && Number.isFinite(delay)) c.durationMs = delay * 1000;
  return c;
}
