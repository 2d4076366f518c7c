/**
 * catalog — the world the generated logs describe, as plain data: remote providers and their replies,
 * deferral and bounce causes with the text real receivers send, smtpd rejects, and our own users.
 *
 * A reply row is `[weight, dsn, text]`; `{to}`, `{ip}`, `{mx}` and `{id}` are filled in per line, e.g.
 *   `[3, '5.1.1', "550-5.1.1 The email account that you tried to reach does not exist. … NoSuchUser - gsmtp"]`.
 *
 * Limits: texts follow the cause taxonomy (src/classify/causes.ts) and public bounce corpora; they are shaped, not captured, samples.
 */

/** Remote destinations for outbound mail: domain, MX host, MX address, and the 250 reply on success. */
export const PROVIDERS = [
  [30, { domains: ['gmail.com', 'googlemail.com'], mx: 'gmail-smtp-in.l.google.com', ip: '142.250.27.26', ok: '250 2.0.0 OK  {id} - gsmtp' }],
  [18, { domains: ['outlook.com', 'hotmail.com', 'live.com'], mx: 'outlook-com.olc.protection.outlook.com', ip: '52.101.68.4', ok: '250 2.6.0 <{msgid}> [InternalId={id}] Queued mail for delivery' }],
  [8, { domains: ['yahoo.com', 'aol.com'], mx: 'mta7.am0.yahoodns.net', ip: '67.195.204.79', ok: '250 ok dirdel' }],
  [6, { domains: ['gmx.de', 'web.de'], mx: 'mx00.emig.gmx.net', ip: '212.227.15.9', ok: '250 Requested mail action okay, completed: id={id}' }],
  [4, { domains: ['orange.fr', 'wanadoo.fr'], mx: 'smtp-in.orange.fr', ip: '80.12.242.10', ok: '250 2.0.0 {id} mail accepted for delivery' }],
  [5, { domains: ['icloud.com', 'me.com'], mx: 'mx01.mail.icloud.com', ip: '17.57.154.6', ok: '250 2.0.0 Ok: queued as {id}' }],
  [29, { domains: ['acme-corp.com', 'globex.net', 'initech.io', 'umbrella.org', 'hooli.xyz', 'example.net'], mx: 'mx.{domain}', ip: '198.51.100.{n}', ok: '250 2.0.0 Ok: queued as {id}' }],
];

/** Temporary failures that end in delivery on a later attempt. Rows: [weight, dsn, reply, relayKind]. */
export const DEFERRALS = [
  [5, '4.2.0', 'host {mx}[{ip}] said: 450 4.2.0 <{to}>: Recipient address rejected: Greylisted, see http://postgrey.schweikert.ch/help/{domain}.html (in reply to RCPT TO command)'],
  [3, '4.7.28', 'host {mx}[{ip}] said: 421-4.7.28 Our system has detected an unusual rate of unsolicited mail originating from your IP address. To protect our users from spam, mail sent from your IP address has been temporarily rate limited. (in reply to end of data command)'],
  [3, '4.4.1', 'connect to {mx}[{ip}]:25: Connection refused', 'none'],
  [2, '4.4.1', 'connect to {mx}[{ip}]:25: Connection timed out', 'none'],
  [2, '4.4.2', 'lost connection with {mx}[{ip}] while receiving the initial server greeting'],
  [2, '4.7.0', 'host {mx}[{ip}] said: 421 4.7.0 [TSS04] Messages from 203.0.113.25 temporarily deferred due to unexpected volume or user complaints (in reply to MAIL FROM command)'],
  [2, '4.3.2', 'host {mx}[{ip}] said: 451 4.3.2 Temporary server error. Please try again later ATTR17 [AM3PEPF0000A78E.eurprd04.prod.outlook.com] (in reply to end of data command)'],
  [1, '4.4.3', 'Host or domain name not found. Name service error for name={domain} type=MX: Host not found, try again', 'none'],
  [1, '4.2.2', 'host {mx}[{ip}] said: 452-4.2.2 The recipient\'s inbox is out of storage space. Please direct the recipient to https://support.google.com/mail/?p=OverQuotaTemp (in reply to RCPT TO command)'],
];

