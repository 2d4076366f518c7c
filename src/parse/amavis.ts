/**
 * amavis — amavisd-new, the content filter Postfix hands mail to over SMTP (`content_filter = smtp-amavis:…`).
 * One line per message with its verdict (amavisd's `log_templ`), keyed by Postfix's `Queue-ID:` and naming the
 * queue id it re-injected the message as (`queued_as:`).
 *
 *   `(11412-17) Passed CLEAN {RelayedInbound}, [192.0.2.1]:60980 [192.0.2.1] <alice@example.net> -> <bob@example.org>,
 *    Queue-ID: 2AA0F3004142, Message-ID: <x@example.net>, mail_id: C8nxh_lSIJmK, Hits: -, size: 1358,
 *    queued_as: 5776E3012027, 96 ms`                                   → Check content clean, inbound, 96 ms
 *   `(…) Blocked SPAM {DiscardedInbound,Quarantined}, … Hits: 12.5, …` → spam (also SPAMMY)
 *   `(…) Blocked INFECTED (Eicar-Signature) {…}, …`                    → virus, reason Eicar-Signature
 *   `(…) Blocked BANNED (multipart/mixed | application/x-msdownload,.exe) {…}, …` → banned
 *   `(…) Passed BAD-HEADER-0 {…}, …`                                   → bad_header (also OVERSIZED, UNCHECKED, OTHER)
 *   TIMING, `p001 1 Content-Type: …`, `ESMTP :10024 …`, `FWD from …` and start-up lines → Ignored
 * Direction from the `{…}` flags: `…Inbound` inbound, `…Outbound`/`…Originating`/`…OpenRelay` outbound,
 * `…Internal` internal.
 *
 * Limits: a Message-ID containing `, ` is cut there; more than one `queued_as` (split deliveries) keeps the first.
 * Older amavisd without `{…}` flags gives no direction.
 */
import type { SyslogRecord } from '../input/record.js';
import type { Check } from './check-events.js';
import type { ParseResult } from './postfix-events.js';
import { newCheck, unbracket } from './check-base.js';
import { ignored, unparsed } from './results.js';

const HEAD = /^\(([^)\s]+)\) (Passed|Blocked|Discarded|Rejected|Not-Delivered) ([A-Z]+(?:-[A-Z]+)*)(?:-\d+)?(?: \(([^)]*)\))?(?: \{([^}]*)\})?,/;
const CATEGORY: Readonly<Record<string, Check['result']>> = {
  CLEAN: 'clean', SPAM: 'spam', SPAMMY: 'spam', INFECTED: 'virus', BANNED: 'banned', 'BAD-HEADER': 'bad_header',
  OVERSIZED: 'oversized', UNCHECKED: 'unchecked', 'UNCHECKED-ENCRYPTED': 'unchecked', 'MTA-BLOCKED': 'other', OTHER: 'other',
};
const FIELD = /(?:^|, )(Queue-ID|Message-ID|mail_id|Hits|size|queued_as): ([^,]*)/g;
const ENVELOPE = /<([^<>]*)> -> ((?:<[^<>]*>,?)+)/;
const CLIENT = /, (?:LOCAL )?\[([0-9A-Fa-f.:]+)\]/;
const DURATION = /, (\d+) ms$/;

function direction(flags: string | undefined): Check['direction'] {
  if (!flags) return undefined;
  if (flags.includes('Inbound')) return 'inbound';
  if (flags.includes('Outbound') || flags.includes('Originating') || flags.includes('OpenRelay')) return 'outbound';
  if (flags.includes('Internal')) return 'internal';
  return undefined;
}

export function parseAmavis(rec: SyslogRecord, program: string): ParseResult {
  const s = rec.text;
  const m = HEAD.exec(s);
  if (!m) return ignored(program);
  const result = CATEGORY[m[3]];
  if (result === undefined) return unparsed(program, 'unknown category', s);
  const c = newCheck(rec, program, 'content', result);
  c.action = m[2].toLowerCase();
  const dir = direction(m[5]);
  if (dir) c.direction = dir;
  if (m[4]) c.reason = m[4];
  const rest = s.slice(m[0].length);
  const client = CLIENT.exec(`,${rest}`);
  if (client) c.clientAddress = client[1];
  const env = ENVELOPE.exec(rest);
  if (env) {
    c.sender = env[1];
    c.recipients = env[2].split(',').filter((r) => r.length > 0).map(unbracket);
  }
  for (const f of rest.matchAll(FIELD)) {
    const v = f[2].trim();
    switch (f[1]) {
      case 'Queue-ID': c.queueId = v; break;
      case 'Message-ID': c.messageId = unbracket(v); break;
      case 'Hits': { const n = Number(v); if (v !== '-' && v !== '' && Number.isFinite(n)) c.score = n; break; }
      case 'queued_as': c.queuedAs = v.split('/')[0]; break;
      default: break;
    }
  }
  const d = DURATION.exec(s);
  if (d) c.durationMs = Number(d[1]);
  return c;
}
