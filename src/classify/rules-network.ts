/**
 * rules-network — what the Postfix SMTP/LMTP client itself writes about DNS, TCP, the session and TLS.
 *
 *   `postfix/smtp[4100]: connect to mx.example.net[203.0.113.5]:25: Connection timed out` → network_blocked
 *   `… dsn=4.4.3, status=deferred (Host or domain name not found. Name service error for name=example.net type=MX:
 *    Host not found, try again)` → dns_failure
 *
 * Wording comes from smtp/smtp_connect.c, smtp_addr.c, smtp_proto.c, smtp_tls_policy.c and dns/dns_lookup.c.
 * These come before the remote-reply rules so that a remote text quoted inside a TLS or SASL message
 * does not decide.
 *
 * Limits: a timeout *after* connect is connection_lost; one during connect is network_blocked.
 */
import type { Rule } from './rule.js';

export const NETWORK_RULES: readonly Rule[] = [
  {
    id: 'null-mx', cause: 'invalid_recipient',
    when: { text: ['does not accept mail (nullmx)'] },
    examples: ['Nov 27 11:00:01 mx1 postfix/smtp[4100]: 7B2C3D4E5F: to=<info@parked.example>, relay=none, delay=0.1, delays=0.01/0/0.09/0, dsn=5.1.0, status=bounced (Domain parked.example does not accept mail (nullMX))'],
    note: 'RFC 7505 null MX: the domain publishes that it takes no mail.',
  },
  {
    id: 'tlsa-lookup', cause: 'dns_failure',
    when: { text: ['tlsa lookup error'] },
    examples: ['Nov 27 11:00:30 mx1 postfix/smtp[4101]: 7B2C3D4E60: to=<bob@dane.example>, relay=none, delay=0.3, delays=0.01/0/0.29/0, dsn=4.7.5, status=deferred (TLSA lookup error for mx.dane.example:25)'],
    note: 'DANE needs the TLSA lookup to succeed; a SERVFAIL defers (RFC 7672 §2.1; Postfix TLS_README, DANE).',
  },
  {
    id: 'dns-lookup', cause: 'dns_failure',
    when: { text: ['name service error for name=', 'host or domain name not found', 'temporary failure in name resolution', 'malformed or unexpected name server reply', 'malformed dns server reply', 'unable to look up host', ': host not found', 'name or service not known', 'domain not found'] },
    examples: [
      'Nov 27 11:01:12 mx1 postfix/smtp[4102]: 8C3D4E5F60: to=<bob@example.net>, relay=none, delay=1.1, delays=0.01/0/1.1/0, dsn=4.4.3, status=deferred (Host or domain name not found. Name service error for name=example.net type=MX: Host not found, try again)',
      'Nov 27 11:01:13 mx1 postfix/smtp[4103]: 8C3D4E5F61: to=<ann@gmial.com>, relay=none, delay=0.2, delays=0.01/0/0.19/0, dsn=5.4.4, status=bounced (Host or domain name not found. Name service error for name=gmial.com type=A: Host not found)',
      'Nov 27 11:01:20 mx1 postfix/smtpd[4104]: NOQUEUE: reject: RCPT from unknown[198.51.100.77]: 450 4.1.8 <spam@nonexistent.example>: Sender address rejected: Domain not found; from=<spam@nonexistent.example> to=<ann@example.org> proto=ESMTP helo=<bulk>',
      'Nov 27 09:00:07 mx1 postfix/smtpd[5007]: NOQUEUE: reject: RCPT from bulk.example.biz[198.51.100.23]: 450 4.1.8 <x@broken-dns.example>: Sender address rejected: Malformed DNS server reply; from=<x@broken-dns.example> to=<ann@example.com> proto=ESMTP helo=<bulk.example.biz>',
    ],
    note: '"try again" (4.4.3) is a resolver failure; "Host not found" alone is NXDOMAIN (5.4.4). reject_unknown_sender_domain says "Domain not found", or "Malformed DNS server reply" when the sender domain\'s DNS answers garbage (smtpd_check.c).',
  },
  {
    id: 'connect-refused', cause: 'remote_unavailable',
    when: { text: ['connection refused'] },
    examples: [
      'Nov 27 11:02:00 mx1 postfix/smtp[4110]: connect to mx.example.net[203.0.113.5]:25: Connection refused',
      'Nov 27 11:02:01 mx1 postfix/smtp[4111]: 9D4E5F6071: to=<bob@example.net>, relay=none, delay=3.2, delays=0.01/0/3.2/0, dsn=4.4.1, status=deferred (connect to mx.example.net[203.0.113.5]:25: Connection refused)',
    ],
    note: 'The host answered and refused: it is reachable but not accepting: remote_unavailable, not network_blocked (connect(2) ECONNREFUSED; Postfix src/smtp/smtp_connect.c).',
  },
  {
    id: 'connect-no-path', cause: 'network_blocked',
    when: { text: ['no route to host', 'network is unreachable', 'cannot assign requested address', 'connection timed out', 'address not available', 'operation timed out', 'host is unreachable', 'host is down'] },
    examples: [
      'Nov 27 11:03:00 mx1 postfix/smtp[4120]: connect to gmail-smtp-in.l.google.com[2a00:1450:400c:c0b::1b]:25: Network is unreachable',
      '2026-11-27T11:03:30.551902+01:00 mx1 postfix/smtp[4121]: AE5F607182: to=<bob@example.net>, relay=none, delay=30, delays=0.02/0/30/0, dsn=4.4.1, status=deferred (connect to mx.example.net[203.0.113.5]:25: Connection timed out)',
      'Nov 27 11:03:31 mx1 postfix/error[4122]: AE5F607183: to=<ann@example.net>, relay=none, delay=610, delays=610/0.01/0/0, dsn=4.4.1, status=deferred (delivery temporarily suspended: connect to mx.example.net[203.0.113.5]:25: No route to host)',
    ],
    note: 'No TCP path: blocked outbound port 25 or broken IPv6 (connect(2) ETIMEDOUT, EHOSTUNREACH, ENETUNREACH, EADDRNOTAVAIL; Postfix src/smtp/smtp_connect.c). Linux and BSD errno wordings.',
  },
  {
    id: 'session-lost', cause: 'connection_lost',
    when: { text: ['lost connection with', 'timed out while', 'connection reset by peer', 'broken pipe', 'unexpected eof'] },
    examples: [
      'Nov 27 11:04:00 mx1 postfix/smtp[4130]: BF60718293: to=<bob@example.net>, relay=mx.example.net[203.0.113.5]:25, delay=300, delays=0.01/0/300/0, dsn=4.4.2, status=deferred (lost connection with mx.example.net[203.0.113.5] while receiving the initial server greeting)',
      'Nov 27 11:04:10 mx1 postfix/smtp[4131]: BF60718294: to=<ann@example.net>, relay=mx.example.net[203.0.113.5]:25, delay=620, delays=0.01/0/0.4/620, dsn=4.4.2, status=deferred (conversation with mx.example.net[203.0.113.5] timed out while sending end of data -- message may be sent more than once)',
      'Nov 27 11:04:12 mx1 postfix/smtp[4132]: BF60718295: lost connection with mx1.example.net[203.0.113.6] while sending RCPT TO',
    ],
    note: 'An established session dropped; "may be sent more than once" warns of duplicates (smtp_proto.c).',
  },
  {
    id: 'tls-client', cause: 'tls_failure',
    when: { text: ['tls is required', 'cannot start tls', 'ssl_connect error', 'tls library problem', 'server certificate not', 'certificate verification failed', 'untrusted issuer', 'tls handshake', 'client tls configuration problem', 'tls required for rcpt domain', 'must issue a starttls command first', 'requiretls', 'encryption required'] },
    examples: [
      'Nov 27 11:05:00 mx1 postfix/smtp[4140]: C071829304: to=<bob@bank.example>, relay=mx.bank.example[203.0.113.20]:25, delay=0.6, delays=0.01/0/0.59/0, dsn=4.7.4, status=deferred (TLS is required, but was not offered by host mx.bank.example[203.0.113.20])',
      'Nov 27 11:05:03 mx1 postfix/smtp[4141]: C071829305: to=<ann@secure.example>, relay=mx.secure.example[203.0.113.21]:25, delay=1.2, delays=0.01/0/1.2/0, dsn=4.7.5, status=deferred (Cannot start TLS: handshake failure)',
      'Nov 27 11:05:07 mx1 postfix/smtp[4142]: C071829306: to=<eve@secure.example>, relay=mx.secure.example[203.0.113.21]:25, delay=0.7, delays=0.01/0/0.69/0, dsn=4.7.5, status=deferred (Server certificate not verified)',
      'Nov 27 11:05:10 mx1 postfix/smtp[4143]: certificate verification failed for mx.secure.example[203.0.113.21]:25: self-signed certificate',
      'Nov 27 11:05:11 mx1 postfix/smtp[4144]: SSL_connect error to mx.secure.example[203.0.113.21]:25: lost connection',
      'Nov 27 11:05:12 mx1 postfix/smtp[4145]: warning: TLS library problem: error:0A000086:SSL routines::certificate verify failed:../ssl/statem/statem_clnt.c:1889:',
    ],
    note: 'The TLS policy could not be met; see the TLS warnings just before (smtp_proto.c, tls_client.c).',
  },
];