/** Permanent failures by cause. Rows: [weight, dsn, reply]. */
export const BOUNCES = {
  user_unknown: [
    [4, '5.1.1', "host {mx}[{ip}] said: 550-5.1.1 The email account that you tried to reach does not exist. Please try double-checking the recipient's email address for typos or unnecessary spaces. For more information, go to https://support.google.com/mail/?p=NoSuchUser {id} - gsmtp (in reply to RCPT TO command)"],
    [3, '5.1.10', 'host {mx}[{ip}] said: 550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient {to} not found by SMTP address lookup (in reply to RCPT TO command)'],
    [3, '5.1.1', 'host {mx}[{ip}] said: 550 5.1.1 <{to}>: Recipient address rejected: User unknown in virtual mailbox table (in reply to RCPT TO command)'],
    [1, '5.0.0', "host {mx}[{ip}] said: 554 delivery error: dd This user doesn't have a yahoo.com account ({to}) [0] - mta7.mail.bf1.yahoo.com (in reply to end of data command)"],
  ],
  mailbox_full: [
    [3, '5.2.2', 'host {mx}[{ip}] said: 552-5.2.2 The recipient\'s inbox is out of storage space and inactive. Please direct the recipient to https://support.google.com/mail/?p=OverQuotaPerm {id} - gsmtp (in reply to RCPT TO command)'],
    [2, '5.2.2', 'host {mx}[{ip}] said: 552 5.2.2 <{to}>: user is over quota (in reply to RCPT TO command)'],
    [1, '5.2.2', 'host {mx}[{ip}] said: 552 Requested mail action aborted: exceeded storage allocation (in reply to end of data command)'],
  ],
  policy: [
    [3, '5.7.1', 'host {mx}[{ip}] said: 554 5.7.1 Service unavailable; Client host [203.0.113.25] blocked using zen.spamhaus.org; https://www.spamhaus.org/query/ip/203.0.113.25 (in reply to RCPT TO command)'],
    [2, '5.7.1', "host {mx}[{ip}] said: 550 5.7.1 Unfortunately, messages from [203.0.113.25] weren't sent. Please contact your Internet service provider since part of their network is on our block list (S3150). (in reply to MAIL FROM command)"],
    [2, '5.7.26', "host {mx}[{ip}] said: 550-5.7.26 Unauthenticated email from {fromdomain} is not accepted due to domain's DMARC policy. Please contact the administrator of {fromdomain} domain if this was a legitimate mail. {id} - gsmtp (in reply to end of data command)"],
    [1, '5.7.9', 'host {mx}[{ip}] said: 554 5.7.9 Message not accepted for policy reasons.  See https://senders.yahooinc.com/error-codes (in reply to end of data command)'],
  ],
  too_large: [
    [2, '5.3.4', 'message size {size} exceeds size limit 20971520 of server {mx}[{ip}]'],
    [2, '5.2.3', "host {mx}[{ip}] said: 552-5.2.3 Your message exceeded Google's message size limits. For more information, go to https://support.google.com/mail/?p=MaxSizeError {id} - gsmtp (in reply to end of data command)"],
    [1, '5.3.4', 'host {mx}[{ip}] said: 552 5.3.4 Message size exceeds fixed limit (in reply to end of data command)'],
  ],
};

/** Reply texts that only one provider sends: [marker in the text, substring its MX host must contain]. */
export const PROVIDER_MARKERS = [[/gsmtp|google\.com/, 'google'], [/RESOLVER\.|\(S3150\)|outlook\.com/, 'outlook'], [/yahoo|TSS0/, 'yahoo']];

