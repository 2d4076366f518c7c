/**
 * rules-inbound — rejects this server decides while receiving: smtpd NOQUEUE rejects, postscreen, milters.
 *
 *   `postfix/smtpd[5120]: NOQUEUE: reject: RCPT from unknown[198.51.100.23]: 554 5.7.1 <x@example.com>:
 *    Relay access denied; from=<a@spam.example> to=<x@example.com> proto=ESMTP helo=<ylmf-pc>` → policy_blocked
 *
 * Decisions (documented here because they are ours, not Postfix's):
 * - Relay access denied *received* is policy_blocked: our policy worked as designed and the client was not
 *   allowed to relay (usually a spam probe). If legitimate users hit it, they forgot to authenticate, which
 *   the hint covers. The same text *from a remote MX* is remote_config_error (rules-sender.ts).
 * - Storage and configuration errors that our smtpd reports are ours: local_resource / local_config_error.
 * - postscreen's "450 4.3.2 Service currently unavailable" after failed protocol tests behaves like
 *   greylisting: a real MTA reconnects and passes.
 * - reject_sender_login_mismatch ("not owned by user") is sender_auth_failure: the sender identity is not
 *   the authenticated one.
 *
 * Limits: the text after the codes is whatever the access map or policy service returned; custom texts fall
 * through to the shared rules and then to the enhanced code.
 */
import type { Rule } from './rule.js';

export const INBOUND = ['smtpd', 'postscreen'];

export const INBOUND_RULES: readonly Rule[] = [
  {
    id: 'inbound-relay-denied', cause: 'policy_blocked',
    when: { program: INBOUND, text: ['relay access denied'] },
    examples: ['Nov 27 12:00:01 mx1 postfix/smtpd[5120]: NOQUEUE: reject: RCPT from unknown[198.51.100.23]: 554 5.7.1 <x@example.com>: Relay access denied; from=<a@spam.example> to=<x@example.com> proto=ESMTP helo=<ylmf-pc>'],
  },
  {
    id: 'inbound-storage', cause: 'local_resource',
    when: { program: INBOUND, text: ['insufficient system storage', 'queue file write error', 'all server ports are busy', 'all server ports busy', 'all screening ports busy', 'too many connections', 'out of memory'] },
    examples: [
      'Nov 27 12:00:20 mx1 postfix/smtpd[5121]: NOQUEUE: reject: MAIL from mail.example.org[192.0.2.10]: 452 4.3.1 Insufficient system storage; from=<ann@example.org> proto=ESMTP helo=<mail.example.org>',
      'Nov 27 09:00:04 mx1 postfix/postscreen[5004]: NOQUEUE: reject: CONNECT from [198.51.100.20]:40001: all screening ports busy',
      'Nov 27 09:00:05 mx1 postfix/postscreen[5005]: NOQUEUE: reject: CONNECT from [198.51.100.21]:40002: all server ports busy',
    ],
    note: 'queue_minfree reached on this host; postscreen out of smtpd processes or screening slots (postscreen(8), postscreen_pre_queue_limit / postscreen_post_queue_limit).',
  },
  {
    id: 'inbound-config', cause: 'local_config_error',
    when: { program: [...INBOUND, 'cleanup'], text: ['server configuration error', 'server configuration problem', 'temporary lookup failure', 'address verification problem'] },
    examples: ['Nov 27 12:00:40 mx1 postfix/smtpd[5122]: NOQUEUE: reject: RCPT from mail.example.org[192.0.2.10]: 451 4.3.5 <ann@example.org>: Recipient address rejected: Server configuration error; from=<bob@example.org> to=<ann@example.org> proto=ESMTP helo=<mail.example.org>'],
    note: 'smtpd_check.c: a broken restriction or lookup table on our side.',
  },
  {
    id: 'inbound-reverse-dns', cause: 'sender_auth_failure',
    when: { program: INBOUND, text: ['cannot find your hostname', 'cannot find your reverse hostname', 'not owned by user', 'sender address rejected: not logged in'] },
    examples: [
      'Nov 27 12:01:00 mx1 postfix/smtpd[5123]: NOQUEUE: reject: RCPT from unknown[203.0.113.88]: 450 4.7.25 Client host rejected: cannot find your hostname, [203.0.113.88]; from=<info@promo.example> to=<ann@example.org> proto=ESMTP helo=<promo.example>',
      'Nov 27 12:01:04 mx1 postfix/submission/smtpd[5124]: NOQUEUE: reject: RCPT from client.example.org[192.0.2.44]: 553 5.7.1 <ceo@example.org>: Sender address rejected: not owned by user bob; from=<ceo@example.org> to=<ext@example.com> proto=ESMTP helo=<[192.168.1.20]>',
    ],
    note: 'reject_unknown_client_hostname / reject_unknown_reverse_client_hostname; reject_sender_login_mismatch.',
  },
  {
    id: 'postscreen-tests', cause: 'greylisted',
    when: { program: ['postscreen'], code: [450], text: ['service currently unavailable'] },
    examples: ['Nov 27 12:01:30 mx1 postfix/postscreen[5130]: NOQUEUE: reject: RCPT from [198.51.100.41]:51234: 450 4.3.2 Service currently unavailable; from=<news@list.example>, to=<ann@example.org>, proto=ESMTP, helo=<out.list.example>'],
    note: 'After deep protocol tests the client must reconnect before it is allowed through (postscreen(8)).',
  },
  {
    id: 'inbound-helo', cause: 'policy_blocked',
    when: { program: INBOUND, text: ['helo command rejected'] },
    examples: ['Nov 27 12:02:00 mx1 postfix/smtpd[5131]: NOQUEUE: reject: RCPT from unknown[203.0.113.99]: 504 5.5.2 <localhost>: Helo command rejected: need fully-qualified hostname; from=<x@spam.example> to=<ann@example.org> proto=SMTP helo=<localhost>'],
    note: 'Our smtpd_helo_restrictions refusing the name the client gave.',
  },
  {
    id: 'inbound-protocol', cause: 'policy_blocked',
    when: { program: INBOUND, text: ['improper use of smtp command pipelining', 'multi-recipient bounce', 'non-smtp command', 'pregreet', 'bad sequence of commands', 'command parameter not implemented', 'command not implemented'] },
    examples: ['Nov 27 12:02:06 mx1 postfix/smtpd[5135]: NOQUEUE: reject: RCPT from unknown[203.0.113.94]: 503 5.5.1 Bad sequence of commands; from=<x@spam.example> to=<ann@example.org> proto=SMTP helo=<x>', 'Nov 27 12:02:05 mx1 postfix/smtpd[5132]: 5E6F7A8B9C: reject: BDAT from relay.example.biz[203.0.113.97]: 550 5.5.3 <DATA>: Data command rejected: Multi-recipient bounce; from=<> to=<ann@example.org> proto=ESMTP helo=<relay.example.biz>'],
    note: 'The client broke the protocol (pipelining before the greeting, a bounce to many recipients, commands out of order): our smtpd enforcing it, at any stage.',
  },
  {
    id: 'inbound-access', cause: 'policy_blocked',
    when: { program: INBOUND, text: ['client host rejected: access denied', 'sender address rejected: access denied', 'recipient address rejected: access denied'] },
    examples: ['Nov 27 12:02:10 mx1 postfix/smtpd[5133]: NOQUEUE: reject: RCPT from unknown[203.0.113.96]: 554 5.7.1 <unknown[203.0.113.96]>: Client host rejected: Access denied; from=<x@spam.example> to=<ann@example.org> proto=ESMTP helo=<x>'],
    note: 'An access(5) table of ours said REJECT.',
  },
];
