/**
 * flows — how each kind of traffic arrives: an SMTP session from the internet (optionally through the
 * content filter), an authenticated submission, a cron mail picked up locally, a rejected session, or a
 * line from a foreign daemon. Each flow writes its receive-side lines and hands the message to delivery.
 *
 *   `mx2 postfix/smtpd[20417]: connect from mail-wr1-f54.google.com[209.85.221.54]`
 *   `mx2 postfix/smtpd[20417]: 4B7C21A0F3: client=mail-wr1-f54.google.com[209.85.221.54]`
 *   `mx2 postfix/cleanup[1402]: 4B7C21A0F3: message-id=<CA+x9…@mail.gmail.com>`
 *
 * Limits: one transaction per session; fates are drawn once per recipient when the message arrives.
 */

import { say, enqueue } from './delivery.mjs';
import { FILTER } from './world.mjs';
import { PROVIDER_MARKERS, CLIENTS, PROVIDERS, DEFERRALS, BOUNCES, BOUNCE_CAUSES, EXPIRY_DEFERRALS, REJECTS, LOCAL_DOMAINS, LOCAL_USERS, NOISE } from './catalog.mjs';

const SEC = 1e6;
const fill = (tpl, v) => tpl.replace(/\{(\w+)\}/g, (m, k) => (v[k] !== undefined ? String(v[k]) : m));
const FIRST = ['john', 'maria', 'li', 'ahmed', 'anna', 'pierre', 'yuki', 'olga', 'sam', 'fatima', 'lucas', 'emma'];
const LAST = ['smith', 'garcia', 'wang', 'khan', 'muller', 'dupont', 'sato', 'ivanova', 'lee', 'okafor', 'silva', 'brown'];
const TLS_IN = 'Anonymous TLS connection established from {peer}: TLSv1.3 with cipher TLS_AES_256_GCM_SHA384 (256/256 bits) key-exchange X25519 server-signature RSA-PSS (2048 bits) server-digest SHA256';
const LMTP_DEFER = [1, '4.3.0', 'host mail.example.org[private/dovecot-lmtp] said: 451 4.3.0 <{to}> Temporary internal failure (in reply to end of data command)'];
const LMTP_FULL = [1, '5.2.2', 'host mail.example.org[private/dovecot-lmtp] said: 552 5.2.2 <{to}> Quota exceeded (mailbox for user is full) (in reply to end of data command)'];

/** A reply row this destination could really send (provider-specific texts only from that provider). */
function replyFor(rng, rows, route) {
  const fits = rows.filter((r) => PROVIDER_MARKERS.every(([marker, mx]) => !marker.test(r[2]) || route.mx.includes(mx)));
  return rng.row(fits.length ? fits : rows);
}

const person = (rng) => `${rng.pick(FIRST)}.${rng.pick(LAST)}${rng.chance(0.3) ? rng.int(1, 99) : ''}`;
const localAddress = (rng) => `${rng.pick(LOCAL_USERS)}@${rng.pick(LOCAL_DOMAINS)}`;

function newMessage(w, host, from, size, msgid, rcpts, t) {
  w.stats.queueIds++;
  w.stats.arrivals++;
  for (const r of rcpts) r.pid = host.pid(r.route.program);
  return { host, qid: host.queueId(), from, fromDomain: from.slice(from.indexOf('@') + 1), size, msgid, rcpts, arrivalUs: t, attempts: 0 };
}

/** Mail from the internet to our users, through the filter on hosts that have one. */
export function inbound(w, host, t0) {
  const rng = w.rng;
  const [name, addr, domains] = rng.weighted(CLIENTS);
  const v = { a: rng.pick(['wr1', 'wm1', 'ej1', 'lf1']), b: rng.int(1, 254), n: rng.int(2, 250), d: rng.pick(domains) };
  const peer = `${fill(name, v)}[${fill(addr, v)}]`;
  const fromDomain = name.startsWith('mx') ? v.d : rng.pick(domains);
  const from = rng.chance(0.2) ? `bounces+${rng.int(1000, 99999)}-${rng.hex(4).toLowerCase()}@${fromDomain}` : `${person(rng)}@${fromDomain}`;
  const n = rng.weighted([[85, 1], [10, 2], [4, 3], [1, 5]]);
  const rcpts = [];
  for (let i = 0; i < n; i++) {
    const plan = rng.weighted([[965, [{ kind: 'sent' }]], [15, [{ kind: 'defer', row: LMTP_DEFER }, { kind: 'sent' }]], [20, [{ kind: 'bounce', row: LMTP_FULL }]]]);
    rcpts.push({ to: localAddress(rng), route: w.routeFor(host, 'x@example.org'), plan });
  }
  const size = Math.min(30e6, Math.round(rng.logNormal(9000, 1.2)) + 900);
  const msgid = fromDomain === 'gmail.com' ? `<CA${rng.alnum(22)}+${rng.alnum(12)}@mail.gmail.com>` : `<${rng.hex(12).toLowerCase()}.${rng.alnum(8)}@${fromDomain}>`;
  const msg = receive(w, host, 'postfix/smtpd', peer, '', from, size, msgid, rcpts, t0);
  msg.clientPeer = peer;
  msg.clientIp = fill(addr, v);
  if (host.filter) {
    msg.next = newMessage(w, host, from, size + rng.int(600, 1500), msgid, rcpts, 0);
    w.stats.arrivals--;
    msg.rcpts = rcpts.map((r) => ({ to: r.to, route: FILTER, pid: host.pid('smtp'), plan: [{ kind: 'sent' }] }));
  }
}