/** Weights of bounce causes for outbound mail. */
export const BOUNCE_CAUSES = [[50, 'user_unknown'], [20, 'mailbox_full'], [20, 'policy'], [10, 'too_large']];

/** What keeps a doomed message deferred until it expires (dead domains, blocked hosts). */
export const EXPIRY_DEFERRALS = [
  [3, '4.4.1', 'connect to {mx}[{ip}]:25: Connection timed out', 'none'],
  [2, '4.4.3', 'Host or domain name not found. Name service error for name={domain} type=MX: Host not found, try again', 'none'],
  [2, '4.7.1', 'host {mx}[{ip}] said: 451 4.7.1 Sorry, the service is currently unavailable. Please come back later. (in reply to RCPT TO command)'],
];

/** smtpd rejects before a queue id exists. Rows: [weight, stage, reply]. */
export const REJECTS = [
  [5, 'RCPT', '554 5.7.1 Service unavailable; Client host [{ip}] blocked using zen.spamhaus.org; https://www.spamhaus.org/query/ip/{ip}'],
  [4, 'RCPT', '550 5.1.1 <{to}>: Recipient address rejected: User unknown in virtual mailbox table'],
  [2, 'RCPT', '454 4.7.1 <{to}>: Relay access denied'],
  [2, 'RCPT', '450 4.7.25 Client host rejected: cannot find your hostname, [{ip}]'],
  [1, 'RCPT', '450 4.2.0 <{to}>: Recipient address rejected: Greylisted, see http://postgrey.schweikert.ch/help/{domain}.html'],
];

/** Our users, on our own domains. */
export const LOCAL_DOMAINS = ['example.org', 'example.com', 'shop.example.org'];
export const LOCAL_USERS = ['alice', 'bob', 'carol', 'dave', 'erin', 'frank', 'grace', 'heidi', 'ivan', 'judy', 'mallory', 'niaj',
  'olivia', 'peggy', 'rupert', 'sybil', 'trent', 'victor', 'walter', 'billing', 'support', 'noreply', 'newsletter', 'sales'];

/** Sending clients on the internet for inbound mail: [weight, [name template, address template, sender domains]]. */
export const CLIENTS = [
  [30, ['mail-{a}-f{n}.google.com', '209.85.{b}.{n}', ['gmail.com']]],
  [15, ['mail-{a}{n}.outbound.protection.outlook.com', '40.107.{b}.{n}', ['outlook.com', 'hotmail.com', 'partner-firm.co.uk']]],
  [10, ['a{n}-{b}.smtp-out.amazonses.com', '54.240.{b}.{n}', ['mailer.shopify.com', 'notifications.github.com', 'billing.stripe.com']]],
  [10, ['mout.gmx.net', '212.227.17.{n}', ['gmx.de', 'web.de']]],
  [35, ['mx{n}.{d}', '198.51.100.{n}', ['acme-corp.com', 'globex.net', 'initech.io', 'umbrella.org', 'hooli.xyz']]],
];

/** Foreign daemons whose lines share mail.log; mtatrace must skip them cheaply. */
export const NOISE = [
  [4, 'dovecot', 'imap-login: Login: user=<{user}>, method=PLAIN, rip={ip}, lip=10.0.0.5, mpid={pid}, TLS, session=<{sid}>'],
  [3, 'dovecot', 'imap({user})<{pid}><{sid}>: Disconnected: Logged out in=312 out=4521 deleted=0 expunged=0 trashed=0 hdr_count=0 hdr_bytes=0 body_count=1 body_bytes=2048'],
  [2, 'opendkim', '{qid}: DKIM-Signature field added (s=mail, d=example.org)'],
  [1, 'postfix/anvil', 'statistics: max connection rate 4/60s for (smtp:{ip}) at {clock}'],
  [1, 'postfix/scache', 'statistics: start interval {clock}'],
  [1, 'postfix/smtpd', 'warning: hostname {rdns} does not resolve to address {ip}: Name or service not known'],
];
