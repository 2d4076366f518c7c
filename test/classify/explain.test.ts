/** explain.test — `mtatrace explain` output names the parsed event, the cause, the rule, transient and the hint. */
import { describe, expect, it } from 'vitest';
import { causeInfo } from '../../src/classify/causes.js';
import { Classifier } from '../../src/classify/classify.js';
import { explainLine } from '../../src/classify/explain.js';
import { parseLine } from './parse-line.js';

describe('explainLine', () => {
  it('explains a failure line', () => {
    const line = 'Nov 27 10:21:17 mx1 postfix/local[3350]: 9A5B6C7D8E: to=<ann@example.org>, relay=local, delay=0.03, delays=0.01/0/0/0.02, dsn=5.2.2, status=bounced (cannot update mailbox /var/mail/ann for user ann. error writing message: Disk quota exceeded)';
    const out = explainLine(line, parseLine, new Classifier());
    expect(out).toContain('parsed:    delivery from local, queueId=9A5B6C7D8E, to=ann@example.org, dsn=5.2.2, status=bounced, peer=local');
    expect(out).toContain('cause:     mailbox_full');
    expect(out).toContain('rule:      mbox-quota');
    expect(out).toContain('transient: no');
    expect(out).toContain(`fix:       ${causeInfo('mailbox_full').hint.fix}`);
  });

  it('says when a line reports no failure or cannot be read', () => {
    const c = new Classifier();
    expect(explainLine('Nov 27 10:00:00 mx1 postfix/qmgr[9]: 4B7C21A0F3: removed', parseLine, c)).toContain('cause:     none');
    expect(explainLine('garbage', parseLine, c)).toContain('parsed:    not a syslog line');
  });
});
