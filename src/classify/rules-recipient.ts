/**
 * rules-recipient — remote (and inbound) replies about the recipient's mailbox: does not exist, disabled, full.
 * Text decides before the code, because providers send the wrong code:
 *   `550 5.4.1 Recipient address rejected: Access denied. AS(201806281)` (Microsoft DBEB) → invalid_recipient
 *   `550 5.7.1 No such user!` (Yandex) → invalid_recipient
 *   `552 5.1.1 Boite du destinataire pleine. Recipient overquota. OFR_417` (Orange) → mailbox_full
 *
 * Order inside this file: sender-side texts that would otherwise look like recipient ones ("does not exist",
 * "mailbox unavailable", "quota"), then mailbox_full, then invalid_recipient.
 * Non-English fragments cover the phrasings of large French, German, Spanish, Dutch, Italian and Portuguese
 * providers (accented and unaccented, since many servers strip accents).
 *
 * Limits: a reply that says only "mailbox unavailable" is read as an unknown user (Microsoft, GMX use it so);
 * a receiver that uses it for a disabled account gets the same label, which has the same fix.
 */
import type { Rule } from './rule.js';

export const RECIPIENT_RULES: readonly Rule[] = [
  {
    id: 'sender-domain-unresolvable', cause: 'sender_auth_failure',
    when: { text: ['domain of sender address', 'sender domain does not exist', 'unresolvable rfc.5321', 'sender address does not exist', 'invalid dns mx or a/aaaa resource record', 'sender verify failed'] },
    examples: [
      'Nov 27 13:00:01 mx1 postfix/smtp[6001]: 1A2B3C4D5E: to=<ann@gmx.de>, relay=mx00.emig.gmx.net[212.227.15.9]:25, delay=0.9, delays=0.01/0/0.4/0.49, dsn=5.0.0, status=bounced (host mx00.emig.gmx.net[212.227.15.9] said: 550-Requested action not taken: mailbox unavailable 550 invalid DNS MX or A/AAAA resource record (in reply to MAIL FROM command))',
      'Nov 27 13:00:05 mx1 postfix/smtp[6002]: 1A2B3C4D5F: to=<bob@yahoo.com>, relay=mta5.am0.yahoodns.net[67.195.204.72]:25, delay=1.2, delays=0.01/0/0.6/0.59, dsn=4.0.0, status=deferred (host mta5.am0.yahoodns.net[67.195.204.72] said: 451 Message temporarily deferred due to unresolvable RFC.5321 from domain; see https://postmaster.yahooinc.com/error-codes (in reply to MAIL FROM command))',
    ],
    note: 'GMX/Yahoo refuse a sender domain without MX/A records; must precede "mailbox unavailable" and "does not exist".',
  },
  {
    id: 'sender-address-unknown', cause: 'sender_auth_failure',
    when: { text: ['sender address rejected: user unknown', 'unknown in local sender table', 'sender address rejected: undeliverable address'] },
    examples: ['Dec  4 20:15:57 mx1 postfix/smtp[3005]: CFA1B2C3D4: to=<example@example.com>, relay=mailin.example.com[203.0.113.181]:25, delay=0.3, delays=0.1/0/0.1/0.1, dsn=5.1.1, status=bounced (host mailin.example.com[203.0.113.181] said: 550 5.1.1 <>: Sender address rejected: User unknown in local sender table (in reply to MAIL FROM command))'],
    note: 'reject_unlisted_sender / reject_unverified_sender on the receiver: it is our sender address that is unknown, not the recipient.',
  },
  {
    id: 'sending-quota', cause: 'rate_limited',
    when: { text: ['sending quota exceeded', 'sending limit exceeded', 'daily sending quota', 'message quota exceeded for'] },
    examples: ['Nov 27 13:01:00 mx1 postfix/smtp[6010]: 2B3C4D5E6F: to=<eve@example.com>, relay=smtp-relay.gmail.com[142.250.27.28]:587, delay=0.8, delays=0.01/0/0.3/0.49, dsn=5.4.5, status=bounced (host smtp-relay.gmail.com[142.250.27.28] said: 550-5.4.5 Daily user sending limit exceeded. For more information on Gmail 550-5.4.5 sending limits go to 550 5.4.5  https://support.google.com/a/answer/166852 h12sm11728881wrx.40 - gsmtp (in reply to end of data command))'],
    note: 'A relay\'s per-account sending quota is a rate limit, not a full mailbox.',
  },
  {
    id: 'mailbox-full-intl', cause: 'mailbox_full',
    when: { text: ['boite du destinataire pleine', 'boite pleine', 'boîte pleine', 'boite aux lettres pleine', 'boîte aux lettres pleine', 'quota depasse', 'quota dépassé', 'postfach voll', 'postfach ist voll', 'speichervolumen', 'speicherplatz', 'mailbox voll', 'buzon lleno', 'buzón lleno', 'buzón está lleno', 'cuota excedida', 'mailbox vol', 'postbus vol', 'mailbox is vol', 'casella piena', 'casella di posta piena', 'spazio esaurito', 'caixa postal cheia', 'caixa de correio cheia', 'caixa cheia', 'cota excedida', 'ящик переполнен'] },
    examples: ['Nov 27 13:03:00 mx1 postfix/smtp[6030]: 4D5E6F7081: to=<jean@orange.fr>, relay=smtp-in.orange.fr[80.12.26.33]:25, delay=0.7, delays=0.01/0/0.3/0.39, dsn=5.1.1, status=bounced (host smtp-in.orange.fr[80.12.26.33] said: 552 5.1.1 Boite du destinataire pleine. Recipient overquota. OFR_417 [417] (in reply to RCPT TO command))'],
    note: 'French, German, Spanish, Dutch, Italian, Portuguese, Russian wordings of "mailbox full".',
  },
  {
    id: 'mailbox-full-en', cause: 'mailbox_full',
    when: { text: ['mailbox full', 'mailbox is full', 'mailbox size limit exceeded', 'over quota', 'overquota', 'quota exceeded', 'exceeded storage allocation', 'out of storage space', 'storage space is full', 'mailbox has exceeded', 'inbox is full', 'quotaexceeded', 'over its quota', 'insufficient storage for mailbox', 'trouble in home directory'] },
    examples: [
      'Nov 27 13:02:00 mx1 postfix/smtp[6020]: 3C4D5E6F70: to=<ann@gmail.com>, relay=gmail-smtp-in.l.google.com[142.250.102.26]:25, delay=1.4, delays=0.01/0/0.6/0.79, dsn=4.2.2, status=deferred (host gmail-smtp-in.l.google.com[142.250.102.26] said: 452-4.2.2 The recipient\'s inbox is out of storage space. Please direct the 452-4.2.2 recipient to 452 4.2.2  https://support.google.com/mail/?p=OverQuotaTemp 5b1f17b1804b1-4d3c2a1b0fsi1234567f9.12 - gsmtp (in reply to RCPT TO command))',
      'Nov 27 13:02:10 mx1 postfix/lmtp[6021]: 3C4D5E6F71: to=<max@example.org>, relay=mail.example.org[private/dovecot-lmtp], delay=0.1, delays=0.01/0/0.01/0.08, dsn=5.2.2, status=bounced (host mail.example.org[private/dovecot-lmtp] said: 552 5.2.2 <max@example.org> Quota exceeded (mailbox for user is full) (in reply to end of data command))',
    ],
    note: 'Gmail OverQuotaTemp/OverQuotaPerm, Dovecot LMTP, iCloud "user is over quota", GMX "exceeded storage allocation".',
  },
  {
    id: 'ms-dbeb-access-denied', cause: 'invalid_recipient',
    when: { text: ['access denied. as(2', 'recipientnotfound', 'recipient not found by smtp address lookup'] },
    examples: ['Nov 27 13:04:00 mx1 postfix/smtp[6040]: 5E6F708192: to=<old.user@contoso.example>, relay=contoso-example.mail.protection.outlook.com[52.101.68.12]:25, delay=1.1, delays=0.01/0/0.5/0.59, dsn=5.4.1, status=bounced (host contoso-example.mail.protection.outlook.com[52.101.68.12] said: 550 5.4.1 Recipient address rejected: Access denied. AS(201806281) [AM4PEPF00027A5C.eurprd04.prod.outlook.com 2026-11-27T13:04:00.123Z 08DD0E1F2A3B4C5D] (in reply to RCPT TO command))'],
    note: 'Microsoft Directory-Based Edge Blocking answers an unknown recipient with 5.4.1 "Access denied".',
  },
  {
    id: 'ms-dbeb-legacy', cause: 'invalid_recipient',
    when: { dsn: ['5.4.1'], text: ['recipient address rejected: access denied'] },
    examples: ['Aug 12 21:56:59 mx1 postfix/smtp[592]: F180CB7A: to=<someone@example.com.br>, relay=example-br.mail.protection.outlook.com[207.46.163.74]:25, delay=5.5, delays=0.09/0/0.43/5, dsn=5.4.1, status=bounced (host example-br.mail.protection.outlook.com[207.46.163.74] said: 550 5.4.1 [someone@example.com.br]: Recipient address rejected: Access denied [BL2NAM02FT061.eop-nam02.prod.protection.outlook.com] (in reply to RCPT TO command))'],
    note: 'Older Exchange Online DBEB replies carry no AS(…) code; 5.4.1 with this text is still an unknown recipient.',
  },
  {
    id: 'user-unknown-intl', cause: 'invalid_recipient',
    when: { text: ['utilisateur inconnu', 'destinataire inconnu', 'adresse inconnue', 'destinataire invalide', "n'existe pas", 'n existe pas', 'adresse invalide', 'benutzer unbekannt', 'benutzer nicht bekannt', 'empfänger unbekannt', 'empfaenger unbekannt', 'unbekannter empfänger', 'unbekannter empfaenger', 'unbekannter benutzer', 'postfach existiert nicht', 'nicht vorhanden', 'usuario desconocido', 'usuario no existe', 'no existe el usuario', 'destinatario desconocido', 'cuenta no existe', 'buzón no existe', 'buzon no existe', 'onbekende gebruiker', 'gebruiker onbekend', 'onbekende ontvanger', 'bestaat niet', 'utente sconosciuto', 'utente inesistente', 'indirizzo inesistente', 'casella inesistente', 'destinatario sconosciuto', 'usuário desconhecido', 'usuario desconhecido', 'utilizador desconhecido', 'destinatário desconhecido', 'conta não existe', 'conta nao existe', 'нет такого пользователя', 'пользователь не найден'] },
    examples: ['Nov 27 13:06:00 mx1 postfix/smtp[6060]: 708192A3B4: to=<paul@wanadoo.fr>, relay=smtp-in.orange.fr[80.12.26.34]:25, delay=0.5, delays=0.01/0/0.2/0.29, dsn=5.1.1, status=bounced (host smtp-in.orange.fr[80.12.26.34] said: 550 5.1.1 Adresse d au moins un destinataire invalide. Invalid recipient. OFR_416 [416] (in reply to RCPT TO command))'],
    note: 'Orange "destinataire invalide", German "Benutzer unbekannt", Spanish "usuario desconocido", Dutch, Italian, Portuguese.',
  },
  {
    id: 'user-unknown-en', cause: 'invalid_recipient',
    when: { text: ['user unknown', 'unknown user', 'no such user', 'no such mailbox', 'no such recipient', 'user not found', 'recipient not found', 'unknown recipient', 'recipient unknown', 'does not exist', "doesn't exist", 'nosuchuser', 'invalid recipient', 'invalid mailbox', 'mailbox not found', 'mailbox unavailable', 'mailbox not available', 'not a valid mailbox', 'unknown or illegal alias', 'unrouteable address', 'address not found', 'no mailbox here by that name', 'bad destination mailbox', 'inactive email address', 'no longer on server', 'no longer active', "doesn't have a", 'mailbox is disabled', 'account is disabled', 'account has been disabled', 'is disabled', 'disableduser', 'deactivated', 'cuda_nsu', 'undeliverable address', 'not listed in domino directory', 'recipient rejected'] },
    examples: [
      'Nov 27 13:05:00 mx1 postfix/smtp[6050]: 6F70819203: to=<nobody@gmail.com>, relay=gmail-smtp-in.l.google.com[142.250.102.27]:25, delay=0.9, delays=0.01/0/0.4/0.49, dsn=5.1.1, status=bounced (host gmail-smtp-in.l.google.com[142.250.102.27] said: 550-5.1.1 The email account that you tried to reach does not exist. Please try 550-5.1.1 double-checking the recipient\'s email address for typos or 550-5.1.1 unnecessary spaces. For more information, go to 550 5.1.1  https://support.google.com/mail/?p=NoSuchUser 5b1f17b1804b1-4d3c2a1b0fsi7654321f9.88 - gsmtp (in reply to RCPT TO command))',
      '2026-11-27T13:05:10.000000+03:00 mx1 postfix/smtp[6051]: 4dBYxk3Lq2z9Rtb: to=<ivan@yandex.ru>, relay=mx.yandex.ru[77.88.21.249]:25, delay=0.6, delays=0.01/0/0.3/0.29, dsn=5.7.1, status=bounced (host mx.yandex.ru[77.88.21.249] said: 550 5.7.1 No such user! (in reply to RCPT TO command))',
    ],
    note: 'English "no such user" family from Postfix, Exim, Gmail, Microsoft, Yahoo/AOL, iCloud, Mail.ru, Yandex, Barracuda.',
  },
];
