/**
 * content-filter — a tiny after-queue SMTP proxy filter, like amavis: Postfix's `content_filter` hands it each
 * message, it re-injects through a second smtpd and answers Postfix with that smtpd's reply, so one message gets
 * two queue IDs:
 *   `postfix/smtp[9]: 4jbgf…QN: to=<a@ok.test>, relay=127.0.0.1[127.0.0.1]:40125, …, status=sent (250 2.0.0 Ok: queued as 4jbgh…Xz)`
 *   `postfix/reinject/smtpd[10]: 4jbgh…Xz: client=localhost[127.0.0.1], orig_queue_id=4jbgf…QN, orig_client=…`
 * XFORWARD attributes Postfix sends are passed on (so the second smtpd logs `orig_queue_id=`), except for
 * messages with a recipient whose local part starts with `noxf`, which are re-injected without them.
 *
 * Limits: one message per connection at a time, no body changes, no PIPELINING.
 */
import { createServer } from 'node:net';
import type { Socket } from 'node:net';
import { LineReader, pathOf, readData, reply } from './smtp-wire.js';
import { submit } from './smtp-client.js';

export interface FilterServer {
  port: number;
  journal: string[];
  close(): Promise<void>;
}

async function session(socket: Socket, reinjectPort: number, journal: string[]): Promise<void> {
  const r = new LineReader(socket);
  reply(socket, '220 filter.e2e.test ESMTP e2e content filter');
  let xforward: string[] = [];
  let from = '';
  let to: string[] = [];
  for (;;) {
    const line = await r.line();
    if (line === null) return;
    const verb = line.split(' ')[0].toUpperCase();
    if (verb === 'EHLO') reply(socket, ['250-filter.e2e.test', '250-XFORWARD NAME ADDR PROTO HELO SOURCE PORT IDENT', '250-ENHANCEDSTATUSCODES', '250 8BITMIME']);
    else if (verb === 'XFORWARD') { xforward.push(line.slice(9)); reply(socket, '250 2.0.0 Ok'); }
    else if (verb === 'MAIL') { from = pathOf(line); to = []; reply(socket, '250 2.1.0 Ok'); }
    else if (verb === 'RCPT') { to.push(pathOf(line)); reply(socket, '250 2.1.5 Ok'); }
    else if (verb === 'DATA') {
      reply(socket, '354 End data with <CR><LF>.<CR><LF>');
      const data = await readData(r);
      if (data === null) return;
      const plain = to.some((t) => t.toLowerCase().startsWith('noxf'));
      const res = await submit({
        port: reinjectPort, helo: 'filter.e2e.test', from, to, data: ['X-E2E-Filtered: yes', ...data],
        xforward: plain ? undefined : xforward,
      }).catch((e: Error) => ({ final: { code: 451, lines: [`451 4.3.0 filter: ${e.message}`] }, transcript: [] }));
      const final = res.final ?? { code: 451, lines: ['451 4.3.0 filter: re-injection refused every recipient'] };
      journal.push(`${plain ? 'plain' : 'xforward'} ${final.lines.join(' ')}`);
      reply(socket, final.lines);
      xforward = [];
    } else if (verb === 'RSET') { xforward = []; to = []; reply(socket, '250 2.0.0 Ok'); }
    else if (verb === 'QUIT') { reply(socket, '221 2.0.0 Bye'); socket.end(); return; }
    else reply(socket, '250 2.0.0 Ok');
  }
}

export function startContentFilter(port: number, reinjectPort: number): Promise<FilterServer> {
  const journal: string[] = [];
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    session(socket, reinjectPort, journal).catch(() => socket.destroy());
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve({
      port,
      journal,
      close: () => new Promise<void>((done) => {
        for (const s of sockets) s.destroy();
        server.close(() => done());
      }),
    }));
  });
}
