/**
 * classify.test — the engine's contract: transient follows what Postfix does next, Postfix's rewrites are
 * undone, success lines get no verdict, user rules come first, the fallback and `unknown` are counted.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isClassifiable } from '../../src/classify/check-examples.js';
import { Classifier, type Verdict } from '../../src/classify/classify.js';
import type { Rule } from '../../src/classify/rules.js';
import { parseLine } from './parse-line.js';

const PREFIX = 'Nov 27 10:00:00 mx1 postfix/smtp[100]: 4B7C21A0F3: to=<bob@example.net>, relay=mx.example.net[203.0.113.5]:25, delay=1, delays=0/0/0.5/0.5';

function verdict(line: string, c = new Classifier()): Verdict | undefined {
  const ev = parseLine(line);
  if (!isClassifiable(ev)) throw new Error(`not classifiable: ${line} → ${ev?.kind}`);
  return c.classify(ev);
}

describe('transient is what Postfix does next', () => {
  const reply = '(host mx.example.net[203.0.113.5] said: 550 5.1.1 <bob@example.net>: Recipient address rejected: User unknown (in reply to RCPT TO command))';
  it.each([
    ['deferred', '4.1.1', true],
    ['bounced', '5.1.1', false],
    ['SOFTBOUNCE', '5.1.1', true],
    ['undeliverable', '5.1.1', false],
  ])('status=%s → transient %s', (status, dsn, transient) => {
    const v = verdict(`${PREFIX}, dsn=${dsn}, status=${status} ${reply}`);
    expect(v).toEqual({ cause: 'invalid_recipient', rule: 'user-unknown-en', transient });
  });

  it('a 5xx greeting logged as a 4.x deferral is transient, with the cause of the text', () => {
    const v = verdict(`${PREFIX}, dsn=4.7.1, status=deferred (host mx.example.net[203.0.113.5] refused to talk to me: 554 5.7.1 Service unavailable; Client host [192.0.2.1] blocked using zen.spamhaus.org)`);
    expect(v).toEqual({ cause: 'policy_blocked', rule: 'dnsbl-listed', transient: true });
  });

  it('smtpd rejects: 4xx transient, 5xx not', () => {
    const base = 'Nov 27 10:00:00 mx1 postfix/smtpd[7]: NOQUEUE: reject: RCPT from unknown[198.51.100.9]:';
    const tail = '; from=<a@example.com> to=<b@example.org> proto=ESMTP helo=<h>';
    expect(verdict(`${base} 450 4.7.25 Client host rejected: cannot find your hostname, [198.51.100.9]${tail}`)?.transient).toBe(true);
    expect(verdict(`${base} 550 5.7.25 Client host rejected: cannot find your hostname, [198.51.100.9]${tail}`)?.transient).toBe(false);
  });

  it('a non-final attempt and a connect failure are transient', () => {
    expect(verdict('Nov 27 10:00:00 mx1 postfix/smtp[100]: 4B7C21A0F3: host mx1.example.net[203.0.113.6] said: 550 5.7.1 No such user (in reply to RCPT TO command)')).toEqual({ cause: 'invalid_recipient', rule: 'user-unknown-en', transient: true });
    expect(verdict('Nov 27 10:00:00 mx1 postfix/smtp[100]: connect to mx1.example.net[203.0.113.6]:25: Connection timed out')).toEqual({ cause: 'network_blocked', rule: 'connect-no-path', transient: true });
  });

  it('qmgr expiry is `expired`, final', () => {
    expect(verdict('Nov 27 10:00:00 mx1 postfix/qmgr[9]: 4B7C21A0F3: from=<ann@example.org>, status=expired, returned to sender')).toEqual({ cause: 'expired', rule: 'qmgr-expired', transient: false });
  });
});

describe('Postfix rewrites', () => {
  it('classifies the reason inside `delivery temporarily suspended:`', () => {
    const v = verdict(`${PREFIX}, dsn=4.4.1, status=deferred (delivery temporarily suspended: connect to mx.example.net[203.0.113.5]:25: Connection refused)`);
    expect(v?.cause).toBe('remote_unavailable');
  });

  it('uses the code written in the text when the logged dsn is N.0.0', () => {
    const v = verdict(`${PREFIX}, dsn=5.0.0, status=bounced (host mx.example.net[203.0.113.5] said: 550 #5.2.2 Sorry (in reply to RCPT TO command))`);
    expect(v).toEqual({ cause: 'mailbox_full', rule: 'dsn-X.2.2', transient: false });
  });

  it('text beats code: 550 5.7.1 No such user is a recipient problem', () => {
    expect(verdict(`${PREFIX}, dsn=5.7.1, status=bounced (host mx.example.net[203.0.113.5] said: 550 5.7.1 No such user! (in reply to RCPT TO command))`)?.cause).toBe('invalid_recipient');
  });
});

describe('no verdict for lines that report no failure', () => {
  it.each([
    `${PREFIX}, dsn=2.0.0, status=sent (250 2.0.0 Ok: queued as 9ABCDEF012)`,
    `${PREFIX}, dsn=2.1.5, status=deliverable (250 2.1.5 Ok)`,
    'Nov 27 10:00:00 mx1 postfix/cleanup[5]: 4B7C21A0F3: hold: header X-Spam-Flag: YES from localhost[127.0.0.1]; from=<a@example.com> to=<b@example.org> proto=ESMTP helo=<h>: quarantine',
    'Nov 27 10:00:00 mx1 postfix/smtp[100]: 4B7C21A0F3: enabling PIX workarounds: disable_esmtp delay_dotcrlf for mx.example.net[203.0.113.5]:25',
  ])('%s', (line) => {
    const ev = parseLine(line);
    expect(isClassifiable(ev) ? new Classifier().classify(ev) : undefined).toBeUndefined();
  });
});

describe('counters and user rules', () => {
  it('counts unknowns and fallback verdicts', () => {
    const c = new Classifier();
    verdict(`${PREFIX}, dsn=5.0.0, status=bounced (host mx.example.net[203.0.113.5] said: 554 Transaction failed (in reply to end of data command))`, c);
    verdict(`${PREFIX}, dsn=4.4.5, status=deferred (host mx.example.net[203.0.113.5] said: 451 4.4.5 Wait (in reply to RCPT TO command))`, c);
    expect(c.unknownCount).toBe(1);
    expect(c.counters).toEqual({ classified: 2, byDsn: 1, unknown: 1 });
  });

  it('tries user rules before the built-in ones', () => {
    const mine: Rule = { id: 'acme-retired', cause: 'invalid_recipient', when: { code: [554], text: ['transaction failed'] }, examples: [] };
    const v = verdict(`${PREFIX}, dsn=5.0.0, status=bounced (host mx.example.net[203.0.113.5] said: 554 Transaction failed (in reply to end of data command))`, new Classifier([mine]));
    expect(v).toEqual({ cause: 'invalid_recipient', rule: 'acme-retired', transient: false });
  });

  it('never throws and always names a rule, whatever the reply text', () => {
    const c = new Classifier();
    fc.assert(fc.property(fc.string({ maxLength: 300 }), fc.constantFrom('deferred', 'bounced', 'SOFTBOUNCE'), (reply, status) => {
      const ev = parseLine(`${PREFIX}, dsn=4.0.0, status=${status} (${reply.replace(/[\r\n]/g, ' ')})`);
      if (!isClassifiable(ev)) return;
      const v = c.classify(ev);
      expect(v?.rule).toBeTruthy();
    }), { numRuns: 300 });
  });
});

describe('events built without their original text', () => {
  it('rebuilds a remark from its parts', () => {
    const ev = parseLine('Nov 27 10:00:00 mx1 postfix/smtp[100]: 4B7C21A0F3: lost connection with mx1.example.net[203.0.113.6] while sending RCPT TO');
    if (!isClassifiable(ev) || ev.kind !== 'smtp.conversation') throw new Error('expected a conversation');
    expect(new Classifier().classify({ ...ev, text: '' })).toEqual({ cause: 'connection_lost', rule: 'session-lost', transient: true });
  });
});
