/**
 * scenarios — every test message, how it is submitted and the fate the harness expects for each recipient.
 *
 * The tag is in the Message-ID (`<bounce-user-unknown@e2e.mtatrace.test>`) and the Subject (`[e2e:TAG]`), so a
 * log line can always be tied back to a row here. `status` is the final `mta.status` of the recipient;
 * `queueIds` is how many queue IDs the message passes through (2 for a content-filter hop); `ndr` says whether
 * Postfix returns a non-delivery notification to the (local) sender; `step` names a queue operation the driver
 * performs (hold then release, hold then delete).
 *
 * Limits: DNS failures are not covered (the resolver would have to leave 127.0.0.0/8).
 */

export type FinalStatus = 'delivered' | 'bounced' | 'expired' | 'deleted' | 'discarded' | 'rejected' | 'held';

export interface Expect {
  rcpt: string;
  status: FinalStatus;
  /** For virtual-alias expansions: the address the sender used. */
  origRcpt?: string;
}

export interface Scenario {
  tag: string;
  /** `sendmail` = local submission (pickup); `smtp` = port 25-style smtpd; `submission` = smtpd with content_filter. */
  via: 'sendmail' | 'smtp' | 'submission';
  from: string;
  to: string[];
  headers?: string[];
  /** Loopback source address for the SMTP connection (127.0.0.2 is outside mynetworks). */
  localAddress?: string;
  expect: Expect[];
  /** 0 for NOQUEUE rejects. */
  queueIds: number;
  ndr: boolean;
  step?: 'hold-release' | 'hold-delete';
}

const SENDER = 'sender@local.test';

const one = (tag: string, via: Scenario['via'], to: string, status: FinalStatus, more: Partial<Scenario> = {}): Scenario => ({
  tag, via, from: SENDER, to: [to], expect: [{ rcpt: to, status }], queueIds: 1, ndr: false, ...more,
});

export const SCENARIOS: Scenario[] = [
  one('delivered', 'sendmail', 'a@ok.test', 'delivered'),
  one('bounce-user-unknown', 'sendmail', 'nobody@unknown.test', 'bounced', { ndr: true }),
  one('bounce-mailbox-full-gmail', 'sendmail', 'full@gmail.test', 'bounced', { ndr: true }),
  one('bounce-mailbox-full-microsoft', 'sendmail', 'full@outlook.test', 'bounced', { ndr: true }),
  one('bounce-policy-gmail', 'sendmail', 'policy@gmail.test', 'bounced', { ndr: true }),
  one('bounce-policy-microsoft', 'sendmail', 'policy@outlook.test', 'bounced', { ndr: true }),
  one('bounce-too-large', 'sendmail', 'x@big.test', 'bounced', { ndr: true }),
  one('expired-rate-limit', 'sendmail', 'x@ratelimit.test', 'expired', { ndr: true }),
  one('greylisted-delivered', 'sendmail', 'grey@gmail.test', 'delivered'),
  one('expired-connection-refused', 'sendmail', 'x@refused.test', 'expired', { ndr: true }),
  one('expired-greeting-timeout', 'sendmail', 'x@silent.test', 'expired', { ndr: true }),
  one('dropped-after-data-delivered', 'sendmail', 'x@drop.test', 'delivered'),
  one('noqueue-unknown-local', 'smtp', 'nosuchuser@local.test', 'rejected', { queueIds: 0 }),
  one('noqueue-relay-denied', 'smtp', 'x@elsewhere.test', 'rejected', { queueIds: 0, localAddress: '127.0.0.2', from: 'someone@outside.test' }),
  one('noqueue-access-map', 'smtp', 'blocked@ok.test', 'rejected', { queueIds: 0 }),
  {
    tag: 'partial-rcpt-reject', via: 'smtp', from: SENDER, to: ['b@ok.test', 'blocked@ok.test'],
    expect: [{ rcpt: 'b@ok.test', status: 'delivered' }, { rcpt: 'blocked@ok.test', status: 'rejected' }], queueIds: 1, ndr: false,
  },
  one('header-reject', 'smtp', 'c@ok.test', 'rejected', { headers: ['X-E2E-Action: reject'] }),
  one('header-discard', 'smtp', 'd@ok.test', 'discarded', { headers: ['X-E2E-Action: discard'] }),
  one('header-hold', 'smtp', 'e@ok.test', 'held', { headers: ['X-E2E-Action: hold'] }),
  one('hold-release', 'sendmail', 'gated@gmail.test', 'delivered', { step: 'hold-release' }),
  one('hold-delete', 'sendmail', 'later@gmail.test', 'deleted', { step: 'hold-delete' }),
  {
    tag: 'virtual-alias-mixed', via: 'sendmail', from: SENDER, to: ['team@alias.test'],
    expect: [
      { rcpt: 'a@ok.test', origRcpt: 'team@alias.test', status: 'delivered' },
      { rcpt: 'nobody@unknown.test', origRcpt: 'team@alias.test', status: 'bounced' },
      { rcpt: 'x@refused.test', origRcpt: 'team@alias.test', status: 'expired' },
    ],
    queueIds: 1, ndr: true,
  },
  one('local-delivered', 'sendmail', 'root@local.test', 'delivered'),
  one('local-unknown-user', 'sendmail', 'nosuchuser@local.test', 'bounced', { ndr: true }),
  one('filter-xforward', 'submission', 'f@ok.test', 'delivered', { queueIds: 2 }),
  one('filter-plain', 'submission', 'noxf@ok.test', 'delivered', { queueIds: 2 }),
];

export const messageIdOf = (tag: string): string => `<${tag}@e2e.mtatrace.test>`;
