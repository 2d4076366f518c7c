/**
 * scenarios — every test message, how it is submitted and the fate the harness expects for each recipient.
 *
 * The tag is in the Message-ID (`<bounce-user-unknown@e2e.mtatrace.test>`) and the Subject (`[e2e:TAG]`), so a
 * log line can always be tied back to a row here. `status` is the final `mta.status` of the recipient;
 * `queueIds` is how many queue IDs the message passes through (2 for a content-filter hop); `ndr` says whether
 * Postfix returns a non-delivery notification to the (local) sender; `step` names a queue operation the driver
 * performs (hold then release, hold then delete).
 *
 * Limits: the DNS scenarios run only where Postfix can get a private resolv.conf (`unshare --mount`).
 */

export type FinalStatus = 'delivered' | 'bounced' | 'expired' | 'deleted' | 'discarded' | 'rejected' | 'held';

export interface Expect {
  rcpt: string;
  status: FinalStatus;
  /** For virtual-alias expansions: the address the sender used. */
  origRcpt?: string;
  /** `mta.cause` of the final outcome (bounced, rejected; `expired` for expired). */
  cause?: string;
  /** For expired recipients: `mta.last_cause`, the cause of the last deferral. */
  lastCause?: string;
  /** Causes of the deferrals before a later delivery or deletion, in any order. */
  deferCauses?: string[];
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
  /** Needs the loopback DNS responder (Postfix in a mount namespace with the test's resolv.conf). */
  needsDns?: boolean;
  /** Message-level events mtatrace must emit for it (besides received / attempts / completions). */
  events?: string[];
}

const SENDER = 'sender@local.test';

type Causes = Pick<Expect, 'cause' | 'lastCause' | 'deferCauses'>;

const one = (tag: string, via: Scenario['via'], to: string, status: FinalStatus, causes: Causes = {}, more: Partial<Scenario> = {}): Scenario => ({
  tag, via, from: SENDER, to: [to], expect: [{ rcpt: to, status, ...causes }], queueIds: 1, ndr: false, ...more,
});

const NDR = { ndr: true };
const EXPIRED = { ndr: true, events: ['mta.message.expired'] };