/** Authenticated submission from our users to the world, with the outbound fate mix. */
export function outbound(w, host, t0, inflight) {
  const rng = w.rng;
  const from = localAddress(rng);
  const peer = rng.chance(0.7) ? `unknown[192.0.2.${rng.int(2, 250)}]` : `vpn-gw.example.org[10.8.0.${rng.int(2, 30)}]`;
  const n = inflight ? 1 : rng.weighted([[75, 1], [15, 2], [6, 3], [3, 5], [1, 12]]);
  const rcpts = [];
  let size = Math.round(rng.logNormal(14000, 1.4)) + 700;
  for (let i = 0; i < n; i++) {
    const p = rng.weighted(PROVIDERS);
    const to = `${person(rng)}@${rng.pick(p.domains)}`;
    const route = w.routeFor(host, to);
    const fate = rng.weighted([[88, 'sent'], [6, 'retry'], [4, 'bounce'], [1, 'expire'], [1, 'long']]);
    let plan;
    if (fate === 'sent') plan = [{ kind: 'sent' }];
    else if (fate === 'retry') plan = [...Array(rng.weighted([[70, 1], [25, 2], [5, 3]])).fill({ kind: 'defer', row: replyFor(rng, DEFERRALS, route) }), { kind: 'sent' }];
    else if (fate === 'expire') plan = [{ kind: 'forever', row: replyFor(rng, EXPIRY_DEFERRALS, route) }];
    else if (fate === 'long') plan = [...Array(attemptsWithin(w.lifetimeUs / SEC * (0.5 + rng.next() * 0.4))).fill({ kind: 'defer', row: replyFor(rng, EXPIRY_DEFERRALS, route) }), { kind: 'sent' }];
    else {
      const cause = rng.weighted(BOUNCE_CAUSES);
      if (cause === 'too_large') size = rng.int(21e6, 35e6);
      plan = [{ kind: 'bounce', row: replyFor(rng, BOUNCES[cause], route) }];
    }
    rcpts.push({ to, route, plan });
  }
  const msgid = rng.chance(0.5) ? `<${rng.hex(8)}-${rng.hex(4)}-${rng.hex(4)}-${rng.hex(4)}-${rng.hex(12)}@${from.slice(from.indexOf('@') + 1)}>`.toLowerCase() : `<${rng.alnum(24)}@${host.fqdn}>`;
  const sasl = `, sasl_method=PLAIN, sasl_username=${from}`;
  const msg = receive(w, host, 'postfix/submission/smtpd', peer, sasl, from, size, msgid, rcpts, t0);
  if (inflight) { msg.inflight = replyFor(rng, EXPIRY_DEFERRALS, rcpts[0].route); w.stats.inflight++; }
}

/** How many Postfix retry rounds fit in `seconds` (backoff 300 s doubling to 4000 s). */
function attemptsWithin(seconds) {
  let k = 1;
  for (let s = 0; s < seconds; k++) s += Math.min(4000, 300 * 2 ** (k - 1)) + 150;
  return k;
}

