/**
 * beside-postfix — the lines of the programs beside Postfix (OpenDKIM, amavis, Dovecot: parse/index.ts BESIDE)
 * are parsed and joined now, but for the queue/alert watch they stay what they were: lines of other programs.
 * They move the clock, yet neither end a Postfix silence nor make their host the one `--queue-command` lists.
 *
 *   10:01 postfix/smtp … deferred;  10:05 … 10:30 dovecot: lmtp(…): msgid=<…>: saved mail to INBOX, opendkim …
 *   → log_silence still fires at 10:11 (no Postfix line for 10 minutes)
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_ALERTS, type AlertChange } from '../../src/watch/alerts.js';
import { PostfixLog } from '../support/postfix-log.js';
import { replay } from '../support/replay.js';

const stamp = (min: number): string => new Date(Date.parse('2026-11-26T10:00:00Z') + min * 60_000).toISOString().replace(/\.(\d{3})Z$/, '.$1000+00:00');
const brief = (c: AlertChange): string => `${new Date(c.timeUs / 1000).toISOString().slice(11, 19)} ${c.key} ${c.state}`;

describe('verdicts and stores during a Postfix silence', () => {
  const log = new PostfixLog().receive(1, 0).deferred(1, 1);
  const beside: string[] = [];
  for (let m = 5; m <= 30; m += 5) {
    beside.push(`${stamp(m)} mx1 dovecot: lmtp(bob@example.org)<2030><Qk9vUm1aGmYyAAAAq9xY7g>: msgid=<x${m}@example.net>: saved mail to INBOX`);
    beside.push(`${stamp(m)} mx1 opendkim[900]: 0000000001: DKIM verification successful`);
    beside.push(`${stamp(m)} mx1 amavis[3000]: (03000-01) size: 1358, TIMING [total 95 ms] - SMTP greeting: 3.2 (3%)3`);
  }
  const r = replay([...log.sorted(), ...beside], { ...DEFAULT_ALERTS, silenceMinutes: 10, silenceLines: 0, stallDeliveries: 0, repeatMinutes: 60 });

  it('do not end it: log_silence fires as if they were not there', () => {
    expect(r.changes.map(brief)).toContain('10:11:00 log_silence firing');
    expect(r.changes.filter((c) => c.alert === 'log_silence' && c.state === 'resolved')).toEqual([]);
  });

  it('do not open a host of their own', () => {
    const other = replay([`${stamp(0)} imap1 dovecot: lmtp(bob@example.org)<1><s>: msgid=<y@example.net>: saved mail to INBOX`, `${stamp(20)} imap1 opendkim[9]: 0000000002: no signature data`], { ...DEFAULT_ALERTS, silenceMinutes: 10, silenceLines: 0 });
    expect(other.changes).toEqual([]);
    expect(other.watch.latestHost).toBeUndefined();
  });
});
