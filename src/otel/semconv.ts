/**
 * semconv — every attribute, span, event and metric name mtatrace emits, in one table each.
 *
 *   queueId: { name: 'mta.queue_id', type: 'string', on: 'spans, events', cardinality: 'high', doc: … }
 * `docs/schema.md` is generated from these tables (src/otel/schema.ts, written by `npm run docs`) and
 * test/docs.test.ts fails when it drifts. OpenTelemetry semantic-convention names are reused where they exist (`server.address`,
 * `client.address`, `network.peer.address`, `error.type`, `host.name`); everything mail-specific lives under
 * `mta.` because no SMTP/mail conventions exist (semantic-conventions has none as of v1.44).
 *
 * Cardinality: `high` names are fine on spans and log records (Tempo, Loki structured metadata) and never used
 * as metric attributes or resource attributes (Loki index labels). Metric attributes are all bounded.
 */

export interface AttrDef {
  name: string;
  type: 'string' | 'int' | 'double' | 'boolean';
  /** Where it appears: spans, events (NDJSON and OTLP log records), metrics, resource. */
  on: string;
  cardinality: 'low' | 'high';
  doc: string;
}

export const ATTRS = {
  system: { name: 'mta.system', type: 'string', on: 'spans, events', cardinality: 'low', doc: 'The MTA that wrote the log: `postfix`.' },
  queueId: { name: 'mta.queue_id', type: 'string', on: 'spans, events', cardinality: 'high', doc: 'Postfix queue id (`4B7C21A0F3`, or a long id). Unique per host only while the message is queued.' },
  messageId: { name: 'mta.message_id', type: 'string', on: 'spans, events', cardinality: 'high', doc: 'The Message-ID header as cleanup logged it, without the angle brackets.' },
  sender: { name: 'mta.sender', type: 'string', on: 'spans, events', cardinality: 'high', doc: 'Envelope sender (`from=`); empty for bounces (`<>`). Subject to `--redact`.' },
  recipient: { name: 'mta.recipient', type: 'string', on: 'spans, events', cardinality: 'high', doc: 'Envelope recipient (`to=`). Subject to `--redact`.' },
  origRecipient: { name: 'mta.orig_recipient', type: 'string', on: 'spans, events', cardinality: 'high', doc: 'Recipient before alias/virtual expansion (`orig_to=`).' },
  transport: { name: 'mta.transport', type: 'string', on: 'spans, events, metrics', cardinality: 'low', doc: 'Delivery agent that logged the attempt: `smtp`, `lmtp`, `local`, `virtual`, `pipe`, `error`, …' },
  relay: { name: 'mta.relay', type: 'string', on: 'spans, events', cardinality: 'high', doc: 'The `relay=` field as logged (`mx.example.net[192.0.2.7]:25`, `local`, `none`).' },
  status: { name: 'mta.status', type: 'string', on: 'spans, events, metrics', cardinality: 'low', doc: 'On attempts: Postfix `status=` (`sent`, `deferred`, `bounced`, …). On `mta.recipient.completed`: the final fate (`delivered`, `bounced`, `expired`, `deleted`, `discarded`, `rejected`, `aborted` — the client never completed the message, so Postfix discarded it —, `held`, `queued`).' },
  dsn: { name: 'mta.dsn', type: 'string', on: 'spans, events', cardinality: 'low', doc: 'Enhanced status code (`dsn=5.1.1`).' },
  reply: { name: 'mta.reply', type: 'string', on: 'spans, events', cardinality: 'high', doc: 'The parenthesised reply or reason text Postfix logged (remote reply, or its own explanation).' },
  delay: { name: 'mta.delay', type: 'double', on: 'spans, events', cardinality: 'high', doc: 'Seconds from arrival to the end of this attempt (`delay=`).' },
  size: { name: 'mta.size', type: 'int', on: 'spans, events', cardinality: 'high', doc: 'Message size in bytes as queued (`size=`).' },
  nrcpt: { name: 'mta.nrcpt', type: 'int', on: 'spans, events', cardinality: 'low', doc: 'Number of recipients (`nrcpt=`).' },
  cause: { name: 'mta.cause', type: 'string', on: 'spans, events, metrics', cardinality: 'low', doc: 'Why a deferral, bounce, expiry or reject happened: one id from `src/classify/causes.ts`. Absent on success.' },
  causeTransient: { name: 'mta.cause.transient', type: 'boolean', on: 'spans, events', cardinality: 'low', doc: 'Whether Postfix will try again (true for `deferred` and 4xx rejects).' },
  causeRule: { name: 'mta.cause.rule', type: 'string', on: 'spans, events', cardinality: 'low', doc: 'Id of the rule that decided `mta.cause`, so every result can be explained (`mtatrace explain`).' },
  lastCause: { name: 'mta.last_cause', type: 'string', on: 'events', cardinality: 'low', doc: 'For `expired`: the cause of the last deferral before the message expired.' },
  attempt: { name: 'mta.attempt', type: 'int', on: 'spans, events', cardinality: 'low', doc: 'Delivery attempt number of this recipient within this queue id, from 1.' },
  hop: { name: 'mta.hop', type: 'string', on: 'spans, events', cardinality: 'low', doc: 'How this queue id joined its trace when it is not the first: `filter` (content-filter re-injection), `requeue` (`postsuper -r`), `relay` (next host, via Message-ID trace key).' },
  prevQueueId: { name: 'mta.prev_queue_id', type: 'string', on: 'spans, events', cardinality: 'high', doc: 'The queue id this one continues (filter hop or requeue).' },
  notification: { name: 'mta.notification', type: 'string', on: 'spans, events', cardinality: 'low', doc: 'On a bounce/delay notification message: `non-delivery`, `delay`, `delivery-status`, `postmaster-non-delivery`.' },
  origQueueId: { name: 'mta.orig_queue_id', type: 'string', on: 'spans, events', cardinality: 'high', doc: 'On a notification message: the queue id of the message it reports on.' },
  queuedAs: { name: 'mta.queued_as', type: 'string', on: 'spans, events', cardinality: 'high', doc: 'Queue id the next hop gave the message (`250 … queued as X`).' },
  program: { name: 'mta.program', type: 'string', on: 'events', cardinality: 'low', doc: 'Postfix program that logged the line (`smtpd`, `cleanup`, `postscreen`, …).' },
  rejectStage: { name: 'mta.reject.stage', type: 'string', on: 'events', cardinality: 'low', doc: 'SMTP stage of an inbound reject (`RCPT`, `DATA`, `END-OF-MESSAGE`, `CONNECT`, `header`, `body`).' },
  truncated: { name: 'mta.line.truncated', type: 'boolean', on: 'events', cardinality: 'low', doc: 'On `mta.smtpd.rejected`: the line ended before its `; from=<…> to=<…>` trailer was complete (a relay cut it at 1 024 bytes); the fields that survived are set.' },
  trouble: { name: 'mta.trouble', type: 'string', on: 'events, metrics', cardinality: 'low', doc: 'What went wrong with an SMTP client without a reject line: `lost_connection`, `timeout`, `too_many_errors`, `pipelining`, `tls_failed`, `sasl_failed`, `non_smtp_command` (smtpd); `pregreet`, `hangup`, `dnsbl`, `command_time_limit`, `command_count_limit`, `command_length_limit`, `command_pipelining`, `bare_newline`, `non_smtp_command` (postscreen); `dnsbl_listed` (dnsblog).' },
  dnsblRank: { name: 'mta.dnsbl.rank', type: 'int', on: 'events', cardinality: 'low', doc: 'postscreen\'s combined DNSBL score for the client (`DNSBL rank N`).' },
  dnsblDomain: { name: 'mta.dnsbl.domain', type: 'string', on: 'events', cardinality: 'low', doc: 'The DNS list that listed the client (dnsblog `listed by domain`).' },
  lifeAction: { name: 'mta.postfix.action', type: 'string', on: 'events', cardinality: 'low', doc: 'On `mta.postfix.life`: `started`, `reloaded`, `stopped` (master), `starting`, `stopping`, `refreshing`, `running` (postfix-script).' },
  version: { name: 'mta.postfix.version', type: 'string', on: 'events', cardinality: 'low', doc: 'The Postfix version master logged at start or reload.' },
  incomplete: { name: 'mta.lifecycle.incomplete', type: 'boolean', on: 'spans, events', cardinality: 'low', doc: 'The lifecycle ended without `removed` (end of input, eviction, idle timeout).' },
  connUse: { name: 'mta.conn_use', type: 'int', on: 'spans', cardinality: 'low', doc: 'Connection reuse count (`conn_use=`).' },
  tls: { name: 'mta.tls', type: 'string', on: 'spans', cardinality: 'low', doc: 'The optional `tls=` field of Postfix ≥ 3.11 delivery lines.' },
  serverAddress: { name: 'server.address', type: 'string', on: 'spans, events', cardinality: 'high', doc: 'Relay host name of a delivery attempt (semconv).' },
  serverPort: { name: 'server.port', type: 'int', on: 'spans, events', cardinality: 'low', doc: 'Relay port (semconv).' },
  peerAddress: { name: 'network.peer.address', type: 'string', on: 'spans, events', cardinality: 'high', doc: 'Relay IP address (semconv).' },
  clientAddress: { name: 'client.address', type: 'string', on: 'spans, events', cardinality: 'high', doc: 'Connecting SMTP client IP on receive and reject (semconv).' },
  clientName: { name: 'mta.client.name', type: 'string', on: 'spans, events', cardinality: 'high', doc: 'Connecting SMTP client\'s reverse name (`unknown` when none).' },
  errorType: { name: 'error.type', type: 'string', on: 'spans, events', cardinality: 'low', doc: 'On failed spans and events: the same value as `mta.cause` (semconv).' },
  eventName: { name: 'event.name', type: 'string', on: 'events', cardinality: 'low', doc: 'The event name, mirrored as an attribute because older Loki drops the log record\'s EventName.' },
  queue: { name: 'mta.queue', type: 'string', on: 'metrics, events', cardinality: 'low', doc: 'Postfix queue: `incoming`, `active`, `deferred`, `hold`.' },
  domain: { name: 'mta.recipient.domain', type: 'string', on: 'metrics, events', cardinality: 'low', doc: 'Recipient domain on metrics, only for the allow-list / top-N; everything else is `other`.' },
  alert: { name: 'mta.alert', type: 'string', on: 'events, metrics', cardinality: 'low', doc: 'Alert name: `queue_depth_high`, `delivery_stalled`, `log_silence`, `deferral_spike`.' },
  alertState: { name: 'mta.alert.state', type: 'string', on: 'events', cardinality: 'low', doc: '`firing` or `resolved`.' },
  alertReason: { name: 'mta.alert.reason', type: 'string', on: 'events', cardinality: 'low', doc: 'For `queue_depth_high`: `threshold` (above `--queue-warn`) or `growing` (rose for `--queue-grow-minutes`). For `log_silence`: `postfix_stopped` when the last line before the silence was Postfix logging its own stop.' },
  alertValue: { name: 'mta.alert.value', type: 'double', on: 'events', cardinality: 'high', doc: 'What was measured: messages waiting (`queue_depth_high`, `delivery_stalled`) or deferrals in the window (`deferral_spike`).' },
  alertThreshold: { name: 'mta.alert.threshold', type: 'double', on: 'events', cardinality: 'low', doc: 'The threshold the value was compared with.' },
  alertWindow: { name: 'mta.alert.window', type: 'int', on: 'events', cardinality: 'low', doc: 'Seconds the rule looks back (stall time, silence time, spike window, growth period).' },
  alertDeferrals: { name: 'mta.alert.deferrals', type: 'int', on: 'events', cardinality: 'high', doc: 'For `delivery_stalled`: deferrals logged in the window (0: no delivery attempt at all).' },
  alertSince: { name: 'mta.alert.since', type: 'string', on: 'events', cardinality: 'high', doc: 'When this alert started firing (RFC 3339), on repeats and on `resolved`.' },
  alertRepeat: { name: 'mta.alert.repeat', type: 'int', on: 'events', cardinality: 'low', doc: '0 on the first `firing` event, then 1, 2, … on each repeat while it stays true.' },
  queueExactSince: { name: 'mta.queue.exact_since', type: 'string', on: 'events', cardinality: 'high', doc: 'Time of the first line read (RFC 3339): queue counts include messages queued earlier only once a line about them appeared.' },
  queueListed: { name: 'mta.queue.listed', type: 'int', on: 'events', cardinality: 'high', doc: 'On `mta.queue.reconciled`: messages in this queue according to `--queue-command`.' },
  queueDerived: { name: 'mta.queue.derived', type: 'int', on: 'events', cardinality: 'high', doc: 'On `mta.queue.reconciled`: messages in this queue according to the log, before the correction.' },
  checkKind: { name: 'mta.check.kind', type: 'string', on: 'spans, events, metrics', cardinality: 'low', doc: 'What a program beside Postfix checked: `dkim`, `dmarc`, `spf`, `content` (spam/virus filters), `greylist`.' },
  checkResult: { name: 'mta.check.result', type: 'string', on: 'spans, events, metrics', cardinality: 'low', doc: 'The verdict, a closed set per kind: `pass`, `fail`, `none`, `neutral`, `softfail`, `temperror`, `permerror` (dmarc also `policy`), `signed` (our own DKIM signature); content: `clean`, `spam`, `virus`, `banned`, `bad_header`, `oversized`, `unchecked`, `other`; greylist: `greylisted`, `pass`.' },
  checkProgram: { name: 'mta.check.program', type: 'string', on: 'spans, events, metrics', cardinality: 'low', doc: 'The program that gave the verdict (its syslog tag): `opendkim`, `opendmarc`, `policyd-spf`, `amavis`, `rspamd`, `spamd`, `clamav-milter`, `postgrey`. On a reject or bounce it explains: the program whose check did.' },
  checkDirection: { name: 'mta.check.direction', type: 'string', on: 'spans, events, metrics', cardinality: 'low', doc: '`inbound`, `outbound` or `internal` as the program says (OpenDKIM signs outbound and verifies inbound; amavis `{RelayedInbound}`…), else `outbound` for local submissions and `unknown`.' },
  checkDomain: { name: 'mta.check.domain', type: 'string', on: 'spans, events', cardinality: 'high', doc: 'The domain the verdict is about: DKIM `d=`, the DMARC From domain, the SPF envelope-from (or HELO) domain.' },
  checkSelector: { name: 'mta.check.selector', type: 'string', on: 'spans, events', cardinality: 'high', doc: 'DKIM selector (`s=`).' },
  checkScore: { name: 'mta.check.score', type: 'double', on: 'spans, events', cardinality: 'high', doc: 'Spam score (amavis `Hits:`, rspamd, spamd).' },
  checkDuration: { name: 'mta.check.duration', type: 'double', on: 'spans, events', cardinality: 'high', doc: 'Seconds the check took, when the program logs it (amavis `96 ms`; postgrey: the greylisting delay).' },
  checkAction: { name: 'mta.check.action', type: 'string', on: 'spans, events', cardinality: 'low', doc: 'What the program did besides judging: amavis `passed`/`blocked`, rspamd\'s action (`no action`, `reject`, …), postgrey `greylist`/`pass`.' },
  checkReason: { name: 'mta.check.reason', type: 'string', on: 'events', cardinality: 'high', doc: 'The program\'s own words: `bad signature data`, the virus name, the SpamAssassin rules, the SPF identity.' },
  mailboxFolder: { name: 'mta.mailbox.folder', type: 'string', on: 'spans, events', cardinality: 'high', doc: 'Mailbox folder a message was stored in (`INBOX`, a Sieve `fileinto` folder).' },
  mailboxResult: { name: 'mta.mailbox.result', type: 'string', on: 'spans, events, metrics', cardinality: 'low', doc: 'What the mailbox server did: `saved`, `discarded` (Sieve), `forwarded` (Sieve), `failed` (quota and other refusals).' },
  mailboxUser: { name: 'mta.mailbox.user', type: 'string', on: 'events', cardinality: 'high', doc: 'The mailbox user as Dovecot names it (`lmtp(user)`); usually the recipient address. Subject to `--redact`.' },
  mailboxVia: { name: 'mta.mailbox.via', type: 'string', on: 'events', cardinality: 'low', doc: '`lmtp`, `lda`, or `sieve` when a Sieve script decided.' },
  joined: { name: 'mta.check.joined', type: 'boolean', on: 'events', cardinality: 'low', doc: 'On `mta.message.checked`/`stored`: false when no message was found for the verdict (it then has no trace id).' },
  hostName: { name: 'host.name', type: 'string', on: 'resource, events, metrics', cardinality: 'low', doc: 'The MTA host from the log line (resource attribute on span and log exports; a flat key in NDJSON; a data point attribute on `mta.*` metrics, so hosts sharing one collector do not collide).' },
} as const satisfies Record<string, AttrDef>;