/** The smtpd side of one accepted message: connect, TLS, client=, cleanup, queue, disconnect. */
function receive(w, host, tag, peer, sasl, from, size, msgid, rcpts, t0) {
  const rng = w.rng;
  const pid = host.acquireSmtpd();
  const msg = newMessage(w, host, from, size, msgid, rcpts, t0);
  let t = t0;
  say(w, t, host, tag, pid, `connect from ${peer}`);
  if (rng.chance(0.8)) say(w, t += rng.int(40e3, 200e3), host, tag, pid, fill(TLS_IN, { peer }));
  say(w, t += rng.int(100e3, 900e3), host, tag, pid, `${msg.qid}: client=${peer}${sasl}`);
  msg.arrivalUs = t;
  say(w, t += rng.int(5e3, 60e3), host, 'postfix/cleanup', host.pid('cleanup'), `${msg.qid}: message-id=${msgid}`);
  if (tag.includes('submission') && rng.chance(0.8)) say(w, t += rng.int(2e3, 20e3), host, 'opendkim', 800 + host.index, `${msg.qid}: DKIM-Signature field added (s=mail, d=${msg.fromDomain})`);
  t += 50e3 + size / 20;
  w.em.at(t, (u) => enqueue(w, msg, u));
  const commands = `ehlo=2 starttls=1${sasl ? ' auth=1' : ''} mail=1 rcpt=${rcpts.length} data=1 quit=1 commands=${6 + rcpts.length + (sasl ? 1 : 0)}`;
  w.em.at(t + rng.int(5e3, 80e3), (u) => { w.em.line(u, host.name, tag, pid, `disconnect from ${peer} ${commands}`); host.release(pid); });
  return msg;
}

/** Cron mail: pickup, cleanup, local delivery to root. */
export function pickup(w, host, t0) {
  const rng = w.rng;
  const rcpts = [{ to: `root@${host.fqdn}`, origTo: 'root', route: w.routeFor(host, 'root'), plan: [{ kind: 'sent' }] }];
  const stamp = new Date(t0 / 1000).toISOString().replace(/\D/g, '').slice(0, 14);
  const msg = newMessage(w, host, `root@${host.fqdn}`, rng.int(600, 4000), '', rcpts, t0);
  msg.msgid = `<${stamp}.${msg.qid}@${host.fqdn}>`;
  say(w, t0, host, 'postfix/pickup', host.pickup, `${msg.qid}: uid=0 from=<root>`);
  say(w, t0 + 3000, host, 'postfix/cleanup', host.pid('cleanup'), `${msg.qid}: message-id=${msg.msgid}`);
  w.em.at(t0 + rng.int(5e3, 30e3), (u) => enqueue(w, msg, u));
}

/** A session rejected before any queue id: RBL, unknown user, relay denied, or a dropped scanner. */
export function rejected(w, host, t0) {
  const rng = w.rng;
  const ip = `${rng.pick([45, 80, 91, 103, 185, 193])}.${rng.int(1, 254)}.${rng.int(1, 254)}.${rng.int(1, 254)}`;
  const peer = `unknown[${ip}]`;
  const pid = host.acquireSmtpd();
  say(w, t0, host, 'postfix/smtpd', pid, `connect from ${peer}`);
  let t = t0 + rng.int(200e3, 3e6);
  let commands = 'ehlo=1 auth=0/1 commands=1/2';
  if (rng.chance(0.75)) {
    const [stage, reply] = rng.weighted(REJECTS.map(([wt, s, r]) => [wt, [s, r]]));
    const to = rng.chance(0.5) ? localAddress(rng) : `${rng.pick(LOCAL_USERS)}@example.org`;
    const text = fill(reply, { ip, to, domain: 'example.org' });
    say(w, t, host, 'postfix/smtpd', pid, `NOQUEUE: reject: ${stage} from ${peer}: ${text}; from=<${person(rng)}@${rng.pick(['qq.com', 'mail.ru', 'spam.example'])}> to=<${to}> proto=ESMTP helo=<${rng.alnum(8)}>`);
    commands = 'ehlo=1 mail=1 rcpt=0/1 quit=1 commands=3/4';
    w.stats.rejects++;
  } else {
    say(w, t, host, 'postfix/smtpd', pid, `lost connection after AUTH from ${peer}`);
  }
  w.em.at(t + rng.int(1e3, 50e3), (u) => { w.em.line(u, host.name, 'postfix/smtpd', pid, `disconnect from ${peer} ${commands}`); host.release(pid); });
}

/** One line from a daemon mtatrace does not trace (dovecot, opendkim, anvil statistics, smtpd warnings). */
export function noise(w, host, t0) {
  const rng = w.rng;
  const [tag, text] = rng.weighted(NOISE.map(([wt, g, x]) => [wt, [g, x]]));
  const ip = `192.0.2.${rng.int(2, 250)}`;
  const v = { user: localAddress(rng), ip, pid: rng.int(1000, 60000), sid: rng.alnum(16), qid: host.queueId(), rdns: `host-${ip.replace(/\./g, '-')}.isp.example`,
    clock: new Date(t0 / 1000).toUTCString().slice(0, 25) };
  w.em.line(t0, host.name, tag, tag === 'postfix/anvil' || tag === 'postfix/scache' ? 900 + host.index : rng.int(1000, 60000), fill(text, v));
}
