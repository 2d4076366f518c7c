/**
 * smtp-sink-server — a scriptable loopback SMTP server for replies Postfix's own `smtp-sink` cannot make.
 *
 * A profile (`gmail`, `microsoft`) gives the banner, the EHLO lines and, per recipient local-part prefix, what
 * happens: accept, reject at RCPT or at end of DATA with a (multi-line) reply, greylist (4xx on the first try,
 * accept later), always defer. Two connection-level profiles: `silent` (accepts TCP, never greets) and `drop`
 * (closes the connection after end-of-data without replying, the first time it sees a Message-ID).
 * Sample Postfix line it produces:
 *   `postfix/smtp[77]: 4jbgf62L4FzJ9QN: to=<full@gmail.test>, relay=127.0.0.1[127.0.0.1]:40123, …,
 *    dsn=5.2.2, status=bounced (host 127.0.0.1[127.0.0.1] said: 552-5.2.2 The recipient's inbox is out of …)`
 *
 * Limits: one behaviour per recipient; no PIPELINING advertised (Postfix then waits for each reply).
 */
import { createServer } from 'node:net';
import type { Server, Socket } from 'node:net';
import { LineReader, pathOf, readData, reply, messageIdOf } from './smtp-wire.js';

export type Profile = 'gmail' | 'microsoft' | 'silent' | 'drop';

type Fate =
  | { at: 'rcpt' | 'data'; reply: string[] }
  | { at: 'greylist'; reply: string[] }
  /** Deferred while the harness keeps the gate closed (`openGate()`). */
  | { at: 'gate'; reply: string[] };

interface ProfileSpec {
  banner: string;
  ehlo: string[];
  rcptOk: string;
  dataOk: string;
  /** Local-part prefix → fate; the first matching prefix wins; no match = accept. */
  fates: [string, Fate][];
}

const GMAIL: ProfileSpec = {
  banner: '220 mx.google.test ESMTP a1-20020a170906 - gsmtp',
  ehlo: ['250-mx.google.test at your service, [127.0.0.1]', '250-SIZE 157286400', '250-8BITMIME', '250-ENHANCEDSTATUSCODES', '250 SMTPUTF8'],
  rcptOk: '250 2.1.5 OK a1-20020a170906 - gsmtp',
  dataOk: '250 2.0.0 OK  1795801234 a1-20020a170906 - gsmtp',
  fates: [
    ['full', { at: 'rcpt', reply: [
      "552-5.2.2 The recipient's inbox is out of storage space and inactive. Please",
      '552-5.2.2 direct the recipient to',
      '552 5.2.2  https://support.google.test/mail/?p=OverQuotaPerm a1-20020a170906 - gsmtp'] }],
    ['policy', { at: 'data', reply: [
      '550-5.7.1 [127.0.0.1] Our system has detected that this message is',
      '550-5.7.1 likely unsolicited mail. To reduce the amount of spam sent to Gmail,',
      '550-5.7.1 this message has been blocked. For more information, go to',
      '550 5.7.1  https://support.google.test/mail/?p=UnsolicitedMessageError a1-20020a170906 - gsmtp'] }],
    ['grey', { at: 'greylist', reply: ['450 4.2.0 Recipient address rejected: Greylisted, see https://postgrey.test/help/gmail.test.html'] }],
    ['busy', { at: 'rcpt', reply: [
      '450-4.2.1 The user you are trying to contact is receiving mail too quickly.',
      '450 4.2.1 Please resend your message at a later time. a1-20020a170906 - gsmtp'] }],
    ['gated', { at: 'gate', reply: ['451 4.3.0 Mail server temporarily rejected message, try again later'] }],
    ['later', { at: 'rcpt', reply: ['451-4.3.0 Mail server temporarily rejected message.', '451 4.3.0  a1-20020a170906 - gsmtp'] }],
  ],
};

const MICROSOFT: ProfileSpec = {
  banner: '220 BN8NAM12FT053.mail.protection.outlook.test Microsoft ESMTP MAIL Service ready at Fri, 27 Nov 2026 17:00:00 +0000',
  ehlo: ['250-BN8NAM12FT053.mail.protection.outlook.test Hello [127.0.0.1]', '250-SIZE 49283072', '250-8BITMIME', '250-ENHANCEDSTATUSCODES', '250 SMTPUTF8'],
  rcptOk: '250 2.1.5 Recipient OK',
  dataOk: '250 2.6.0 <e2e@BN8NAM12FT053.outlook.test> [InternalId=1234567890, Hostname=BN8NAM12FT053] Queued mail for delivery',
  fates: [
    ['full', { at: 'rcpt', reply: ['552 5.2.2 mailbox full; STOREDRV.Deliver.Exception:QuotaExceededException.MapiExceptionShutoffQuotaExceeded'] }],
    ['policy', { at: 'rcpt', reply: ['550 5.7.606 Access denied, banned sending IP [127.0.0.1]. To request removal from this list please visit https://sender.office.test/ and follow the directions. AS(1430)'] }],
    ['unknown', { at: 'rcpt', reply: ['550 5.5.0 Requested action not taken: mailbox unavailable (S2017062302).'] }],
  ],
};

