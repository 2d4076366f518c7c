/**
 * rules-sender — remote (and inbound) replies about the sender, the message or the receiving system:
 * greylisting, rate limits, authentication (SPF/DKIM/DMARC/PTR), blocklists, content, size, routing, outages.
 *
 *   `… said: 554 5.7.1 Service unavailable; Client host [192.0.2.1] blocked using zen.spamhaus.org; …` → policy_blocked
 *   `… said: 451 4.7.1 <ann@example.org>: Recipient address rejected: Greylisted, see http://postgrey…` → greylisted
 *
 * Order matters and is deliberate (first match wins):
 *   open resolver (a DNSBL text that is really the receiver's fault) → greylisting → relay wants AUTH (ours) →
 *   sender authentication (Gmail rate-limits unauthenticated mail, the fix is SPF/DKIM) → reputation throttles
 *   (policy, before rate) → rate limits → blocklists →
 *   content → size → routing/relay errors → generic temporary outages.
 * "spam" appears in blocklist names (Spamhaus), so blocklists precede content.
 *
 * Limits: generic texts such as "try again later" without a provider code are read as remote_unavailable.
 */
import type { Rule } from './rule.js';
import { INBOUND } from './rules-inbound.js';

export const SENDER_RULES: readonly Rule[] = [
  {
    id: 'dnsbl-open-resolver', cause: 'remote_config_error',
    when: { text: ['open resolver', 'returnc/pub'] },
    examples: ['Nov 27 14:00:00 mx1 postfix/smtp[7000]: 1C2D3E4F5A: to=<bob@example.net>, relay=mx.example.net[203.0.113.5]:25, delay=0.8, delays=0.01/0/0.4/0.39, dsn=5.7.1, status=bounced (host mx.example.net[203.0.113.5] said: 554 5.7.1 Service unavailable; Client host [192.0.2.1] blocked using zen.spamhaus.org; Error: open resolver; https://www.spamhaus.org/returnc/pub/34.1.2.3 (in reply to RCPT TO command))'],
    note: 'Spamhaus answers queries from public resolvers with a special code; the receiver\'s DNSBL setup is broken, not our IP.',
  },
  {
    id: 'greylisting', cause: 'greylisted',
    when: { text: ['greylist', 'graylist', 'grey-list', 'postgrey', 'intentional policy rejection', 'internal resource temporarily unavailable', 'internal resource is temporarily unavailable', 'try again in a few moments'] },
    examples: [
      'Nov 27 14:01:00 mx1 postfix/smtp[7010]: 2D3E4F5A6B: to=<ann@example.org>, relay=mail.example.org[192.0.2.10]:25, delay=1.1, delays=0.01/0/0.5/0.59, dsn=4.2.0, status=deferred (host mail.example.org[192.0.2.10] said: 450 4.2.0 <ann@example.org>: Recipient address rejected: Greylisted, see http://postgrey.schweikert.ch/help/example.org.html (in reply to RCPT TO command))',
      'Nov 27 14:01:05 mx1 postfix/smtp[7011]: 2D3E4F5A6C: to=<cfo@corp.example>, relay=eu-smtp-inbound-1.mimecast.com[195.130.217.221]:25, delay=0.7, delays=0.01/0/0.3/0.39, dsn=4.0.0, status=deferred (host eu-smtp-inbound-1.mimecast.com[195.130.217.221] said: 451 Internal resource temporarily unavailable - https://community.mimecast.com/docs/DOC-1369#451 (in reply to RCPT TO command))',
    ],
    note: 'postgrey, rspamd, iRedAPD, Mimecast greylisting (RFC 6647).',
  },
  {
    id: 'rspamd-soft-reject', cause: 'greylisted',
    when: { dsn: ['4.7.1'], pattern: '(?:^|4\\.7\\.1 )try again later\\.?(?: \\(in reply to [a-z ]+ command\\))?$' },
    examples: ['Nov 27 14:01:30 mx1 postfix/cleanup[7012]: 3E4F5A6B7C: milter-reject: END-OF-MESSAGE from mail.example.com[198.51.100.5]: 4.7.1 Try again later; from=<news@example.com> to=<ann@example.org> proto=ESMTP helo=<mail.example.com>'],
    note: 'rspamd\'s greylist/soft-reject action answers a bare "4.7.1 Try again later".',
  },
  {
    id: 'relay-wants-auth', cause: 'local_config_error',
    when: { text: ['unauthenticated senders not allowed', 'authentication required', 'email address is not verified', 'sender identity is not verified', 'sender address is not verified', 'not authorized to send on behalf'] },
    examples: ['Nov 27 14:02:00 mx1 postfix/smtp[7020]: 4F5A6B7C8D: to=<client@example.com>, relay=email-smtp.eu-west-1.amazonaws.com[52.16.79.80]:587, delay=0.9, delays=0.01/0/0.6/0.29, dsn=5.0.0, status=bounced (host email-smtp.eu-west-1.amazonaws.com[52.16.79.80] said: 554 Message rejected: Email address is not verified. The following identities failed the check in region EU-WEST-1: noreply@shop.example (in reply to end of data command))'],
    note: 'Our relayhost or relay service refuses us until we authenticate or verify the sender identity (RFC 4954 for AUTH; Postfix SASL_README).',
  },
  {
    id: 'sender-auth', cause: 'sender_auth_failure',
    when: { text: ['spf', 'dkim', 'dmarc', 'ptr record', 'reverse dns', 'rdns', 'dns ptr', 'sender is unauthenticated', 'mail is unauthenticated', 'unauthenticated email', 'sender policy framework', 'required authentication level', 'anti-spoofing', 'reverse hostname', 'cannot find your hostname', 'domain owner policy', 'authentication information', 'authentication checks', 'ipv6 sending guidelines'] },
    examples: [
      'Nov 27 14:05:00 mx1 postfix/smtp[7050]: 7C8D9EAFB1: to=<ann@gmail.com>, relay=gmail-smtp-in.l.google.com[142.250.102.26]:25, delay=1.0, delays=0.01/0/0.5/0.49, dsn=5.7.26, status=bounced (host gmail-smtp-in.l.google.com[142.250.102.26] said: 550-5.7.26 Unauthenticated email from shop.example is not accepted due to 550-5.7.26 domain\'s DMARC policy. Please contact the administrator of 550-5.7.26 shop.example domain if this was a legitimate mail. To learn about 550-5.7.26 the DMARC initiative, go to 550 5.7.26  https://support.google.com/mail/?p=DmarcRejection 5b1f17b1804b1-4d3c2a1b0fsi3344556f9.11 - gsmtp (in reply to end of data command))',
      'Nov 27 14:05:10 mx1 postfix/smtp[7051]: 7C8D9EAFB2: to=<max@web.de>, relay=mx-ha03.web.de[212.227.17.8]:25, delay=0.4, delays=0.01/0/0.39/0, dsn=4.0.0, status=deferred (host mx-ha03.web.de[212.227.17.8] refused to talk to me: 554-web.de (mxweb112) Nemesis ESMTP Service not available 554-No SMTP service 554-Bad DNS PTR resource record. 554 For explanation visit https://postmaster.web.de/en/case?c=r0601&i=ip&v=192.0.2.1&r=1MTxyz-1q2w3e4r5t)',
    ],
    note: 'SPF, DKIM, DMARC, PTR/rDNS (Gmail 5.7.25/5.7.26, Microsoft 5.7.509/5.7.515, GMX PTR, Comcast DMARC).',
  },
  {
    id: 'reputation-throttle', cause: 'policy_blocked',
    when: { text: ['reputation', '[tss04]', '[tss09]', 'tss04', 'user complaints'] },
    examples: [
      'Nov 27 14:03:00 mx1 postfix/smtp[7030]: 5A6B7C8D9E: to=<joe@outlook.com>, relay=outlook-com.olc.protection.outlook.com[52.101.9.0]:25, delay=1.3, delays=0.01/0/0.7/0.59, dsn=4.7.650, status=deferred (host outlook-com.olc.protection.outlook.com[52.101.9.0] said: 451 4.7.650 The mail server [192.0.2.1] has been temporarily rate limited due to IP reputation. For e-mail delivery information, see https://postmaster.live.com (S775) [Name=Protocol Filter Agent][AGT=PFA][MxId=11BB3F2A] [BN1PEPF00004680.namprd05.prod.outlook.com 2026-11-27T14:03:00.456Z 08DD0E1F2A3B4C5E] (in reply to MAIL FROM command))',
      'Nov 27 14:03:10 mx1 postfix/smtp[7031]: 5A6B7C8D9F: to=<amy@yahoo.com>, relay=mta6.am0.yahoodns.net[67.195.228.94]:25, delay=0.5, delays=0.01/0/0.49/0, dsn=4.7.0, status=deferred (host mta6.am0.yahoodns.net[67.195.228.94] refused to talk to me: 421 4.7.0 [TSS04] Messages from 192.0.2.1 temporarily deferred due to unexpected volume or user complaints - 4.16.55.1; see https://postmaster.yahooinc.com/error-codes)',
    ],
    note: 'Throttles the text ties to reputation or complaints are policy, with rate_limited as the alternative (RFC 3463 X.7.x: a policy reason).',
  },
  {
    id: 'rate-limit', cause: 'rate_limited',
    when: { text: ['rate limit', 'ratelimit', 'rate-limit', 'too many', 'too quickly', 'receivingrate', 'excessive volume', 'concurrent connections', 'max message per connection', 'frequency limited', 'server busy', 'too fast', 'slow down', 'unusual rate', 'exceeded message rate', 'message rate exceeded', 'connection rate', 'trop de connexions', 'per hour message receive limit', 'maximum number of'] },
    examples: [
      'Nov 27 14:04:00 mx1 postfix/smtp[7040]: 6B7C8D9EAF: to=<ann@gmail.com>, relay=gmail-smtp-in.l.google.com[142.250.102.26]:25, delay=1.2, delays=0.01/0/0.6/0.59, dsn=4.7.28, status=deferred (host gmail-smtp-in.l.google.com[142.250.102.26] said: 421-4.7.28 [192.0.2.1      15] Our system has detected an unusual rate of 421-4.7.28 unsolicited mail originating from your IP address. To protect our 421-4.7.28 users from spam, mail sent from your IP address has been temporarily 421-4.7.28 rate limited. Please visit 421-4.7.28  https://support.google.com/mail/?p=UnsolicitedRateLimitError to 421 4.7.28 review our Bulk Email Senders Guidelines. 5b1f17b1804b1-4d3c2a1b0fsi2233445f9.77 - gsmtp (in reply to end of data command))',
      'Nov 27 14:04:10 mx1 postfix/smtp[7041]: 6B7C8D9EB0: to=<joe@outlook.com>, relay=outlook-com.olc.protection.outlook.com[52.101.9.1]:25, delay=0.6, delays=0.01/0/0.3/0.29, dsn=4.7.500, status=deferred (host outlook-com.olc.protection.outlook.com[52.101.9.1] said: 451 4.7.500 Server busy. Please try again later from [192.0.2.1]. (S77719) [Name=Protocol Filter Agent][AGT=PFA][MxId=11BB3F2B] (in reply to MAIL FROM command))',
    ],
    note: 'Gmail 4.7.28/ReceivingRate, Microsoft S77719, iCloud "excessive volume", Yandex, Orange OFR005, Postfix "too many recipients".',
  },
  {
    id: 'dnsbl-listed', cause: 'policy_blocked',
    when: { text: ['ipcheck.proofpoint.com', 'dnsbl-lookup.cgi', 'blocked using', 'block list', 'blocklist', 'blacklist', 'black listed', 'denylist', 'spamhaus', 'spamcop', 'sorbs', 'uceprotect', 'dnsbl', 'barracudacentral', 'cloudmark', 'banned sending ip', 'traffic not accepted from this ip', '(s3150)', 'bloquee pour incident de spam', 'client host blocked', 'dnsbl-lookup', 'envelope blocked', 'administrative prohibition', 'blocked senders', 'security policies', 'ip address has been blocked', 'ip is on the', ' (bl)', 'reject due to policy restrictions', 'not allowed to send mail', 'ip blocked', 'sender blocked', 'sender rejected', 'aup#', 'not allowed to connect', 'on our block'] },
    examples: [
      'Nov 27 09:00:02 mx1 postfix/smtp[5002]: 1A2B3C4D5F: to=<bob@corp.example>, relay=mx1.corp.pphosted.example[203.0.113.9]:25, delay=900, delays=899/0/1.2/0, dsn=4.0.0, status=deferred (host mx1.corp.pphosted.example[203.0.113.9] refused to talk to me: 554 Blocked - see https://ipcheck.proofpoint.com/?ip=198.51.100.4)',
      'Nov 27 14:06:00 mx1 postfix/smtp[7060]: 8D9EAFB1C2: to=<joe@hotmail.com>, relay=hotmail-com.olc.protection.outlook.com[52.101.40.29]:25, delay=0.8, delays=0.01/0/0.4/0.39, dsn=5.7.1, status=bounced (host hotmail-com.olc.protection.outlook.com[52.101.40.29] said: 550 5.7.1 Unfortunately, messages from [192.0.2.1] weren\'t sent. Please contact your Internet service provider since part of their network is on our block list (S3150). You can also refer your provider to http://mail.live.com/mail/troubleshooting.aspx#errors. [DM6NAM12FT026.eop-nam12.prod.protection.outlook.com 2026-11-27T14:06:00.789Z 08DD0E1F2A3B4C60] (in reply to MAIL FROM command))',
      'Nov 27 14:06:10 mx1 postfix/smtpd[7061]: NOQUEUE: reject: RCPT from unknown[185.234.219.12]: 554 5.7.1 Service unavailable; Client host [185.234.219.12] blocked using zen.spamhaus.org; https://www.spamhaus.org/query/ip/185.234.219.12; from=<info@promo.example> to=<ann@example.org> proto=ESMTP helo=<User>',
    ],
    note: 'Public and provider blocklists keyed on the sending IP or domain (RFC 5782).',
  },
  {
    id: 'content-spam-virus', cause: 'content_rejected',
    when: { text: ['dt:spm', 'spam', 'unsolicited', 'virus', 'malware', 'infected', 'phishing', 'attachment', 'content', 'rfc 5322', 'rfc5322', 'rfc 2822', 'bare <lf>', 'bare lf', 'message not accepted for policy reasons', '[cs01]', 'uribl', 'bulk mail', 'suspicious', 'banned file', 'banned name', 'banned:', 'malformed message', 'header is missing', 'duplicate header'] },
    examples: [
      'Nov 27 09:00:03 mx1 postfix/smtp[5003]: 1A2B3C4D60: to=<cat@mail.example.cn>, relay=mx.mail.example.cn[203.0.113.10]:25, delay=5.0, delays=0.1/0/4/0.9, dsn=4.0.0, status=deferred (host mx.mail.example.cn[203.0.113.10] said: 451 DT:SPM 163 mx12,AbCdEf--.12345S3 1790000000, please try again 15min later (in reply to end of DATA command))',
      'Nov 27 14:07:00 mx1 postfix/smtp[7070]: 9EAFB1C2D3: to=<ann@gmail.com>, relay=gmail-smtp-in.l.google.com[142.250.102.26]:25, delay=1.4, delays=0.01/0/0.6/0.79, dsn=5.7.1, status=bounced (host gmail-smtp-in.l.google.com[142.250.102.26] said: 550-5.7.1 [192.0.2.1      12] Our system has detected that this message is 550-5.7.1 likely unsolicited mail. To reduce the amount of spam sent to Gmail, 550-5.7.1 this message has been blocked. For more information, go to 550 5.7.1  https://support.google.com/mail/?p=UnsolicitedMessageError 5b1f17b1804b1-4d3c2a1b0fsi4455667f9.22 - gsmtp (in reply to end of data command))',
      'Nov 27 14:07:10 mx1 postfix/smtp[7071]: 9EAFB1C2D4: to=<ann@example.org>, relay=127.0.0.1[127.0.0.1]:10024, delay=2.2, delays=0.1/0/0/2.1, dsn=5.7.0, status=bounced (host 127.0.0.1[127.0.0.1] said: 554 5.7.0 Reject, id=12345-07 - INFECTED: Eicar-Signature (in reply to end of data command))',
    ],
    note: 'Spam verdicts, viruses, attachments, malformed messages (Gmail, Yahoo 5.7.9, amavis, rspamd, Mail.ru, QQ, Microsoft 5.7.512).',
  },
  {
    id: 'message-size', cause: 'message_too_large',
    when: { text: ['size limit', 'exceeds size', 'size exceeds', 'too big', 'too large', 'message length exceeds', 'recipsizelimit', 'exceeds the maximum', 'message size exceeds', 'maximum message size'] },
    examples: [
      'Nov 27 14:08:00 mx1 postfix/smtp[7080]: AFB1C2D3E4: to=<bob@example.net>, relay=mx.example.net[203.0.113.5]:25, delay=0.6, delays=0.2/0/0.4/0, dsn=5.3.4, status=bounced (message size 38127302 exceeds size limit 26214400 of server mx.example.net[203.0.113.5])',
      'Nov 27 14:08:10 mx1 postfix/smtp[7081]: AFB1C2D3E5: to=<ann@gmail.com>, relay=gmail-smtp-in.l.google.com[142.250.102.26]:25, delay=9.8, delays=0.3/0/0.5/9, dsn=5.2.3, status=bounced (host gmail-smtp-in.l.google.com[142.250.102.26] said: 552-5.2.3 Your message exceeded Google\'s message size limits. For more 552-5.2.3 information, go to 552 5.2.3  https://support.google.com/mail/?p=MaxSizeError 5b1f17b1804b1-4d3c2a1b0fsi5566778f9.33 - gsmtp (in reply to end of data command))',
    ],
    note: 'smtp_proto.c checks the EHLO SIZE; receivers reply 552 5.3.4 or 5.2.3.',
  },
  {
    id: 'remote-routing', cause: 'remote_config_error',
    when: { text: ['relay access denied', 'relaying denied', 'relay not permitted', 'not permitted to relay', 'unable to relay', 'relay denied', 'we do not relay', 'rcpthosts', 'could not load drd', 'system config error', 'rejected by destination domain', 'no valid route', 'misconfigured', 'configuration error'] },
    examples: ['Nov 27 14:09:00 mx1 postfix/smtp[7090]: B1C2D3E4F5: to=<sales@moved.example>, relay=old-mx.moved.example[203.0.113.40]:25, delay=0.5, delays=0.01/0/0.3/0.19, dsn=5.7.1, status=bounced (host old-mx.moved.example[203.0.113.40] said: 554 5.7.1 <sales@moved.example>: Relay access denied (in reply to RCPT TO command))'],
    note: 'The MX that answered does not serve the domain, or its routing data is broken (RFC 5321 §5.1, locating the target host).',
  },
  {
    id: 'inbound-service-unavailable', cause: 'policy_blocked',
    when: { program: INBOUND, status: ['reject'], text: ['service unavailable'] },
    examples: [
      'Nov 27 09:00:06 mx1 postfix/postscreen[5006]: NOQUEUE: reject: RCPT from [198.51.100.22]:40003: 550 5.7.1 Service unavailable',
      'Nov 27 12:02:20 mx1 postfix/smtpd[5134]: NOQUEUE: reject: RCPT from unknown[203.0.113.95]: 554 5.7.1 Service unavailable',
    ],
    note: 'After dnsbl-listed, before remote-outage: the reply reject_rbl_client and postscreen give a listed client; from our smtpd or postscreen it is our policy, not a remote outage, even when the line was cut before the list name.',
  },
  {
    id: 'remote-outage', cause: 'remote_unavailable',
    when: { text: ['server closing connection', 'service not available', 'service unavailable', 'service is unavailable', 'temporary server error', 'temporarily rejected', 'temporary system problem', 'resources temporarily unavailable', 'insufficient system', 'message failed to be replicated', 'upstream error', 'currently unavailable', 'temporarily unavailable', 'internal server error', 'local error in processing', 'queue file write error', 'closing transmission channel', 'service refuse', 'try again later', 'temporary local problem', 'system is busy', 'unable to process', 'not accepting mail', 'server error'] },
    examples: [
      'Nov 27 09:00:01 mx1 postfix/smtp[5001]: 1A2B3C4D5E: to=<ann@example.net>, relay=mx.example.net[203.0.113.8]:25, delay=1.1, delays=0.01/0/1.1/0, dsn=4.0.0, status=deferred (host mx.example.net[203.0.113.8] refused to talk to me: 421 4.0.0 Server closing connection)',
      'Nov 27 14:10:00 mx1 postfix/smtp[7100]: C2D3E4F5A6: to=<ann@gmail.com>, relay=gmail-smtp-in.l.google.com[142.250.102.26]:25, delay=0.9, delays=0.01/0/0.5/0.39, dsn=4.3.0, status=deferred (host gmail-smtp-in.l.google.com[142.250.102.26] said: 451-4.3.0 Mail server temporarily rejected message. For more information, go 451-4.3.0 to 451 4.3.0  https://support.google.com/mail/?p=TempFail 5b1f17b1804b1-4d3c2a1b0fsi6677889f9.44 - gsmtp (in reply to end of data command))',
      'Nov 27 14:10:10 mx1 postfix/smtp[7101]: C2D3E4F5A7: host mx2.example.net[203.0.113.6] refused to talk to me: 421 Service not available, closing transmission channel',
    ],
    note: 'The receiver reports a failure of its own; it does not single out the sender (RFC 5321 §4.2.1, 4yz and 5yz replies).',
  },
];