export const SCENARIOS: Scenario[] = [
  one('delivered', 'sendmail', 'a@ok.test', 'delivered'),
  one('bounce-user-unknown', 'sendmail', 'nobody@unknown.test', 'bounced', { cause: 'invalid_recipient' }, NDR),
  one('bounce-mailbox-full-gmail', 'sendmail', 'full@gmail.test', 'bounced', { cause: 'mailbox_full' }, NDR),
  one('bounce-mailbox-full-microsoft', 'sendmail', 'full@outlook.test', 'bounced', { cause: 'mailbox_full' }, NDR),
  one('bounce-policy-gmail', 'sendmail', 'policy@gmail.test', 'bounced', { cause: 'content_rejected' }, NDR),
  one('bounce-policy-microsoft', 'sendmail', 'policy@outlook.test', 'bounced', { cause: 'policy_blocked' }, NDR),
  one('bounce-too-large', 'sendmail', 'x@big.test', 'bounced', { cause: 'message_too_large' }, NDR),
  one('expired-rate-limit', 'sendmail', 'x@ratelimit.test', 'expired', { cause: 'expired', lastCause: 'rate_limited' }, EXPIRED),
  one('expired-rate-limit-gmail', 'sendmail', 'busy@gmail.test', 'expired', { cause: 'expired', lastCause: 'rate_limited' }, EXPIRED),
  one('greylisted-delivered', 'sendmail', 'grey@gmail.test', 'delivered', { deferCauses: ['greylisted'] }),
  one('expired-connection-refused', 'sendmail', 'x@refused.test', 'expired', { cause: 'expired', lastCause: 'remote_unavailable' }, EXPIRED),
  one('expired-greeting-timeout', 'sendmail', 'x@silent.test', 'expired', { cause: 'expired', lastCause: 'connection_lost' }, EXPIRED),
  one('dropped-after-data-delivered', 'sendmail', 'x@drop.test', 'delivered', { deferCauses: ['connection_lost'] }),
  one('noqueue-unknown-local', 'smtp', 'nosuchuser@local.test', 'rejected', { cause: 'invalid_recipient' }, { queueIds: 0 }),
  one('noqueue-relay-denied', 'smtp', 'x@elsewhere.test', 'rejected', { cause: 'policy_blocked' },
    { queueIds: 0, localAddress: '127.0.0.2', from: 'someone@outside.test' }),
  one('noqueue-access-map', 'smtp', 'blocked@ok.test', 'rejected', { cause: 'policy_blocked' }, { queueIds: 0 }),
  {
    tag: 'partial-rcpt-reject', via: 'smtp', from: SENDER, to: ['b@ok.test', 'blocked@ok.test'],
    expect: [{ rcpt: 'b@ok.test', status: 'delivered' }, { rcpt: 'blocked@ok.test', status: 'rejected', cause: 'policy_blocked' }],
    queueIds: 1, ndr: false,
  },
  one('header-reject', 'smtp', 'c@ok.test', 'rejected', { cause: 'content_rejected' },
    { headers: ['X-E2E-Action: reject'], events: ['mta.message.rejected'] }),
  one('header-discard', 'smtp', 'd@ok.test', 'discarded', {}, { headers: ['X-E2E-Action: discard'], events: ['mta.message.discarded'] }),
  one('header-hold', 'smtp', 'e@ok.test', 'held', {}, { headers: ['X-E2E-Action: hold'], events: ['mta.message.held'] }),
  one('hold-release', 'sendmail', 'gated@gmail.test', 'delivered', { deferCauses: ['remote_unavailable'] },
    { step: 'hold-release', events: ['mta.message.held', 'mta.message.released'] }),
  one('hold-delete', 'sendmail', 'later@gmail.test', 'deleted', { deferCauses: ['remote_unavailable'] },
    { step: 'hold-delete', events: ['mta.message.held', 'mta.message.deleted'] }),
  {
    tag: 'virtual-alias-mixed', via: 'sendmail', from: SENDER, to: ['team@alias.test'],
    expect: [
      { rcpt: 'a@ok.test', origRcpt: 'team@alias.test', status: 'delivered' },
      { rcpt: 'nobody@unknown.test', origRcpt: 'team@alias.test', status: 'bounced', cause: 'invalid_recipient' },
      { rcpt: 'x@refused.test', origRcpt: 'team@alias.test', status: 'expired', cause: 'expired', lastCause: 'remote_unavailable' },
    ],
    queueIds: 1, ndr: true, events: ['mta.message.expired'],
  },
  one('local-delivered', 'sendmail', 'root@local.test', 'delivered'),
  one('local-unknown-user', 'sendmail', 'nosuchuser@local.test', 'bounced', { cause: 'invalid_recipient' }, NDR),
  one('filter-xforward', 'submission', 'f@ok.test', 'delivered', {}, { queueIds: 2 }),
  one('filter-plain', 'submission', 'noxf@ok.test', 'delivered', {}, { queueIds: 2 }),
  one('bounce-dns-nxdomain', 'sendmail', 'x@nxdomain.test', 'bounced', { cause: 'dns_failure' }, { ...NDR, needsDns: true }),
  one('expired-dns-servfail', 'sendmail', 'x@servfail.test', 'expired', { cause: 'expired', lastCause: 'dns_failure' }, { ...EXPIRED, needsDns: true }),
];

/** The scenarios a run can do: the DNS ones only with the loopback DNS responder. */
export const activeScenarios = (dns: boolean): Scenario[] => SCENARIOS.filter((s) => dns || !s.needsDns);

export const messageIdOf = (tag: string): string => `<${tag}@e2e.mtatrace.test>`;
