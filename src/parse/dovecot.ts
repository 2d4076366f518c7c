/**
 * dovecot — Dovecot's LMTP server and LDA saying where a message was stored, keyed by its Message-ID; the join
 * (src/correlate/checks.ts) finds the queue id that was delivering that Message-ID on the same host.
 *
 *   `lmtp(bob@example.org)<1108><2hVdIJQUEWBUBAAAWP5Hkg>: msgid=<x@example.net>: saved mail to INBOX`   → Store saved INBOX
 *   `lmtp(bob@example.org)<…><…>: sieve: msgid=<x@example.net>: stored mail into mailbox 'Junk'`          → Store saved Junk (via sieve)
 *   `lmtp(bob@example.org)<…><…>: sieve: msgid=<x@example.net>: marked message to be discarded if not explicitly delivered (discard action)` → discarded
 *   `lmtp(bob@example.org)<…><…>: sieve: msgid=<x@example.net>: forwarded to <carol@example.net>`        → forwarded
 *   `lmtp(bob@example.org)<…><…>: Error: msgid=<x@example.net>: save failed to INBOX: Quota exceeded (mailbox for user is full)` → failed
 *   older `lmtp(1108, bob@example.org): 2hVd…: msgid=…`, `lda(bob)<…>: msgid=…`; logins, connects, IMAP/POP3 → Ignored
 *   (the `Info: `/`Error: ` prefix Dovecot writes when it logs to a file is skipped)
 *
 * Limits: a message without a Message-ID (`msgid=<>` or `msgid=unspecified`) cannot be joined and is Ignored;
 * the vacation/redirect actions other than `forwarded to` are Ignored.
 */
import type { SyslogRecord } from '../input/record.js';
import type { Store } from './check-events.js';
import type { ParseResult } from './postfix-events.js';
import { newStore, unbracket } from './check-base.js';
import { ignored, unparsed } from './results.js';

const PROGRAM = 'dovecot';
/** `lmtp(user)<pid><session>: ` or `lmtp(pid, user): session: ` or `lda(user): `, then optional `Info: `/`Error: `. */
const HEAD = /^(lmtp|lda|deliver)\((?:\d+, )?([^()]*)\)(?:<[^>]*>)*(?:: [A-Za-z0-9+/]{16,24})?: (?:(?:Info|Error|Warning): )?(sieve: )?(?:(?:Info|Error|Warning): )?msgid=(<[^>]*>|\S+): /;
const SAVED = /^(?:saved mail to|stored mail into mailbox) '?([^']*?)'?$/;
const FAILED = /^(?:save failed to|failed to store into mailbox) '?([^':]*)'?: (.*)$/;

export function parseDovecot(rec: SyslogRecord): ParseResult {
  const s = rec.text;
  const m = HEAD.exec(s);
  if (!m) return ignored(PROGRAM);
  const messageId = unbracket(m[4]);
  if (messageId === '' || messageId === 'unspecified') return ignored(PROGRAM);
  const rest = s.slice(m[0].length);
  const store = (outcome: Store['outcome'], folder: string | undefined, reason: string | undefined): Store => {
    const st = newStore(rec, PROGRAM, outcome, m[2], messageId, m[3] ? 'sieve' : m[1]);
    st.folder = folder;
    st.reason = reason;
    return st;
  };
  let r = SAVED.exec(rest);
  if (r) return store('saved', r[1], undefined);
  r = FAILED.exec(rest);
  if (r) return store('failed', r[1], r[2]);
  if (rest.startsWith('marked message to be discarded')) return store('discarded', undefined, 'discard action');
  if (rest.startsWith('forwarded to ')) return store('forwarded', undefined, rest);
  if (/^(?:sent vacation response|discarded duplicate forward|redirect|Logged out)/.test(rest)) return ignored(PROGRAM);
  return unparsed(PROGRAM, 'unrecognised', s);
}
