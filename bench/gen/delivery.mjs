/**
 * delivery — what happens to a message once it is queued: queue-manager rounds, one delivery line per
 * recipient per attempt, retries with Postfix-like backoff, bounces with NDRs, expiry, and `removed`.
 *
 *   `mx1 postfix/qmgr[1190]: 4B7C21A0F3: from=<alice@example.org>, size=5123, nrcpt=2 (queue active)`
 *   `mx1 postfix/smtp[2231]: 4B7C21A0F3: to=<bob@gmail.com>, relay=gmail-smtp-in.l.google.com[142.250.27.26]:25,
 *        delay=0.9, delays=0.31/0.01/0.27/0.31, dsn=2.0.0, status=sent (250 2.0.0 OK  1795… - gsmtp)`
 *   `mx1 postfix/qmgr[1190]: 4B7C21A0F3: from=<alice@example.org>, status=expired, returned to sender`
 *   `mx1 postfix/bounce[1302]: 4B7C21A0F3: sender non-delivery notification: 5D8E9F0A1B`
 *
 * A recipient's `plan` lists its outcome per attempt (`sent`, `defer`, `bounce`, or `forever` = defer until
 * the message expires); the last entry repeats. Limits: no per-destination concurrency or connection caching.
 */

import { fmtDelay } from './emitter.mjs';

const fill = (tpl, v) => tpl.replace(/\{(\w+)\}/g, (m, k) => (v[k] !== undefined ? String(v[k]) : m));
const SEC = 1e6;

/** Schedules one log line at `us`. */
export function say(w, us, host, tag, pid, text) {
  w.em.at(us, (t) => w.em.line(t, host.name, tag, pid, text));
}

/** Schedules the first queue-manager round of `msg` at `us` (just after cleanup finished). */
export function enqueue(w, msg, us) {
  msg.queuedUs = us;
  activate(w, msg, us);
}

function activate(w, msg, us) {
  const { host, qid } = msg;
  const rng = w.rng;
  say(w, us, host, 'postfix/qmgr', host.qmgr, `${qid}: from=<${msg.from}>, size=${msg.size}, nrcpt=${msg.rcpts.length} (queue active)`);
  let t = us + rng.int(2000, 40000);
  if (us - msg.arrivalUs > w.lifetimeUs && msg.attempts > 0) {
    say(w, t, host, 'postfix/qmgr', host.qmgr, `${qid}: from=<${msg.from}>, status=expired, returned to sender`);
    w.stats.expired++;
    finish(w, msg, t + 1000, true);
    return;
  }
  if (msg.inflight) {
    for (const r of msg.rcpts) t = attempt(w, msg, r, t, { kind: 'defer', row: msg.inflight });
    return;
  }
  let bounced = false;
  let pending = 0;
  for (const r of msg.rcpts) {
    if (r.done) continue;
    const step = r.plan[Math.min(msg.attempts, r.plan.length - 1)];
    t = attempt(w, msg, r, t, step);
    if (step.kind === 'sent' || step.kind === 'bounce') r.done = true; else pending++;
    if (step.kind === 'bounce') bounced = true;
  }
  msg.attempts++;
  if (bounced) ndr(w, msg, t + rng.int(1000, 20000));
  if (pending > 0) {
    const backoff = Math.min(4000, 300 * 2 ** (msg.attempts - 1)) + rng.int(0, 300);
    w.em.at(t + backoff * SEC, (u) => activate(w, msg, u));
  } else {
    finish(w, msg, t + rng.int(30000, 60000), false);
  }
}

/** Writes one delivery line for recipient `r`; returns the time after it. */
function attempt(w, msg, r, us, step) {
  const rng = w.rng;
  const route = r.route;
  const sameTransaction = msg.next && msg.hopStarted;
  const conn = sameTransaction ? 0.001 : step.kind === 'sent' ? rng.logNormal(0.25, 0.6) : rng.logNormal(0.6, 1);
  let xfer = sameTransaction ? 0.001 : step.kind === 'sent' ? rng.logNormal(0.2, 0.8) * (1 + msg.size / 2e6) : 0.05;
  if (msg.next && !msg.hopStarted) xfer = rng.logNormal(0.8, 0.5);
  const end = us + (conn + xfer) * SEC;
  if (msg.next && !msg.hopStarted) { msg.hopStarted = true; w.reinject(msg, us + conn * SEC, end); }
  const inQueue = (msg.attempts === 0 ? msg.queuedUs : us) - msg.arrivalUs;
  const delays = [inQueue / SEC, rng.int(0, 30) / 1000, conn, xfer].map(fmtDelay).join('/');
  const vars = { to: r.to, mx: route.mx, ip: route.ip, domain: route.domain, id: rng.alnum(16), size: msg.size, msgid: msg.msgid, fromdomain: msg.fromDomain };
  let relay = route.relay;
  let dsn = '2.0.0';
  let status = 'sent';
  let reply;
  if (step.kind === 'sent') {
    reply = msg.next ? `250 2.0.0 Ok: queued as ${msg.next.qid}` : fill(route.ok, vars);
  } else {
    const row = step.row;
    dsn = row[1];
    reply = fill(row[2], vars);
    if (row[3] === 'none') {
      relay = 'none';
      if (reply.startsWith('connect to')) say(w, us + conn * SEC * 0.9, msg.host, 'postfix/' + route.program, r.pid, reply);
    }
    status = step.kind === 'bounce' ? 'bounced' : 'deferred';
  }
  const origTo = r.origTo ? ` orig_to=<${r.origTo}>,` : '';
  say(w, end, msg.host, 'postfix/' + route.program, r.pid,
    `${msg.qid}: to=<${r.to}>,${origTo} relay=${relay}, delay=${fmtDelay((end - msg.arrivalUs) / SEC)}, delays=${delays}, dsn=${dsn}, status=${status} (${reply})`);
  return end + rng.int(100, 5000);
}

/** `bounce: QID: sender non-delivery notification: NDRID`, then the NDR's own life (always delivered). */
function ndr(w, msg, us) {
  if (msg.from === '') return;
  const host = msg.host;
  const qid = host.queueId();
  w.stats.queueIds++;
  w.stats.ndrs++;
  const msgid = `<${new Date(us / 1000).toISOString().replace(/\D/g, '').slice(0, 14)}.${qid}@${host.fqdn}>`;
  say(w, us, host, 'postfix/cleanup', host.pid('cleanup'), `${qid}: message-id=${msgid}`);
  say(w, us + 2000, host, 'postfix/bounce', host.pid('bounce'), `${msg.qid}: sender non-delivery notification: ${qid}`);
  const notice = {
    host, qid, from: '', fromDomain: host.fqdn, msgid, size: 2400 + Math.min(msg.size, 60000), arrivalUs: us, attempts: 0,
    rcpts: [{ to: msg.from, route: w.routeFor(host, msg.from), pid: 0, plan: [{ kind: 'sent' }] }],
  };
  notice.rcpts[0].pid = host.pid(notice.rcpts[0].route.program);
  enqueue(w, notice, us + 4000);
}

/** Ends a message: expiry NDR if asked, then `removed`. */
function finish(w, msg, us, expired) {
  if (expired) ndr(w, msg, us);
  say(w, us + 8000, msg.host, 'postfix/qmgr', msg.host.qmgr, `${msg.qid}: removed`);
  w.stats.removed++;
}