export interface NameDef { name: string; doc: string }

/** Span names: one trace per message. */
export const SPANS = {
  message: { name: 'mta.message', doc: 'Root: the message\'s life in the queue on one host, from first line to `removed` (or end of input).' },
  receive: { name: 'mta.receive', doc: 'smtpd connect (or pickup) until the queue manager took the message (`queue active`).' },
  delivery: { name: 'mta.delivery', doc: 'One delivery attempt for one recipient group (same process, relay and time); status ERROR unless sent.' },
  queueWait: { name: 'mta.queue.wait', doc: 'Part `b` of `delays=`: in the active queue waiting for a delivery agent.' },
  connect: { name: 'mta.connect', doc: 'Part `c` of `delays=`: DNS, TCP connect, greeting, EHLO, STARTTLS.' },
  transmit: { name: 'mta.transmit', doc: 'Part `d` of `delays=`: message transmission.' },
  check: { name: 'mta.check', doc: 'A check whose duration the log gives (amavis `96 ms`, rspamd `time:`, spamd `scantime=`), ending at its line; child of the message root.' },
} as const satisfies Record<string, NameDef>;

/** Event names (NDJSON `event`, OTLP log record EventName and `event.name`). */
export const EVENTS = {
  received: { name: 'mta.message.received', doc: 'A queue id appeared (smtpd `client=`, pickup `uid=`, or a first sighting mid-life).' },
  attempt: { name: 'mta.delivery.attempt', doc: 'One recipient, one attempt: sent, deferred, bounced, …' },
  held: { name: 'mta.message.held', doc: 'Placed on hold (cleanup `hold:` or `postsuper -h`).' },
  released: { name: 'mta.message.released', doc: 'Released from hold.' },
  deleted: { name: 'mta.message.deleted', doc: 'Deleted by `postsuper -d`.' },
  expired: { name: 'mta.message.expired', doc: 'Queue lifetime passed; returned to sender.' },
  discarded: { name: 'mta.message.discarded', doc: 'Discarded by a header/body check or milter.' },
  rejected: { name: 'mta.message.rejected', doc: 'Rejected after DATA (cleanup header/body check or milter), with a queue id.' },
  remark: { name: 'mta.delivery.remark', doc: 'The SMTP client reported a failure without a `status=` (a non-final MX refused or dropped the session, a connect, TLS or SASL failure), with its cause; the deferral or bounce that follows for the same process and queue id uses that cause when its own text says less.' },
  inbound: { name: 'mta.inbound.trouble', doc: 'Trouble with an SMTP client that is no reject: an upload cut short (`mta.trouble=lost_connection`, `mta.reject.stage=DATA`, `mta.size` = bytes received), a timeout, protocol abuse, a SASL guess, a postscreen verdict or a DNSBL hit.' },
  life: { name: 'mta.postfix.life', doc: 'Postfix itself started, reloaded or stopped (`mta.postfix.action`): explains gaps in the log and the deferral bursts after a restart.' },
  smtpdRejected: { name: 'mta.smtpd.rejected', doc: 'Rejected while receiving, before a queue file existed (NOQUEUE, postscreen).' },
  completed: { name: 'mta.recipient.completed', doc: 'One per recipient when its lifecycle ends, with the final `mta.status` and cause.' },
  checked: { name: 'mta.message.checked', doc: 'A milter, policy service or content filter gave a verdict (`mta.check.kind`, `mta.check.result`, `mta.check.program`, `mta.check.direction`); on the receive span for checks during receipt, else on the root span or the `mta.check` span.' },
  stored: { name: 'mta.message.stored', doc: 'The mailbox server stored the message (`mta.mailbox.folder`, `mta.recipient`), or discarded, forwarded or refused it (`mta.mailbox.result`); found by Message-ID. On the span of the LMTP/local delivery attempt it belongs to (which carries it as a span event), else on the root span.' },
  alert: { name: 'mta.alert', doc: 'An alert fired or resolved (`mta.alert`, `mta.alert.state`).' },
  queueReconciled: { name: 'mta.queue.reconciled', doc: 'The `--queue-command` listing differed from the log-derived count of a queue (`mta.queue`, `mta.queue.listed`, `mta.queue.derived`); the listing wins.' },
} as const satisfies Record<string, NameDef>;

