/**
 * rspamd — the rspamd scanner (as a milter through rspamd_proxy, or asked by a content filter) when it logs to
 * syslog: one `rspamd_task_write_log` line per message, keyed by Postfix's queue id (`qid: <…>`) and the
 * Message-ID (`id: <…>`).
 *
 *   `<a1b2c3>; task; rspamd_task_write_log: id: <x@example.net>, qid: <4B7C21A0F3>, ip: 192.0.2.5,
 *    from: <alice@example.net>, (default: F (no action): [1.20/15.00] [R_SPF_ALLOW(-0.20){}, …]), len: 1234,
 *    time: 123.4ms, dns req: 12, digest: <…>, rcpts: <bob@example.org>, mime_rcpts: <bob@example.org>`
 *        → Check content clean, score 1.2, 123.4 ms, action `no action`
 *   `… (default: T (reject): [17.10/15.00] …` → spam, action `reject` (also `add header`, `rewrite subject`,
 *    `soft reject`, `greylist`: the action says what rspamd asked the MTA to do)
 *   every other rspamd line → Ignored
 *
 * Limits: rspamd's own log format (`log_format`) can be changed; only the default is read. The symbols are not kept.
 */
import type { SyslogRecord } from '../input/record.js';
import type { ParseResult } from './postfix-events.js';
import { newCheck, unbracket } from './check-base.js';
import { ignored, unparsed } from './results.js';

const PROGRAM = 'rspamd';
const VERDICT = /\((?:[a-z_]+): ([TFS]) \(([a-z ]+)\): \[(-?[\d.]+)\/(-?[\d.]+)\]/;
const FIELD = /(?:: |, )(id|qid|ip|from|time|rcpts): ([^,]*)/g;

export function parseRspamd(rec: SyslogRecord): ParseResult {
  const s = rec.text;
  const at = s.indexOf('rspamd_task_write_log: ');
  if (at < 0) return ignored(PROGRAM);
  const v = VERDICT.exec(s);
  if (!v) return unparsed(PROGRAM, 'no verdict', s);
  const c = newCheck(rec, PROGRAM, 'content', v[2] === 'no action' ? 'clean' : 'spam');
  c.action = v[2];
  c.score = Number(v[3]);
  for (const f of s.slice(at).matchAll(FIELD)) {
    const val = f[2].trim();
    switch (f[1]) {
      case 'id': if (val !== '<undef>') c.messageId = unbracket(val); break;
      case 'qid': if (val !== '<undef>') c.queueId = unbracket(val); break;
      case 'ip': c.clientAddress = val; break;
      case 'from': c.sender = unbracket(val); break;
      case 'rcpts': c.recipients = val.split(/\s+/).filter((x) => x).map(unbracket); break;
      case 'time': { const n = parseFloat(val); if (Number.isFinite(n) && val.endsWith('ms')) c.durationMs = n; break; }
      default: break;
    }
  }
  return c;
}
