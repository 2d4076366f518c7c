/**
 * causes — the closed vocabulary of `mta.cause` values, each with what it means and what to do about it.
 *
 * A cause answers "why did this delivery fail (or get refused)?", for example
 *   `… dsn=4.7.28, status=deferred (host gmail-smtp-in.l.google.com[…] said: 421-4.7.28 … rate limited …)` → `rate_limited`.
 * `transient` is the usual nature of the class only; the verdict for one line takes it from what Postfix does
 * next (see classify.ts). The hints follow the seed article: diagnosis → fix → why the fix works.
 *
 * Limits: one cause per line. Where a reply fits two classes, the matching rule's `note` (src/classify/rules-*.ts)
 * names the alternative.
 */

export type CauseId =
  | 'remote_unavailable' | 'rate_limited' | 'dns_failure' | 'local_resource' | 'network_blocked'
  | 'connection_lost' | 'policy_blocked' | 'invalid_recipient' | 'mailbox_full' | 'remote_config_error'
  | 'local_config_error' | 'sender_auth_failure' | 'greylisted' | 'message_too_large' | 'content_rejected'
  | 'tls_failure' | 'expired' | 'local_delivery_error' | 'unknown';

export interface CauseHint {
  /** Where to look to confirm it. */
  diagnosis: string;
  /** What to change or do. */
  fix: string;
  /** Why that fix addresses this cause. */
  why: string;
}

export interface CauseInfo {
  id: CauseId;
  /** One line: what happened. */
  description: string;
  /** The usual nature of the class; a single verdict follows Postfix's own decision instead. */
  transient: boolean;
  hint: CauseHint;
}

