/**
 * policyd-spf — the SPF policy service (pypolicyd-spf, `policyd-spf.py`; also the Perl `postfix-policyd-spf`),
 * asked by smtpd during RCPT TO. It logs no queue id: the join (src/correlate/checks.ts) gives the verdict to
 * the smtpd session of that client and sender at that moment.
 *
 *   `prepend Received-SPF: Pass (mailfrom) identity=mailfrom; client-ip=192.0.2.1; helo=mail.example.net;
 *    envelope-from=alice@example.net; receiver=<UNKNOWN>`                → Check spf pass, domain example.net
 *   `prepend Received-SPF: Softfail (mailfrom) identity=mailfrom; …`   → softfail (also None, Neutral, Fail,
 *    Temperror, Permerror: RFC 7208 §2.6)
 *   `Fail; identity=mailfrom; client-ip=192.0.2.9; helo=…; envelope-from=…; receiver=…` → fail (the reject form)
 *   `… identity=helo; …` → the HELO identity's result; its domain is the HELO name
 *   anything else (start-up, `Policy action=DUNNO`, debug) → Ignored
 *
 * Limits: the `receiver=` and the explanation text are not kept; a result word outside RFC 7208's is Unparsed.
 */
import type { SyslogRecord } from '../input/record.js';
import type { Check } from './check-events.js';
import type { ParseResult } from './postfix-events.js';
import { domainOf, newCheck, unbracket } from './check-base.js';
import { ignored, unparsed } from './results.js';

const PROGRAM = 'policyd-spf';
const PREPEND = /^(?:prepend )?Received-SPF: ([A-Za-z]+)\b[^;]*?\bidentity=/;
const PLAIN = /^([A-Za-z]+); identity=/;
const RESULTS: Readonly<Record<string, Check['result']>> = {
  pass: 'pass', fail: 'fail', softfail: 'softfail', neutral: 'neutral', none: 'none', temperror: 'temperror', permerror: 'permerror',
};

/** `key=value; key=value` pairs after `identity=`. */
function pairs(s: string, from: number): Map<string, string> {
  const out = new Map<string, string>();
  for (const part of s.slice(from).split('; ')) {
    const eq = part.indexOf('=');
    if (eq > 0) out.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim());
  }
  return out;
}

export function parsePolicydSpf(rec: SyslogRecord): ParseResult {
  const s = rec.text;
  const m = PREPEND.exec(s) ?? PLAIN.exec(s);
  if (!m) return ignored(PROGRAM);
  const word = m[1].toLowerCase();
  const result = RESULTS[word];
  if (result === undefined) return unparsed(PROGRAM, 'unknown result', s);
  const kv = pairs(s, m[0].length - 'identity='.length);
  const identity = kv.get('identity') ?? 'mailfrom';
  const from = kv.get('envelope-from');
  const helo = kv.get('helo');
  const c = newCheck(rec, PROGRAM, 'spf', result);
  c.direction = 'inbound';
  const ip = kv.get('client-ip');
  if (ip) c.clientAddress = ip;
  if (from !== undefined) c.sender = unbracket(from);
  const domain = identity === 'helo' ? helo?.toLowerCase() : domainOf(c.sender);
  if (domain) c.domain = domain;
  c.reason = `identity=${identity}`;
  return c;
}
