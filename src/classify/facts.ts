/**
 * facts — turn one parsed event into the facts rules test, undoing Postfix's own rewrites on the way.
 *
 *   `… dsn=4.7.1, status=deferred (host mx.example.net[192.0.2.7] refused to talk to me: 554 5.7.1 blocked)`
 *   → { program: 'smtp', status: 'deferred', dsn: '4.7.1', code: 554, text: 'host mx… refused to talk to me: 554 5.7.1 blocked' }
 *
 * Postfix rewrites this module knows (checked in the Postfix source: src/smtp/smtp_chat.c, smtp_proto.c, src/qmgr/):
 * - qmgr wraps an earlier reason as `delivery temporarily suspended: <reason>`; the inner reason is classified.
 * - a 5xx greeting is logged with a 4.x dsn; the reply code stays 5xx, `status` says what happens next.
 * - a malformed enhanced code is logged as N.0.0; the code written in the text (`#5.1.0`, `cuda_nsu 5.1.1`) is
 *   offered to the fallback table as `textDsn`.
 * Success and progress lines (status=sent/deliverable, hold, discard, header warnings, PIX notices) give undefined.
 *
 * Limits: the reply code is the first `NNN` after `: ` (or at the start); a command's output that itself
 * begins with a three-digit number after a colon would be read as a code.
 */
import type { CleanupAction, Delivery, QmgrExpired, SmtpConnectFailed, SmtpConversation, SmtpdReject, SmtpTlsFailed } from '../parse/postfix-events.js';
import type { Facts, RuleStatus } from './rule.js';

export type Classifiable = Delivery | SmtpConversation | SmtpConnectFailed | SmtpTlsFailed | SmtpdReject | CleanupAction | QmgrExpired;

export interface LineFacts extends Facts {
  /** An enhanced code found in the text when the logged dsn is missing or N.0.0. */
  textDsn?: string;
  /** What Postfix does next: true when it (or the client) will retry. */
  transient: boolean;
}

const SUSPENDED = 'delivery temporarily suspended: ';
const CODE_RE = /(?:^|: )([245]\d\d)(?=[ -]|$)/;
const DSN_IN_REPLY_RE = /^[245]\d\d[ -]([245]\.\d{1,3}\.\d{1,3})(?=[ ;,]|$)/;
const ANY_DSN_RE = /(?:^|[\s#(])([245]\.\d{1,3}\.\d{1,3})(?=[\s);,.]|$)/;

function unwrap(text: string): string {
  let t = text;
  while (t.startsWith(SUSPENDED)) t = t.slice(SUSPENDED.length);
  return t;
}

/** The reply code and the enhanced code that follows it, as Postfix's smtp_chat.c would read them. */
function replyCodes(text: string): { code?: number; dsn?: string } {
  const m = CODE_RE.exec(text);
  if (!m) return {};
  const code = Number(m[1]);
  const rest = text.slice(m.index + (m[0].startsWith(': ') ? 2 : 0));
  const d = DSN_IN_REPLY_RE.exec(rest);
  return { code, dsn: d && d[1][0] === m[1][0] ? d[1] : undefined };
}

function textDsnOf(text: string, dsn: string | undefined): string | undefined {
  if (dsn !== undefined && !/^[45]\.0\.0$/.test(dsn)) return undefined;
  const m = ANY_DSN_RE.exec(text);
  return m ? m[1] : undefined;
}

function make(program: string, status: RuleStatus, text: string, transient: boolean, dsn?: string, code?: number): LineFacts {
  return { program, status, text, lower: text.toLowerCase(), dsn, code, textDsn: textDsnOf(text, dsn), transient };
}

function fromDelivery(ev: Delivery): LineFacts | undefined {
  if (ev.status === 'sent' || ev.status === 'deliverable') return undefined;
  const text = unwrap(ev.reply);
  const { code } = replyCodes(text);
  const transient = ev.status === 'deferred' || ev.status === 'SOFTBOUNCE';
  return make(ev.program, ev.status, text, transient, ev.dsn || undefined, code);
}

function fromReject(ev: SmtpdReject): LineFacts | undefined {
  if (ev.action !== 'reject' && ev.action !== 'milter-reject') return undefined;
  const klass = ev.code !== undefined ? String(ev.code)[0] : ev.dsn?.[0];
  return make(ev.program, 'reject', ev.reply, klass === '4', ev.dsn, ev.code);
}

function fromCleanup(ev: CleanupAction): LineFacts | undefined {
  if (ev.action !== 'reject' && ev.action !== 'milter-reject') return undefined;
  const text = ev.reply ?? '';
  return make(ev.program, 'reject', text, ev.dsn?.[0] === '4', ev.dsn, replyCodes(text).code);
}

/** Rebuilds Postfix's wording of a remark for an event made without its original text (tests, replays). */
function remarkText(ev: SmtpConversation): string {
  const peer = `${ev.peer.name}[${ev.peer.address ?? ''}]`;
  switch (ev.remark) {
    case 'said': return `host ${peer} said: ${ev.reply}`;
    case 'refused': return `host ${peer} refused to talk to me: ${ev.reply}`;
    case 'lost-connection': return `lost connection with ${peer} while ${ev.reply}`;
    case 'timed-out': return `conversation with ${peer} timed out while ${ev.reply}`;
    case 'sasl': return `SASL authentication failed; server ${peer} said: ${ev.reply}`;
  }
}

/** The facts of one event, or undefined when the event reports no failure. */
export function factsOf(ev: Classifiable): LineFacts | undefined {
  switch (ev.kind) {
    case 'delivery':
      return fromDelivery(ev);
    case 'smtp.conversation': {
      // The whole remark after the queue id, so that `lost connection with …` and `host … said: 421 …` read alike.
      const text = ev.text.startsWith(`${ev.queueId}: `) ? ev.text.slice(ev.queueId.length + 2) : ev.text || remarkText(ev);
      if (/^enabling PIX workarounds/i.test(text)) return undefined;
      const { code, dsn } = replyCodes(text);
      return make(ev.program, 'attempt', text, true, dsn, code);
    }
    case 'smtp.connect-failed':
      return make(ev.program, 'attempt', ev.text || `connect to ${ev.peer.name}: ${ev.reason}`, true);
    case 'smtp.tls-failed': {
      const { code, dsn } = replyCodes(ev.reason);
      return make(ev.program, 'attempt', ev.reason, true, dsn, code);
    }
    case 'smtpd.reject':
      return fromReject(ev);
    case 'cleanup.action':
      return fromCleanup(ev);
    case 'qmgr.expired':
      return make(ev.program, 'expired', ev.text, false);
  }
}