export const CAUSES: readonly CauseInfo[] = [
  {
    id: 'remote_unavailable', transient: true,
    description: 'The receiving server refused the connection or reported a temporary failure of its own.',
    hint: {
      diagnosis: 'Look for "Connection refused" and 421/451 replies naming server errors; check the MX records and `telnet mx 25`.',
      fix: 'Wait and let the queue retry; contact the receiving postmaster if it lasts more than a day.',
      why: 'The fault is on the receiving side and is usually fixed there within hours; Postfix keeps retrying until the queue lifetime ends.',
    },
  },
  {
    id: 'rate_limited', transient: true,
    description: 'The receiver enforces a limit on volume, connections or recipients per sender or per mailbox.',
    hint: {
      diagnosis: 'Count deferrals per destination domain; replies say "too many", "rate limit", "too quickly" or "concurrent connections".',
      fix: 'Lower `<transport>_destination_concurrency_limit`, add `_destination_rate_delay`, cap `_destination_recipient_limit`, spread bulk sends.',
      why: 'Staying below the receiver\'s thresholds stops the throttle from triggering, so attempts succeed at the first try.',
    },
  },
  {
    id: 'dns_failure', transient: true,
    description: 'The next hop could not be resolved (MX, A/AAAA, TLSA), or a receiver could not resolve our sender domain.',
    hint: {
      diagnosis: 'Run `dig MX domain` from this host and from the chroot\'s resolv.conf; if every domain fails, the local resolver is broken.',
      fix: 'Repair the resolver (`/etc/resolv.conf`, `/var/spool/postfix/etc/resolv.conf`); for NXDOMAIN check the domain for typos.',
      why: 'Postfix cannot pick a server to connect to without an answer; a working resolver or a correct domain restores the lookup.',
    },
  },
  {
    id: 'local_resource', transient: true,
    description: 'This host ran out of disk, memory, processes or locks while queueing or delivering.',
    hint: {
      diagnosis: 'Check `df` on the spool and mail filesystems, the kernel log for OOM kills, and `fork`/lock errors in the mail log.',
      fix: 'Free disk space, raise process and memory limits, then run `postqueue -f`.',
      why: 'Postfix defers rather than loses mail when resources run out; once they are back, the retried deliveries go through.',
    },
  },
  {
    id: 'network_blocked', transient: true,
    description: 'No TCP path to the next hop: connect timed out, no route, network unreachable, no usable source address.',
    hint: {
      diagnosis: 'Try `nc -vz mx 25` from this host; "timed out" everywhere means port 25 is blocked, IPv6-only failures mean broken IPv6.',
      fix: 'Open outbound 25 at the firewall or provider; if IPv6 is not routed, set `smtp_address_preference = ipv4` or `inet_protocols = ipv4`.',
      why: 'The receiver never sees us; only a usable network path lets the connection be made.',
    },
  },
  {
    id: 'connection_lost', transient: true,
    description: 'An established SMTP session was dropped or timed out part-way through.',
    hint: {
      diagnosis: 'Note the phase ("while sending end of data", "initial server greeting"); look for MTU problems, SMTP-inspecting firewalls or tarpitting.',
      fix: 'Disable SMTP "fixup" on middleboxes, fix PMTUD/MTU, and raise `smtp_*_timeout` only to confirm a slow peer.',
      why: 'The session fails below SMTP; removing the interfering hop lets the conversation finish. "May be sent more than once" warns of duplicates.',
    },
  },
  {
    id: 'policy_blocked', transient: false,
    description: 'The receiver refuses the sender itself: IP or domain on a blocklist, poor reputation, or a site block list.',
    hint: {
      diagnosis: 'Find the list or code in the reply (Spamhaus, S3150, TSS09, Proofpoint…) and look the IP and domain up there.',
      fix: 'Stop the abuse first (compromised accounts, open relay), then request delisting and watch complaint rates via postmaster tools.',
      why: 'Blocks are keyed on the sending IP or domain; once the reputation is clean and the listing removed, the same mail is accepted.',
    },
  },
  {
    id: 'invalid_recipient', transient: false,
    description: 'The recipient address does not exist, was disabled or moved, or its domain accepts no mail.',
    hint: {
      diagnosis: 'Read the reply for "user unknown", "does not exist", "no such user"; check the address for typos.',
      fix: 'Remove or suppress the address; for our own domains fix `virtual_mailbox_maps`, aliases or the directory lookup.',
      why: 'No retry can deliver to a mailbox that is not there; dropping it stops bounces and protects sender reputation.',
    },
  },
  {
    id: 'mailbox_full', transient: false,
    description: 'The recipient\'s storage or message-count quota is exceeded (remote, or local quota/mailbox_size_limit).',
    hint: {
      diagnosis: 'Replies say "quota", "mailbox full", "out of storage"; local lines say "Disk quota exceeded" or "File too large".',
      fix: 'Remote: let 4.2.2 retry, then suppress the address; local: raise the quota or `mailbox_size_limit`, or have the user clean up.',
      why: 'Space in the mailbox is the only thing that changes the outcome; retries help only if the owner frees it.',
    },
  },
  {
    id: 'remote_config_error', transient: false,
    description: 'Mis-routing or misconfiguration between us and the mailbox: loops, relay refused, broken gateway or DNSBL resolver.',
    hint: {
      diagnosis: 'Check the destination\'s MX records and which host answered; "loops back to myself" means the MX or relayhost points at us.',
      fix: 'Fix routing (`mydestination`, `relay_domains`, `transport_maps`) if it is ours; otherwise tell the receiving admin.',
      why: 'The message cannot reach a mailbox until the path is routed correctly; retrying the same broken route does not help.',
    },
  },
  {
    id: 'local_config_error', transient: true,
    description: 'Our own MTA setup is wrong: missing transport, relayhost authentication, lookup tables, unverified sender at a relay.',
    hint: {
      diagnosis: 'Read the `warning:`/`fatal:` lines just before the failure; run `postfix check` and `postconf -n`.',
      fix: 'Correct `master.cf`/`main.cf`, the SASL password map and modules, or verify the sender identity at the relay service.',
      why: 'Postfix defers while its own configuration is broken; once fixed, `postqueue -f` delivers the waiting mail.',
    },
  },
  {
    id: 'sender_auth_failure', transient: false,
    description: 'The receiver cannot verify the sender: SPF, DKIM or DMARC failure, missing PTR, or an unresolvable sender domain.',
    hint: {
      diagnosis: 'Replies mention SPF, DKIM, DMARC, PTR or reverse DNS; check the headers of a test message at the receiver.',
      fix: 'Publish and align SPF, DKIM and DMARC for the From: domain and give every sending IP matching PTR and forward DNS.',
      why: 'Receivers now require authenticated mail; aligned records let them prove the mail is ours.',
    },
  },
  {
    id: 'greylisted', transient: true,
    description: 'A first attempt was refused on purpose by greylisting and will be accepted on a later retry.',
    hint: {
      diagnosis: 'Replies say "greylisted", "try again later" or name postgrey; the next attempt minutes later succeeds.',
      fix: 'Nothing; let Postfix retry. Large senders should keep a stable sending IP and envelope sender.',
      why: 'Greylisting accepts a sender that retries like a real MTA, which Postfix does by design.',
    },
  },
  {
    id: 'message_too_large', transient: false,
    description: 'The message exceeds a size limit at the receiver or at a local transport.',
    hint: {
      diagnosis: 'Replies say "size", "too big", 5.3.4 or 5.2.3; compare the `size=` in the qmgr line with the limit.',
      fix: 'Send large files as links, or raise `message_size_limit` for our own transports; tell the sender.',
      why: 'The receiver will refuse the same bytes every time; only a smaller message or a higher limit changes that.',
    },
  },
  {
    id: 'content_rejected', transient: false,
    description: 'This message was refused for its content: spam verdict, virus, forbidden attachment, bad URL or malformed format.',
    hint: {
      diagnosis: 'Replies say "spam", "virus", "attachment", "content" or cite RFC 5322; score a copy with a spam filter.',
      fix: 'Fix the content, links and formatting in the sending application and remove dangerous attachments.',
      why: 'The verdict is on this message, not the sender; a clean, well-formed message passes the same filter.',
    },
  },
  {
    id: 'tls_failure', transient: true,
    description: 'The encryption policy could not be met: no STARTTLS, handshake or certificate failure, or TLS required by the peer.',
    hint: {
      diagnosis: 'Look for "TLS is required", "handshake failure", "certificate not verified" and the TLS warnings just before.',
      fix: 'Check `smtp_tls_security_level`, policy maps, MTA-STS/DANE and the remote certificate chain; look for a middlebox stripping STARTTLS.',
      why: 'Postfix will not send in clear when policy forbids it; once both sides can agree on TLS, delivery proceeds.',
    },
  },
  {
    id: 'expired', transient: false,
    description: 'The message stayed queued past its lifetime (or was expired by the operator) and is returned to the sender.',
    hint: {
      diagnosis: 'Find the last `deferred` line of the same queue id: its cause is the real one.',
      fix: 'Fix that underlying cause; consider a shorter `maximal_queue_lifetime` for time-sensitive mail.',
      why: 'Expiry is only the end of repeated deferrals; removing their cause stops messages from ageing out.',
    },
  },
  {
    id: 'local_delivery_error', transient: false,
    description: 'Delivery into our own message store failed: Dovecot LMTP/LDA, Sieve, procmail, permissions, sockets.',
    hint: {
      diagnosis: 'Read the Dovecot or procmail log at the same moment; check the LMTP socket path and file permissions.',
      fix: 'Fix permissions, SELinux labels, socket paths and `mailbox_transport`/`virtual_transport`, then `postqueue -f`.',
      why: 'Postfix hands over correctly but the store refuses; repairing the store side lets the retried deliveries land.',
    },
  },
  {
    id: 'unknown', transient: false,
    description: 'A real failure whose cause cannot be read from the line.',
    hint: {
      diagnosis: 'Read the neighbouring lines of the same queue id and the receiver\'s documentation for the reply.',
      fix: 'Ask the receiving postmaster; add a rule with `--rules` once the meaning is known.',
      why: 'A rule turns a recurring unexplained reply into a known cause with its own fix.',
    },
  },
];

const BY_ID = new Map<CauseId, CauseInfo>(CAUSES.map((c) => [c.id, c]));

/** The entry for a cause id (every CauseId has one). */
export function causeInfo(id: CauseId): CauseInfo {
  return BY_ID.get(id) as CauseInfo;
}

/** True when `s` is one of the cause ids (used to validate user rules). */
export function isCauseId(s: string): s is CauseId {
  return BY_ID.has(s as CauseId);
}
