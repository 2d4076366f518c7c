/**
 * rules — the built-in rule table, in the order it is tried. First match wins; there are no priorities.
 *
 *   LOCAL_RULES      our delivery agents, queue manager, relayhost auth, re-injection (rules-local.ts)
 *   INBOUND_RULES    decisions of our smtpd/postscreen that differ from the same text from a remote (rules-inbound.ts);
 *                    before the network rules, so `Helo command rejected: Host not found` is our HELO policy
 *   NETWORK_RULES    the SMTP client's own DNS/TCP/session/TLS texts (rules-network.ts)
 *   RECIPIENT_RULES  mailbox does not exist / is full, in many languages (rules-recipient.ts)
 *   SENDER_RULES     greylisting, rate, authentication, blocklists, content, size, routing, outages (rules-sender.ts)
 *   TAIL_RULES       catch-alls that must come last (below)
 * After the table the engine falls back to the enhanced code (dsn-codes.ts), then `unknown`.
 *
 * Example: `cleanup: 8E2F1A3B4C: reject: header Subject: You won! from mail.example.com[198.51.100.5];
 *   from=<x@example.com> to=<ann@example.org> proto=ESMTP helo=<mail.example.com>: 5.7.1 Message content rejected`
 *   is matched by `content-spam-virus`; a header check with an unrecognised text falls to `cleanup-check`.
 *
 * Limits: every rule must carry an example that classifies to itself (test/classify/rules.test.ts);
 * adding a rule above another can shadow it, and that test says which.
 */
import type { Rule } from './rule.js';
import { INBOUND_RULES } from './rules-inbound.js';
import { LOCAL_RULES } from './rules-local.js';
import { NETWORK_RULES } from './rules-network.js';
import { RECIPIENT_RULES } from './rules-recipient.js';
import { SENDER_RULES } from './rules-sender.js';

export type { Rule } from './rule.js';

/** Catch-alls: only after every text rule has had its chance. */
const TAIL_RULES: readonly Rule[] = [
  {
    id: 'connect-other', cause: 'network_blocked',
    when: { status: ['attempt', 'deferred', 'SOFTBOUNCE'], pattern: '^connect to \\S+: ' },
    examples: ['Nov 27 15:00:10 mx1 postfix/smtp[8101]: connect to mx.example.net[203.0.113.5]:25: Protocol not available'],
    note: 'A TCP connect failure with an errno no rule names (platform wordings differ): treated as a network path problem.',
  },
  {
    id: 'cleanup-check', cause: 'content_rejected',
    when: { program: ['cleanup'], status: ['reject'] },
    examples: ['Nov 27 15:00:00 mx1 postfix/cleanup[8100]: 8E2F1A3B4C: reject: header Subject: Invoice_8812.zip from mail.example.com[198.51.100.5]; from=<x@example.com> to=<ann@example.org> proto=ESMTP helo=<mail.example.com>: 5.7.1 Go away'],
    note: 'header_checks/body_checks and non-SMTP milters judge the message itself, whatever text the operator wrote.',
  },
];

export const RULES: readonly Rule[] = [
  ...LOCAL_RULES,
  ...INBOUND_RULES,
  ...NETWORK_RULES,
  ...RECIPIENT_RULES,
  ...SENDER_RULES,
  ...TAIL_RULES,
];