export interface MetricDef { name: string; instrument: 'counter' | 'histogram' | 'gauge' | 'updowncounter'; unit: string; attrs: readonly string[]; doc: string }

/** Metrics; attributes are all bounded. */
export const METRICS = {
  queueMessages: { name: 'mta.queue.messages', instrument: 'gauge', unit: '{message}', attrs: ['mta.queue', 'host.name'], doc: 'Messages in each Postfix queue, derived from the log (exact only since the time in `mta.queue.exact_since`).' },
  queueOldestAge: { name: 'mta.queue.oldest_age', instrument: 'gauge', unit: 's', attrs: ['mta.queue', 'host.name'], doc: 'Age of the oldest message in each queue.' },
  received: { name: 'mta.messages.received', instrument: 'counter', unit: '{message}', attrs: ['mta.program', 'host.name'], doc: 'Messages that entered the queue.' },
  deliveries: { name: 'mta.deliveries', instrument: 'counter', unit: '{delivery}', attrs: ['mta.status', 'mta.cause', 'mta.transport', 'mta.recipient.domain', 'host.name'], doc: 'Delivery attempts per recipient.' },
  deliveryDuration: { name: 'mta.delivery.duration', instrument: 'histogram', unit: 's', attrs: ['mta.status', 'mta.transport', 'host.name'], doc: 'Arrival to final delivery status (`delay=` of the deciding attempt).' },
  attemptDuration: { name: 'mta.delivery.attempt.duration', instrument: 'histogram', unit: 's', attrs: ['mta.status', 'mta.transport', 'host.name'], doc: 'One attempt (`b+c+d` of `delays=`).' },
  smtpdRejections: { name: 'mta.smtpd.rejections', instrument: 'counter', unit: '{rejection}', attrs: ['mta.cause', 'host.name'], doc: 'Inbound rejects (NOQUEUE, postscreen, cleanup checks).' },
  inboundTroubles: { name: 'mta.inbound.troubles', instrument: 'counter', unit: '{event}', attrs: ['mta.trouble', 'mta.program', 'host.name'], doc: 'Trouble with SMTP clients that is no reject (aborted uploads, timeouts, protocol abuse, SASL failures, postscreen verdicts, DNSBL hits).' },
  remarks: { name: 'mta.delivery.remarks', instrument: 'counter', unit: '{remark}', attrs: ['mta.cause', 'mta.transport', 'host.name'], doc: 'Failures the SMTP client reported without `status=` (non-final MX, connect, TLS, SASL), by cause.' },
  alertsActive: { name: 'mta.alerts.active', instrument: 'gauge', unit: '{alert}', attrs: ['mta.alert', 'host.name'], doc: '1 while an alert is firing, else 0 (`deferral_spike`: the number of destinations spiking).' },
  checks: { name: 'mta.checks', instrument: 'counter', unit: '{check}', attrs: ['mta.check.kind', 'mta.check.result', 'mta.check.direction', 'host.name'], doc: 'Verdicts of the programs beside Postfix (DKIM, DMARC, SPF, content filters, greylisting).' },
  contentVerdicts: { name: 'mta.content.verdicts', instrument: 'counter', unit: '{message}', attrs: ['mta.check.result', 'mta.check.program', 'host.name'], doc: 'Content-filter verdicts (`clean`, `spam`, `virus`, `banned`, …) by filter.' },
  mailboxStores: { name: 'mta.mailbox.stores', instrument: 'counter', unit: '{message}', attrs: ['mta.mailbox.result', 'host.name'], doc: 'Mailbox deliveries the mailbox server logged, by result.' },
  lines: { name: 'mtatrace.lines', instrument: 'counter', unit: '{line}', attrs: ['result'], doc: 'Input lines by result: `parsed`, `ignored`, `unparsed`, `rejected` (bad input, by reason).' },
  inflight: { name: 'mtatrace.lifecycles.inflight', instrument: 'gauge', unit: '{lifecycle}', attrs: [], doc: 'Lifecycles held in memory.' },
  dropped: { name: 'mtatrace.telemetry.dropped', instrument: 'counter', unit: '{item}', attrs: ['signal'], doc: 'Spans or log records finally dropped after export retries.' },
  exportFailures: { name: 'mtatrace.export.failures', instrument: 'counter', unit: '{export}', attrs: ['signal'], doc: 'Failed export requests (each retried until dropped).' },
  exactSince: { name: 'mta.queue.exact_since', instrument: 'gauge', unit: 's', attrs: ['host.name'], doc: 'Unix time of the first line read for this host: `mta.queue.*` count messages queued earlier only once a line about them appeared.' },
  reconcileDifference: { name: 'mta.queue.reconcile.difference', instrument: 'gauge', unit: '{message}', attrs: ['mta.queue', 'host.name'], doc: 'Listed by `--queue-command` minus derived from the log, per queue, at the last reconciliation.' },
} as const satisfies Record<string, MetricDef>;

/** Instrumentation scope name on everything exported. */
export const SCOPE_NAME = 'mtatrace';
