/**
 * rules-local — causes on our own side of the wire: delivery agents' own texts (local, virtual, pipe, lmtp to
 * our store), queue manager and error(8) wording, relayhost authentication, our content-filter re-injection.
 *
 *   `postfix/local[2210]: 9F3A2C1B7D: to=<ann@example.org>, relay=local, …, dsn=5.2.2, status=bounced
 *    (cannot update mailbox /var/mail/ann for user ann. error writing message: Disk quota exceeded)` → mailbox_full
 *
 * Wording comes from the Postfix source: global/mbox_open.c (errno → dsn), global/sys_exits.c (command exit
 * status), local/*.c, smtp/smtp_sasl_proto.c, qmgr/qmgr_deliver.c, error/error.c.
 *
 * Limits: a command's own output is free text; only a few well-known Dovecot/procmail phrasings are named.
 */
import type { Rule } from './rule.js';

export const LOCAL_RULES: readonly Rule[] = [
  {
    id: 'admin-expired', cause: 'expired',
    when: { text: ['message is administratively expired'] },
    examples: ['Nov 27 10:15:02 mx1 postfix/error[3301]: 4B7C21A0F3: to=<bob@example.net>, relay=none, delay=432001, delays=432000/1/0/0, dsn=4.7.0, status=deferred (message is administratively expired)'],
    note: 'postsuper -e / the retry service: logged by error(8) before the message is returned (postsuper(1) -e; Postfix src/error/error.c, src/qmgr/qmgr_active.c).',
  },
  {
    id: 'sasl-auth-failed', cause: 'local_config_error',
    when: { text: ['sasl authentication failed', 'sasl authentication problem', 'no mechanism available'] },
    examples: [
      'Nov 27 10:16:40 mx1 postfix/smtp[3310]: 5C1D2E3F4A: to=<bob@example.net>, relay=smtp.gmail.com[142.250.102.108]:587, delay=1.3, delays=0.02/0.01/1.2/0, dsn=4.7.8, status=deferred (SASL authentication failed; server smtp.gmail.com[142.250.102.108] said: 535-5.7.8 Username and Password not accepted. For more information, go to 535 5.7.8  https://support.google.com/mail/?p=BadCredentials a1b2c3 - gsmtp)',
      '2026-11-27T10:17:01.204311+00:00 mx1 postfix/smtp[3311]: 5C1D2E3F4B: to=<eve@example.com>, relay=smtp.relay.example[198.51.100.25]:587, delay=0.4, delays=0.01/0/0.39/0, dsn=4.7.0, status=deferred (SASL authentication failed; cannot authenticate to server smtp.relay.example[198.51.100.25]: no mechanism available)',
    ],
    note: 'Relayhost AUTH is our configuration (sasl_passwd, libsasl2-modules); smtp_sasl_auth_soft_bounce logs it as 4.7.x.',
  },
  {
    id: 'transport-unavailable', cause: 'local_config_error',
    when: { text: ['mail transport unavailable', 'unknown mail transport error', 'mail system configuration error', 'bounce or trace service failure', 'table lookup failure', 'lookup table has changed', 'queue file write error: local configuration'] },
    examples: [
      'Nov 27 10:18:12 mx1 postfix/error[3320]: 6D2E3F4A5B: to=<ann@example.org>, relay=none, delay=0.1, delays=0.05/0.04/0/0.01, dsn=4.3.0, status=deferred (mail transport unavailable)',
      'Nov 27 10:18:13 mx1 postfix/error[3321]: 6D2E3F4A5C: to=<bob@example.org>, relay=none, delay=3601, delays=3600/1/0/0, dsn=4.3.0, status=deferred (delivery temporarily suspended: unknown mail transport error)',
    ],
    note: 'qmgr writes these when a master.cf service is missing or crashes (look for the preceding warning: lines).',
  },
  {
    id: 'local-config-sysexits', cause: 'local_config_error',
    when: { program: ['local', 'pipe', 'virtual'], text: ['local configuration error', 'critical os file missing', 'command line usage error'] },
    examples: ['Nov 27 10:19:30 mx1 postfix/pipe[3330]: 7E3F4A5B6C: to=<list@example.org>, relay=mailman, delay=0.3, delays=0.01/0/0/0.29, dsn=5.3.5, status=bounced (local configuration error. Command output: Illegal list name: list@example.org )'],
    note: 'sys_exits.c: EX_CONFIG 5.3.5, EX_OSFILE, EX_USAGE.',
  },
  {
    id: 'local-forwarding-loop', cause: 'local_config_error',
    when: { program: ['local', 'virtual', 'pipe'], text: ['mail forwarding loop for'] },
    examples: ['Nov 27 09:00:09 mx1 postfix/local[5009]: 1A2B3C4D62: to=<bob@example.com>, relay=local, delay=0.1, delays=0.05/0/0/0.05, dsn=5.4.6, status=bounced (mail forwarding loop for bob@example.com)'],
    note: 'local(8)/pipe(8) found its own Delivered-To: header for this recipient: our aliases or .forward files loop (local/local.c).',
  },
  {
    id: 'remote-forwarding-loop', cause: 'remote_config_error',
    when: { text: ['mail forwarding loop for'] },
    examples: ['Nov 27 10:21:02 mx1 postfix/smtp[3352]: 1B6C7D8E9F: to=<bob@example.net>, relay=mx.example.net[203.0.113.5]:25, delay=0.4, delays=0.01/0/0.2/0.19, dsn=5.4.6, status=bounced (host mx.example.net[203.0.113.5] said: 554 5.4.6 mail forwarding loop for bob@example.net (in reply to end of DATA command))'],
    note: 'The same words from a remote MX: the loop is on their side or between us.',
  },
  {
    id: 'loops-back-to-myself', cause: 'remote_config_error',
    when: { text: ['loops back to myself', 'too many hops', 'hop count exceeded', 'this may indicate a mail loop', 'routing loop detected'] },
    examples: [
      'Nov 27 10:20:00 mx1 postfix/smtp[3340]: 8F4A5B6C7D: to=<ann@shop.example>, relay=none, delay=0.5, delays=0.01/0/0.49/0, dsn=5.4.6, status=bounced (mail for shop.example loops back to myself)',
      'Nov 27 10:20:06 mx1 postfix/smtp[3342]: 8F4A5B6C7F: to=<ann@relay.example>, relay=mx.relay.example[203.0.113.6]:25, delay=0.5, delays=0.01/0/0.3/0.19, dsn=5.4.6, status=bounced (host mx.relay.example[203.0.113.6] said: 554 5.4.6 Too many hops (in reply to end of DATA command))',
    ],
    note: 'The MX or relayhost points back at this host, or mail goes round between hosts; the fix is usually routing.',
  },
  {
    id: 'mbox-quota', cause: 'mailbox_full',
    when: { program: ['local', 'virtual', 'pipe'], text: ['disk quota exceeded', 'file too large', 'quota exceeded', 'mailbox is full', 'over quota'] },
    examples: [
      'Nov 27 10:21:17 mx1 postfix/local[3350]: 9A5B6C7D8E: to=<ann@example.org>, relay=local, delay=0.03, delays=0.01/0/0/0.02, dsn=5.2.2, status=bounced (cannot update mailbox /var/mail/ann for user ann. error writing message: Disk quota exceeded)',
      'Nov 27 10:21:20 mx1 postfix/virtual[3351]: 9A5B6C7D8F: to=<max@example.org>, relay=virtual, delay=0.04, delays=0.01/0/0/0.03, dsn=5.2.2, status=bounced (maildir delivery failed: error writing message: File too large)',
    ],
    note: 'mbox_open.c: EDQUOT and EFBIG (mailbox_size_limit) give 5.2.2 and bounce.',
  },
  {
    id: 'local-disk-full', cause: 'local_resource',
    when: { program: ['local', 'virtual', 'pipe', 'lmtp', 'error'], text: ['no space left on device', 'insufficient disk space', 'resource temporarily unavailable', 'cannot allocate memory', 'out of memory', 'system resource problem', 'unable to create lock file'] },
    examples: [
      'Nov 27 10:22:40 mx1 postfix/local[3360]: 1B6C7D8E9F: to=<ann@example.org>, relay=local, delay=0.2, delays=0.01/0/0/0.19, dsn=4.3.0, status=deferred (cannot update mailbox /var/mail/ann for user ann. error writing message: No space left on device)',
      'Nov 27 10:22:44 mx1 postfix/pipe[3361]: 1B6C7D8EA0: to=<bob@example.org>, relay=dovecot, delay=0.5, delays=0.01/0/0/0.49, dsn=4.3.0, status=deferred (system resource problem. Command output: fork: retry: Resource temporarily unavailable )',
    ],
    note: 'ENOSPC defers with 4.3.0 (unlike EDQUOT); EX_OSERR is "system resource problem".',
  },
  {
    id: 'local-data-error', cause: 'local_resource',
    when: { text: ['local data error while talking to'] },
    examples: ['Nov 27 10:22:58 mx1 postfix/smtp[3365]: 1B6C7D8EA1: to=<eve@example.com>, relay=mx.example.com[203.0.113.10]:25, delay=0.9, delays=0.01/0/0.5/0.39, dsn=4.3.0, status=deferred (local data error while talking to mx.example.com[203.0.113.10])'],
    note: 'smtp(8) could not read our own queue file (I/O error or a damaged file).',
  },
  {
    id: 'reinjection-storage', cause: 'local_resource',
    when: { text: ['insufficient system storage', 'queue file write error'], pattern: '\\[(?:127\\.\\d+\\.\\d+\\.\\d+|::1)\\]' },
    examples: ['Nov 27 10:23:09 mx1 postfix/smtp[3370]: 2C7D8E9FA1: to=<bob@example.net>, relay=127.0.0.1[127.0.0.1]:10025, delay=2.1, delays=0.1/0/0/2, dsn=4.3.1, status=deferred (host 127.0.0.1[127.0.0.1] said: 452 4.3.1 Insufficient system storage (in reply to MAIL FROM command))'],
    note: 'Our own content-filter re-injection smtpd is short of queue space: the storage is ours (queue_minfree; Postfix src/smtpd/smtpd_check.c).',
  },
  {
    id: 'command-killed-signal', cause: 'local_resource',
    when: { text: ['command died with signal 9'] },
    examples: ['Nov 27 10:24:50 mx1 postfix/pipe[3380]: 3D8E9FA1B2: to=<ann@example.org>, relay=spamfilter, delay=31, delays=0.01/0/0/31, dsn=4.3.0, status=deferred (Command died with signal 9: "/usr/local/bin/spamfilter.sh")'],
    note: 'SIGKILL of a delivery command is most often the kernel OOM killer.',
  },
  {
    id: 'local-unknown-user', cause: 'invalid_recipient',
    when: { program: ['local', 'virtual', 'pipe', 'lmtp', 'error'], text: ['unknown user:', 'user unknown', "user doesn't exist", 'no such user', 'mailbox does not exist'] },
    examples: [
      'Nov 27 10:25:13 mx1 postfix/local[3390]: 4E9FA1B2C3: to=<nobody1@example.org>, relay=local, delay=0.01, delays=0/0/0/0.01, dsn=5.1.1, status=bounced (unknown user: "nobody1")',
      'Nov 27 10:25:14 mx1 postfix/lmtp[3391]: 4E9FA1B2C4: to=<gone@example.org>, relay=mail.example.org[private/dovecot-lmtp], delay=0.05, delays=0.01/0/0.01/0.03, dsn=5.1.1, status=bounced (host mail.example.org[private/dovecot-lmtp] said: 550 5.1.1 <gone@example.org> User doesn\'t exist: gone@example.org (in reply to RCPT TO command))',
    ],
    note: 'local(8)/virtual(8) "unknown user", sysexits EX_NOUSER "user unknown", Dovecot LMTP "User doesn\'t exist".',
  },
  {
    id: 'lmtp-store-failure', cause: 'local_delivery_error',
    when: { program: ['lmtp'], text: ['temporary internal failure', 'internal error occurred', 'sieve', 'failed to', 'no such file or directory', 'connection refused', 'permission denied', 'lost connection with', 'timed out while'] },
    examples: [
      'Nov 27 10:26:31 mx1 postfix/lmtp[3400]: 5FA1B2C3D4: to=<ann@example.org>, relay=mail.example.org[private/dovecot-lmtp], delay=0.2, delays=0.01/0/0.01/0.18, dsn=4.3.0, status=deferred (host mail.example.org[private/dovecot-lmtp] said: 451 4.3.0 <ann@example.org> Temporary internal failure (in reply to end of data command))',
      'Nov 27 10:26:40 mx1 postfix/lmtp[3401]: 5FA1B2C3D5: to=<bob@example.org>, relay=none, delay=0.02, delays=0.01/0/0.01/0, dsn=4.4.1, status=deferred (connect to mail.example.org[/var/run/dovecot/lmtp]: No such file or directory)',
    ],
    note: 'LMTP goes to our own store (Dovecot, Cyrus, mailman): its socket, port, process or Sieve scripts failed (RFC 2033; Postfix lmtp(8) is src/smtp/ in LMTP mode).',
  },
  {
    id: 'local-store-failure', cause: 'local_delivery_error',
    when: { program: ['local', 'virtual', 'pipe'], text: ['delivery failed to mailbox', 'cannot open file', 'maildir delivery failed', 'cannot update mailbox', 'cannot append message', 'is not owned by recipient', 'permission denied', "can't create user output file", 'lock failure', 'command time limit exceeded', 'command died with status', 'temporary failure. command output', 'service unavailable. command output', 'internal software error', 'input/output error'] },
    examples: [
      'Nov 27 09:00:08 mx1 postfix/virtual[5008]: 1A2B3C4D61: to=<ann@example.com>, relay=virtual, delay=0.1, delays=0.05/0/0/0.05, dsn=4.2.0, status=deferred (delivery failed to mailbox /var/mail/vhosts/example.com/ann: cannot open file: Is a directory)',
      'Nov 27 10:27:02 mx1 postfix/virtual[3410]: 6A1B2C3D4E: to=<ann@example.org>, relay=virtual, delay=0.02, delays=0.01/0/0/0.01, dsn=4.2.0, status=deferred (maildir delivery failed: create maildir file /var/vmail/example.org/ann/tmp/1795780022.P3410.mx1: Permission denied)',
      'Nov 27 10:27:09 mx1 postfix/pipe[3411]: 6A1B2C3D4F: to=<bob@example.org>, relay=dovecot, delay=0.1, delays=0.01/0/0/0.09, dsn=5.3.0, status=bounced (Command died with status 89: "/usr/libexec/dovecot/dovecot-lda". Command output: lda: Fatal: Invalid user settings. Refer to server log for more information. )',
      'Nov 27 10:27:15 mx1 postfix/local[3412]: 6A1B2C3D50: to=<carl@example.org>, relay=local, delay=0.3, delays=0.01/0/0/0.29, dsn=5.2.0, status=bounced (can\'t create user output file. Command output: procmail: Lock failure on "/var/mail/carl.lock" )',
    ],
    note: 'Delivery into our own store failed for a reason other than quota, disk or unknown user.',
  },
];
