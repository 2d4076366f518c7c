/**
 * postfix-config — the files of a private Postfix instance: main.cf, master.cf and the lookup tables.
 *
 * Everything listens on 127.0.0.1 only; every test domain is routed by the transport map to a loopback port and
 * anything else to `error:`, so no mail can leave the machine. No daemon is chrooted, so all of them log through
 * /dev/log (or postlogd when `maillogFile` is set). Queue timers are short so that deferred mail is retried,
 * expires and is returned within about a minute. Tables are `texthash:` (no postmap step) and `regexp:`.
 *
 * Limits: IPv4 only; smtpd does no reverse lookups (`unknown[127.0.0.1]`); only the `dnssmtp` transport asks DNS,
 * and only when the instance runs with the test's resolv.conf.
 */

/** Ports of one instance and of the servers it talks to. */
export interface Ports {
  smtpd: number;
  submission: number;
  reinject: number;
  filter: number;
  ok: number;
  unknown: number;
  ratelimit: number;
  big: number;
  gmail: number;
  microsoft: number;
  silent: number;
  drop: number;
  refused: number;
}

export interface InstanceSpec {
  root: string;
  myhostname: string;
  ports: Ports;
  /** Write Postfix's log with postlogd to this file instead of syslog. */
  maillogFile?: string;
  longQueueIds: boolean;
  /** Route `nxdomain.test` and `servfail.test` through real DNS lookups (only inside a namespace whose resolv.conf points at the test responder). */
  dns?: boolean;
}

/** Domains looked up in DNS (MX, then A) when `dns` is on; the test responder fails them all. */
export const DNS_DOMAINS = ['nxdomain.test', 'servfail.test'];

/** Test domain → transport-map key of `ports`; all next hops are `[127.0.0.1]:port`. */
export const ROUTED: Record<string, keyof Ports> = {
  'ok.test': 'ok',
  'unknown.test': 'unknown',
  'ratelimit.test': 'ratelimit',
  'big.test': 'big',
  'gmail.test': 'gmail',
  'outlook.test': 'microsoft',
  'silent.test': 'silent',
  'drop.test': 'drop',
  'refused.test': 'refused',
};

export const LOCAL_DOMAINS = ['local.test', 'localhost'];

export function mainCf(s: InstanceSpec): string {
  const c = `${s.root}/conf`;
  const lines = [
    '# Written by test/e2e/harness/postfix-config.ts for one e2e run; not a production example.',
    'compatibility_level = 3.6',
    `queue_directory = ${s.root}/queue`,
    `data_directory = ${s.root}/data`,
    'mail_owner = postfix',
    'setgid_group = postdrop',
    'inet_interfaces = 127.0.0.1',
    'inet_protocols = ipv4',
    `myhostname = ${s.myhostname}`,
    'mydomain = e2e.test',
    `mydestination = $myhostname, ${LOCAL_DOMAINS.join(', ')}`,
    'mynetworks = 127.0.0.1/32',
    'relay_domains =',
    'smtpd_banner = $myhostname ESMTP',
    'smtpd_peername_lookup = no',
    'smtp_host_lookup = native',
    'biff = no',
    'append_dot_mydomain = no',
    `transport_maps = texthash:${c}/transport`,
    'virtual_alias_domains = alias.test',
    `virtual_alias_maps = texthash:${c}/virtual`,
    `alias_maps = texthash:${c}/aliases`,
    'alias_database =',
    `mail_spool_directory = ${s.root}/mail`,
    `header_checks = regexp:${c}/header_checks`,
    'smtpd_relay_restrictions = permit_mynetworks, reject_unauth_destination',
    `smtpd_recipient_restrictions = check_recipient_access texthash:${c}/recipient_access`,
    'smtpd_authorized_xforward_hosts = 127.0.0.0/8',
    'smtp_connect_timeout = 3s',
    'smtp_helo_timeout = 4s',
    'smtp_data_done_timeout = 20s',
    'queue_run_delay = 5s',
    'minimal_backoff_time = 5s',
    'maximal_backoff_time = 10s',
    'maximal_queue_lifetime = 45s',
    'bounce_queue_lifetime = 45s',
    'delay_warning_time = 0',
    `enable_long_queue_ids = ${s.longQueueIds ? 'yes' : 'no'}`,
  ];
  if (s.maillogFile) lines.push(`maillog_file_prefixes = ${s.root}`, `maillog_file = ${s.maillogFile}`);
  return `${lines.join('\n')}\n`;
}

export function masterCf(s: InstanceSpec): string {
  const p = s.ports;
  return `# Written by test/e2e/harness/postfix-config.ts: nothing chrooted, listeners on 127.0.0.1 only.
127.0.0.1:${p.smtpd} inet n - n - - smtpd
127.0.0.1:${p.submission} inet n - n - - smtpd
  -o syslog_name=postfix/submission
  -o content_filter=scan:[127.0.0.1]:${p.filter}
127.0.0.1:${p.reinject} inet n - n - - smtpd
  -o syslog_name=postfix/reinject
  -o content_filter=
  -o receive_override_options=no_unknown_recipient_checks,no_header_body_checks,no_milters
  -o smtpd_recipient_restrictions=permit_mynetworks,reject
pickup unix n - n 60 1 pickup
cleanup unix n - n - 0 cleanup
qmgr unix n - n 300 1 qmgr
rewrite unix - - n - - trivial-rewrite
bounce unix - - n - 0 bounce
defer unix - - n - 0 bounce
trace unix - - n - 0 bounce
verify unix - - n - 1 verify
flush unix n - n 1000? 0 flush
proxymap unix - - n - - proxymap
proxywrite unix - - n - 1 proxymap
smtp unix - - n - - smtp
relay unix - - n - - smtp
showq unix n - n - - showq
error unix - - n - - error
retry unix - - n - - error
discard unix - - n - - discard
local unix - n n - - local
virtual unix - n n - - virtual
anvil unix - - n - 1 anvil
scache unix - - n - 1 scache
postlog unix-dgram n - n - 1 postlogd
scan unix - - n - 4 smtp
  -o smtp_send_xforward_command=yes
dnssmtp unix - - n - - smtp
  -o smtp_host_lookup=dns
`;
}

/** The lookup tables, by file name under conf/. */
export function tables(s: InstanceSpec): Record<string, string> {
  const transport = [
    ...Object.entries(ROUTED).map(([domain, key]) => `${domain} smtp:[127.0.0.1]:${s.ports[key]}`),
    ...[s.myhostname, ...LOCAL_DOMAINS].map((d) => `${d} local:`),
    ...(s.dns ? DNS_DOMAINS.map((d) => `${d} dnssmtp:`) : []),
    '* error:5.1.2 e2e: destination not routed by the test transport map',
  ];
  return {
    transport: `${transport.join('\n')}\n`,
    virtual: 'team@alias.test a@ok.test, nobody@unknown.test, x@refused.test\n',
    aliases: 'postmaster root\nmailer-daemon postmaster\nsender root\n',
    header_checks: [
      '/^X-E2E-Action: reject/ REJECT 5.7.1 e2e header check says no',
      '/^X-E2E-Action: discard/ DISCARD e2e header check discards',
      '/^X-E2E-Action: hold/ HOLD e2e header check holds',
      '',
    ].join('\n'),
    recipient_access: 'blocked@ok.test REJECT 5.7.1 e2e policy: this recipient is blocked\n',
  };
}