const SPECS: Record<'gmail' | 'microsoft', ProfileSpec> = { gmail: GMAIL, microsoft: MICROSOFT };

function fateOf(spec: ProfileSpec, rcpt: string): Fate | undefined {
  const local = rcpt.split('@')[0].toLowerCase();
  return spec.fates.find(([prefix]) => local.startsWith(prefix))?.[1];
}

export interface SinkServer {
  port: number;
  /** One line per transaction outcome, for debugging failed tests. */
  journal: string[];
  openGate(): void;
  close(): Promise<void>;
}

interface State {
  seen: Set<string>;
  journal: string[];
  gateOpen: boolean;
}

async function session(socket: Socket, profile: Profile, st: State): Promise<void> {
  const { seen, journal } = st;
  if (profile === 'silent') {
    socket.setTimeout(60_000, () => socket.destroy());
    return;
  }
  const spec = SPECS[profile === 'drop' ? 'gmail' : profile];
  const r = new LineReader(socket);
  reply(socket, spec.banner);
  let from = '';
  let rcpts: { to: string; fate?: Fate }[] = [];
  for (;;) {
    const line = await r.line();
    if (line === null) return;
    const verb = line.slice(0, 4).toUpperCase();
    if (verb === 'EHLO') reply(socket, spec.ehlo);
    else if (verb === 'HELO') reply(socket, spec.ehlo[0].replace('250-', '250 '));
    else if (verb === 'MAIL') { from = pathOf(line); rcpts = []; reply(socket, '250 2.1.0 OK'); }
    else if (verb === 'RCPT') {
      const to = pathOf(line);
      const fate = fateOf(spec, to);
      const key = `${from}>${to}`;
      if (fate?.at === 'rcpt') { reply(socket, fate.reply); journal.push(`rcpt-reject ${to}`); }
      else if (fate?.at === 'greylist' && !seen.has(key)) { seen.add(key); reply(socket, fate.reply); journal.push(`greylist ${to}`); }
      else if (fate?.at === 'gate' && !st.gateOpen) { reply(socket, fate.reply); journal.push(`gated ${to}`); }
      else { rcpts.push({ to, fate }); reply(socket, spec.rcptOk); }
    } else if (verb === 'DATA') {
      if (rcpts.length === 0) { reply(socket, '554 5.5.1 No valid recipients'); continue; }
      reply(socket, '354 Go ahead');
      const body = await readData(r);
      if (body === null) return;
      const mid = messageIdOf(body) ?? '';
      if (profile === 'drop' && !seen.has(mid)) { seen.add(mid); journal.push(`drop ${mid}`); socket.destroy(); return; }
      const dataFate = rcpts.find((x) => x.fate?.at === 'data')?.fate;
      if (dataFate) { reply(socket, dataFate.reply); journal.push(`data-reject ${mid}`); }
      else { reply(socket, spec.dataOk); journal.push(`accepted ${mid} ${rcpts.map((x) => x.to).join(',')}`); }
    } else if (verb === 'RSET') { rcpts = []; reply(socket, '250 2.0.0 OK'); }
    else if (verb === 'NOOP') reply(socket, '250 2.0.0 OK');
    else if (verb === 'QUIT') { reply(socket, '221 2.0.0 closing connection'); socket.end(); return; }
    else reply(socket, '502 5.5.1 Unrecognized command.');
  }
}

export function startSinkServer(profile: Profile, port: number, host = '127.0.0.1'): Promise<SinkServer> {
  const st: State = { seen: new Set(), journal: [], gateOpen: false };
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    session(socket, profile, st).catch(() => socket.destroy());
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      resolve({
        port,
        journal: st.journal,
        openGate: () => { st.gateOpen = true; },
        close: () => new Promise<void>((done) => {
          for (const s of sockets) s.destroy();
          server.close(() => done());
        }),
      });
    });
  });
}
