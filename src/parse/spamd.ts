/**
 * spamd — SpamAssassin's daemon (`spamd/spamd.raw`), asked by a content filter or `spamc`: its `result:` line
 * carries the score and the Message-ID (`mid=`), by which the join finds the message.
 *
 *   `spamd: result: Y 15 - BAYES_99,HTML_MESSAGE scantime=0.5,size=1234,user=amavis,uid=110,required_score=5.0,
 *    rhost=localhost,raddr=127.0.0.1,rport=45678,mid=<x@example.net>,autolearn=no`   → Check content spam, score 15, 500 ms
 *   `spamd: result: . 1 - HTML_MESSAGE scantime=0.2,…,mid=<x@example.net>,…`         → Check content clean
 *   `spamd: clean message (1.0/5.0) for amavis:110 in 0.2 seconds, 1234 bytes.`, connects, child states → Ignored
 *
 * Limits: the rule names are kept only as `reason`; a message without `mid=` cannot be joined.
 */
import type { SyslogRecord } from '../input/record.js';
import type { ParseResult } from './postfix-events.js';
import { newCheck, unbracket } from './check-base.js';
import { ignored, unparsed } from './results.js';

const PROGRAM = 'spamd';
const RESULT = /^spamd: result: ([Y.]) (-?\d+) - (\S*) (\S+)$/;

export function parseSpamd(rec: SyslogRecord): ParseResult {
  const s = rec.text;
  if (!s.startsWith('spamd: result: ')) return ignored(PROGRAM);
  const m = RESULT.exec(s);
  if (!m) return unparsed(PROGRAM, 'unrecognised', s);
  const kv = new Map<string, string>();
  for (const part of m[4].split(',')) {
    const eq = part.indexOf('=');
    if (eq > 0) kv.set(part.slice(0, eq), part.slice(eq + 1));
  }
  const c = newCheck(rec, PROGRAM, 'content', m[1] === 'Y' ? 'spam' : 'clean');
  c.score = Number(m[2]);
  if (m[3]) c.reason = m[3];
  const mid = kv.get('mid');
  if (mid && mid !== '(unknown)') c.messageId = unbracket(mid);
  const t = Number(kv.get('scantime'));
  if (kv.has('scantime') && Number.isFinite(t)) c.durationMs = Math.round(t * 1000);
  return c;
}
